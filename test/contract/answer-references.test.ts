/**
 * An answer cites each source once, in its `citations` table, and refers to it by id everywhere
 * else (regimen, deviations, findings, DRG, approval, out-of-pocket and its caps, every option).
 * Every id an answer refers to must resolve in the table — a physician's card, the MDT page and a
 * pharmacist all look the citation up there — and the table holds nothing the answer does not cite.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createOpenApiValidators } from '../../src/adapters/rest/openapi-validation';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  ADALIMUMAB,
  type Assessment,
  EGFR_EXON19,
  METHOTREXATE,
  TOFACITINIB,
  nsclcChemoTargeted,
  raCase,
} from '../support/cases';

interface Reference {
  pointer: string;
  id: string;
}

/** Every `source` in the answer that names a citation by id, with where it is. */
function sourceReferences(value: unknown, pointer = ''): Reference[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => sourceReferences(v, `${pointer}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    if (pointer === '' && key === 'citations') return [];
    const here = `${pointer}/${key}`;
    if (key === 'source' && typeof v === 'string') return [{ pointer: here, id: v }];
    return sourceReferences(v, here);
  });
}

/** References that do not resolve, and table entries nothing refers to. */
function referenceProblems(a: Assessment): { dangling: Reference[]; unused: string[] } {
  const refs = sourceReferences(a);
  const table = a.citations ?? {};
  const referenced = new Set(refs.map((r) => r.id));
  return {
    dangling: refs.filter((r) => !Object.hasOwn(table, r.id)),
    unused: Object.keys(table).filter((id) => !referenced.has(id)),
  };
}

let t: TestApp;
const validators = createOpenApiValidators();
const readme = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'examples', 'nsclc-assessment.json'), 'utf8'),
) as object;

beforeAll(async () => {
  t = await createTestApp();
});

async function answer(body: object, query = ''): Promise<Assessment> {
  const res = await request(t.app).post(`/v1/assessments${query}`).set(t.auth).send(body);
  expect(res.status).toBe(200);
  expect(validators.validate('Assessment', res.body)).toEqual([]);
  return res.body as Assessment;
}

const CASES: [string, object][] = [
  ['the README example (NSCLC, old ATC code, originator products)', readme],
  ['NSCLC with an EGFR result', nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never })],
  [
    'RA on a biologic + JAK inhibitor (critical finding, step-down)',
    raCase({ treatmentWeek: 12 }, [ADALIMUMAB, TOFACITINIB]),
  ],
  ['RA biosimilar switch', raCase({ treatmentWeek: 20 }, [ADALIMUMAB, METHOTREXATE])],
];

describe('citations appear once and every reference resolves', () => {
  it.each(CASES)('%s: lean, full and explained answers', async (_name, body) => {
    for (const query of ['', '?view=full', '?explain=true']) {
      const a = await answer(body, query);
      expect(sourceReferences(a).length).toBeGreaterThan(0);
      expect({ query, ...referenceProblems(a) }).toEqual({ query, dangling: [], unused: [] });
    }
  });

  it('every answer of a batch carries its own resolving table', async () => {
    const cases = CASES.map(([, body]) => body);
    const res = await request(t.app).post('/v1/assessments/batch').set(t.auth).send({ cases });
    expect(res.status).toBe(200);
    const answers = (res.body.results as { assessment?: Assessment }[]).flatMap((r) =>
      r.assessment ? [r.assessment] : [],
    );
    expect(answers).toHaveLength(cases.length);
    for (const a of answers) expect(referenceProblems(a)).toEqual({ dangling: [], unused: [] });
  });

  it('catches a broken answer: a finding whose source is not in the table, and a table entry nothing cites', async () => {
    const a = await answer(raCase({ treatmentWeek: 12 }, [ADALIMUMAB, TOFACITINIB]));
    const broken: Assessment = structuredClone(a);
    const finding = broken.findings[0];
    if (!finding) throw new Error('the RA case has findings');
    const cited = finding.source;
    finding.source = 'no-such-source';
    broken.citations['never-cited'] = { kind: 'guideline', citation: 'Nobody cites this' };
    const problems = referenceProblems(broken);
    expect(problems.dangling).toEqual([{ pointer: '/findings/0/source', id: 'no-such-source' }]);
    expect(problems.unused).toContain('never-cited');
    // The id the finding cited is still in the table only if something else cites it.
    const stillCited = sourceReferences(broken).some((r) => r.id === cited);
    expect(problems.unused.includes(cited)).toBe(!stillCited);
  });

  it('cites each source once however many options share it', async () => {
    const a = await answer(readme, '?explain=true');
    const refs = sourceReferences(a);
    const text = JSON.stringify(a);
    for (const [id, c] of Object.entries(a.citations)) {
      expect([id, text.split(JSON.stringify(c.citation)).length - 1]).toEqual([id, 1]);
    }
    expect(refs.length).toBeGreaterThan(Object.keys(a.citations).length);
  });
});

describe('lean answers: options carry their totals; the breakdown only when asked', () => {
  it('by default an option has its totals, what it changes and a count of safety rules passed, without its breakdown', async () => {
    const a = await answer(readme);
    expect(a.alternatives.length).toBeGreaterThan(0);
    for (const o of a.alternatives) {
      expect(o.expectedCost.perCourse).toBeGreaterThan(0);
      expect(o.expectedCost.components).toBeUndefined();
      expect(o.expectedCost.breakdownPerCourse).toBeUndefined();
      expect(o.rulesPassed).toBeUndefined();
      expect(o.safetyRulesPassed).toBeGreaterThan(0);
      expect(o.changes.length).toBeGreaterThan(0);
      expect(o.outOfPocket).toEqual({
        available: true,
        patientPays: expect.any(Number),
        patientShare: expect.any(Number),
      });
    }
    expect(a.provenance.rulesEvaluated).toEqual({ count: expect.any(Number), packDigest: a.provenance.pack.digest });
    expect(a.excludedCandidates).toBeUndefined();
  });

  it("view=full adds each option's breakdown and rule ids, with the same totals; explain=true also lists rules and exclusions", async () => {
    const lean = await answer(readme);
    const full = await answer(readme, '?view=full');
    const explained = await answer(readme, '?explain=true');
    expect(full.alternatives.map((o) => [o.id, o.expectedCost.perCourse, o.savings.absolute])).toEqual(
      lean.alternatives.map((o) => [o.id, o.expectedCost.perCourse, o.savings.absolute]),
    );
    for (const o of full.alternatives) {
      expect(o.expectedCost.components?.length).toBeGreaterThan(0);
      expect(o.expectedCost.breakdownPerCourse).toBeDefined();
      expect(o.rulesPassed).toHaveLength(o.safetyRulesPassed);
      expect(o.outOfPocket?.layers).toBeDefined();
    }
    expect(full.excludedCandidates).toBeUndefined();
    expect(full.provenance.rulesEvaluated.ids).toBeUndefined();
    expect(explained.excludedCandidates).toBeDefined();
    expect(explained.provenance.rulesEvaluated.ids).toHaveLength(explained.provenance.rulesEvaluated.count);
    expect(explained.alternatives[0]?.expectedCost.components).toBeDefined();
  });

  it('refuses an unknown view with a problem naming the parameter', async () => {
    const res = await request(t.app).post('/v1/assessments?view=everything').set(t.auth).send(readme);
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors).toEqual([{ pointer: '?view', message: 'must be lean or full' }]);
  });
});
