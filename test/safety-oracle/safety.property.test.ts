/**
 * Safety before savings, judged by an oracle that does not share the service's rules:
 *
 *   for every generated patient and every regimen of the default pack (by id or by components,
 *   sometimes with a deliberate error), no offered option (alternatives, therapyChanges,
 *   preferredOptions) breaks a label constraint or leaves one undecided, and no proposal that
 *   breaks one lacks the finding it needs (critical for contraindications).
 *
 * Then the same property is shown to FAIL on deliberately unsafe packs (mutation tests), so a
 * pass means something.
 *
 * ORACLE_RUNS (default 200) and ORACLE_SEED (default 20261123) tune the main property.
 */
import fs from 'node:fs';
import http from 'node:http';
import fc from 'fast-check';
import { loadConfig } from '../../src/config/config';
import { loadSnapshot } from '../../src/runtime/runtime-holder';
import { createTestApp } from '../support/test-app';
import { AS_OF, caseArb, diagnosisFor, proposalFor, type GeneratedCase } from './arbitraries';
import { assessAndJudge } from './judge';
import { packWithoutJakAgeLimit, packWithoutMetforminRenalLimit } from './mutant-packs';
import { readRegimenLibrary, type LibraryRegimen } from './protocol';

const RUNS = Number(process.env.ORACLE_RUNS ?? 200);
const SEED = Number(process.env.ORACLE_SEED ?? 20261123);

const library = readRegimenLibrary();

interface Service {
  server: http.Server;
  auth: Record<string, string>;
  dispose: () => Promise<void>;
}

async function serve(packPath?: string): Promise<Service> {
  const snapshot = packPath
    ? await loadSnapshot({ packPath, modelPath: loadConfig({}).modelPath, modelIntraOpThreads: 1 }, 1)
    : undefined;
  const t = await createTestApp({ LOG_LEVEL: 'fatal' }, snapshot);
  const server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Only a mutant pack's own snapshot is disposed; the default one is shared by the test file.
  return { server, auth: t.auth, dispose: async () => void (await snapshot?.model?.dispose()) };
}

async function close(s: Service | undefined): Promise<void> {
  if (!s) return;
  await new Promise<void>((resolve) => s.server.close(() => resolve()));
  await s.dispose();
}

/** The property: the judge finds nothing wrong with the answer to this case. */
function safetyProperty(service: () => Service, cases: fc.Arbitrary<GeneratedCase>) {
  return fc.asyncProperty(cases, async (c) => {
    const { problems } = await assessAndJudge(service().server, service().auth, c.body, library);
    if (problems.length > 0) throw new Error(`${c.regimenId} (${c.error}):\n  ${problems.join('\n  ')}`);
  });
}

/** Runs the property expecting a counterexample; returns its error text. */
async function counterexampleOf(service: Service, cases: fc.Arbitrary<GeneratedCase>, runs: number): Promise<string> {
  const result = await fc.check(
    safetyProperty(() => service, cases),
    { numRuns: runs, seed: SEED, endOnFailure: true },
  );
  expect(result.failed).toBe(true);
  return result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
}

describe('safety property over every regimen of the default pack', () => {
  let service: Service;
  beforeAll(async () => {
    service = await serve();
  });
  afterAll(() => close(service));

  it('covers every regimen of the library', () => {
    const seen = new Set(fc.sample(caseArb(library), { numRuns: 2000, seed: SEED }).map((c) => c.regimenId));
    expect([...seen].sort()).toEqual(library.map((r) => r.id).sort());
  });

  it('no offered option breaks a label constraint or leaves one unknown, and no unsafe proposal goes without its finding', async () => {
    await fc.assert(
      safetyProperty(() => service, caseArb(library)),
      { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: 50_000 },
    );
  }, 120_000);
});

// ---- mutation tests -------------------------------------------------------------------------------

const metforminRegimens = (r: LibraryRegimen) => r.components.some((c) => c.drug === 'A10BA02');

/** Men with severe renal impairment on a metformin regimen, eGFR sent (a sent value wins). */
const metforminInRenalFailure: fc.Arbitrary<GeneratedCase> = fc
  .record({
    regimen: fc.constantFrom(...library.filter(metforminRegimens)),
    age: fc.integer({ min: 40, max: 90 }),
    egfr: fc.integer({ min: 5, max: 29 }),
    creatinine: fc.double({ min: 2.5, max: 8, noNaN: true }),
    weight: fc.integer({ min: 50, max: 110 }),
    form: fc.constantFrom('regimenId' as const, 'components' as const),
  })
  .map(({ regimen, age, egfr, creatinine, weight, form }) => ({
    regimenId: regimen.id,
    error: 'none' as const,
    body: {
      caseRef: 'oracle-mutant-metformin',
      patient: {
        age,
        sex: 'male',
        weight: { value: weight, unit: 'kg', date: '2026-11-20' },
        height: { value: 172, unit: 'cm', date: '2026-11-20' },
        serumCreatinine: { value: Math.round(creatinine * 100) / 100, unit: 'mg/dL', date: '2026-11-20' },
        egfr: { value: egfr, unit: 'mL/min/1.73m2', date: '2026-11-20' },
        alt: { value: 25, upperLimitOfNormal: 40, date: '2026-11-20' },
        diagnoses: [{ code: diagnosisFor(regimen), system: 'icd-10', principal: true }],
        ...(regimen.linesOfTherapy?.[0] !== undefined ? { lineOfTherapy: regimen.linesOfTherapy[0] } : {}),
      },
      proposal: proposalFor(regimen, form, 'none', 0),
      context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'outpatient' },
    },
  }));

/**
 * Men aged 65–90 on adalimumab + methotrexate or tofacitinib + methotrexate (weekly), everything
 * else recorded and normal: a cheaper tofacitinib (a switch, or a generic of the one ordered) is
 * what an unsafe pack would offer.
 */
const elderlyOnTnfOrJak: fc.Arbitrary<GeneratedCase> = fc
  .record({
    regimenId: fc.constantFrom('ra-adalimumab-mtx', 'ra-tofacitinib-mtx'),
    age: fc.integer({ min: 65, max: 90 }),
    weight: fc.integer({ min: 55, max: 100 }),
    creatinine: fc.double({ min: 0.6, max: 1.1, noNaN: true }),
    week: fc.integer({ min: 24, max: 200 }),
  })
  .map(({ regimenId, age, weight, creatinine, week }) => {
    const regimen = library.find((r) => r.id === regimenId)!;
    return {
      regimenId: regimen.id,
      error: 'none' as const,
      body: {
        caseRef: 'oracle-mutant-jak',
        patient: {
          age,
          sex: 'male',
          weight: { value: weight, unit: 'kg', date: '2026-11-20' },
          height: { value: 172, unit: 'cm', date: '2026-11-20' },
          serumCreatinine: { value: Math.round(creatinine * 100) / 100, unit: 'mg/dL', date: '2026-11-20' },
          alt: { value: 25, upperLimitOfNormal: 40, date: '2026-11-20' },
          diagnoses: [{ code: 'M05.9', system: 'icd-10', principal: true }],
          lineOfTherapy: 2,
          treatmentWeek: week,
          scores: { das28: { current: 2.4, baseline: 5.6, date: '2026-11-20' } },
        },
        proposal: proposalFor(regimen, 'components', 'none', 0),
        context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'outpatient' },
      },
    };
  });

describe('mutation tests: the property fails on a deliberately unsafe pack', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe.each([
    {
      pack: 'a pack without the metformin renal contraindication',
      mutate: packWithoutMetforminRenalLimit,
      cases: metforminInRenalFailure,
      caught: 'is caught: metformin offered or left without a critical finding at eGFR < 30',
      counterexample: /metformin-egfr-below-30 \[violated\] A10BA02/,
    },
    {
      pack: 'a pack without the JAK inhibitor age limit',
      mutate: packWithoutJakAgeLimit,
      cases: elderlyOnTnfOrJak,
      caught: 'is caught: a JAK inhibitor offered to, or ordered without a finding for, a patient aged 65 or over',
      counterexample: /jak-inhibitor-age-65 \[violated\] L04AF01/,
    },
  ])('$pack', ({ mutate, cases, caught, counterexample }) => {
    let mutant: Service;
    let control: Service;
    beforeAll(async () => {
      const dir = mutate();
      dirs.push(dir);
      [mutant, control] = await Promise.all([serve(dir), serve()]);
    });
    afterAll(async () => {
      await close(mutant);
      await close(control);
    });

    it(
      caught,
      async () => {
        expect(await counterexampleOf(mutant, cases, 50)).toMatch(counterexample);
      },
      60_000,
    );

    it('control: the same cases pass against the default pack, so the failure above is the mutation', async () => {
      await fc.assert(
        safetyProperty(() => control, cases),
        { numRuns: 50, seed: SEED },
      );
    }, 60_000);
  });
});
