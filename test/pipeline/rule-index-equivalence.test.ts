/**
 * The compiled pack's rule indexes change how much work an assessment does, never its answer:
 *
 *   over the clinical corpus and generated cases (every library regimen, random patients, allergies,
 *   deliberate dose errors), the answer with the indexes — the proposal evaluates only the rules
 *   keyed by its drugs, classes, regimen and condition; a candidate only the safety rules that may
 *   apply to it, reusing the proposal's outcome where no fact the rule reads has changed — equals,
 *   to the byte, the answer of evaluating every rule for the proposal and every safety rule for
 *   every candidate (same findings, same safety verdicts, same options and excluded candidates).
 *
 * Then the same comparison is shown to FAIL with deliberately broken indexes (mutation tests), so
 * a pass means something.
 */
import fc from 'fast-check';
import request from 'supertest';
import type { RuntimeSnapshot } from '../../src/http/app-context';
import type { CompiledPack } from '../../src/knowledge/compile/compiled-pack';
import type { RuleIndex } from '../../src/knowledge/compile/rule-index';
import type { KnowledgePack } from '../../src/knowledge/types';
import { CLINICAL_CASES } from '../clinical/cases';
import { caseArb } from '../safety-oracle/arbitraries';
import { readRegimenLibrary } from '../safety-oracle/protocol';
import { createTestApp, defaultSnapshot, type TestApp } from '../support/test-app';

type Body = { batch: boolean; body: unknown };

/** The pack with its compiled index replaced (the DRG scheme and index stay non-enumerable). */
function withIndex(pack: KnowledgePack, change: (index: CompiledPack) => CompiledPack): KnowledgePack {
  const copy = Object.defineProperty({ ...pack }, 'drgScheme', { value: pack.drgScheme, enumerable: false });
  return Object.freeze(Object.defineProperty(copy, 'index', { value: change(pack.index), enumerable: false }));
}

/** An index under which every rule is evaluated and no outcome is reused: the full evaluation. */
function everyRule(index: RuleIndex): RuleIndex {
  return { rules: index.rules, always: index.rules.map((_, i) => i), buckets: new Map(), reads: new Map() };
}

const fullEvaluation = (index: CompiledPack): CompiledPack => ({
  ...index,
  rules: everyRule(index.rules),
  safetyRules: everyRule(index.safetyRules),
});

/** The index without the bucket of one (fact, value) key. */
function withoutBucket(which: 'rules' | 'safetyRules', fact: string, value: string) {
  return (index: CompiledPack): CompiledPack => {
    const buckets = new Map(index[which].buckets);
    const byValue = new Map(buckets.get(fact));
    expect(byValue.delete(value)).toBe(true); // the mutant removes something that exists
    buckets.set(fact, byValue);
    return { ...index, [which]: { ...index[which], buckets } };
  };
}

/** The safety index without the rules evaluated for every case (the allergy rule among them). */
const withoutAlwaysSafetyRules = (index: CompiledPack): CompiledPack => {
  expect(index.safetyRules.always.length).toBeGreaterThan(0);
  return { ...index, safetyRules: { ...index.safetyRules, always: [] } };
};

/** A candidate reuses the proposal's outcome of every rule, whatever facts changed. */
const reuseRegardlessOfFacts = (index: CompiledPack): CompiledPack => ({
  ...index,
  safetyRules: {
    ...index.safetyRules,
    reads: new Map(index.safetyRules.rules.map((r) => [r, [] as readonly string[]])),
  },
});

const corpus: Body[] = CLINICAL_CASES.map((c) =>
  c.batch ? { batch: true, body: { cases: c.batch } } : { batch: false, body: c.request },
);
const generated: Body[] = fc
  .sample(caseArb(readRegimenLibrary()), { numRuns: 150, seed: 20261201 })
  .map((c) => ({ batch: false, body: c.body }));

/** Answers without the per-request id (the only part that differs between two identical requests). */
function comparable(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body), (key, value: unknown) => (key === 'requestId' ? undefined : value));
}

async function answer(t: TestApp, b: Body): Promise<unknown> {
  const res = await request(t.app)
    .post(b.batch ? '/v1/assessments/batch?explain=true' : '/v1/assessments?explain=true')
    .set(t.auth)
    .send(b.body as object);
  return comparable({ status: res.status, body: res.body as unknown });
}

/** How many bodies are answered differently by the two apps (counting stops at `enough`). */
async function differences(a: TestApp, b: TestApp, bodies: readonly Body[], enough = Infinity): Promise<number> {
  let count = 0;
  for (const body of bodies) {
    const [x, y] = [await answer(a, body), await answer(b, body)];
    if (JSON.stringify(x) !== JSON.stringify(y) && ++count >= enough) break;
  }
  return count;
}

const SLOW = 180_000; // hundreds of assessments, twice each

let snapshot: RuntimeSnapshot;
let indexed: TestApp;
let reference: TestApp;
const appWith = (change: (index: CompiledPack) => CompiledPack) =>
  createTestApp({ LOG_LEVEL: 'fatal' }, { ...snapshot, pack: withIndex(snapshot.pack, change) });

beforeAll(async () => {
  snapshot = await defaultSnapshot();
  indexed = await createTestApp({ LOG_LEVEL: 'fatal' }, snapshot);
  reference = await appWith(fullEvaluation);
});

describe('indexed rule evaluation gives the answers of evaluating every rule', () => {
  it('keys most rules: only the few unkeyable ones are evaluated for every case', () => {
    const { rules, safetyRules } = snapshot.pack.index;
    expect(rules.always.length).toBeLessThan(rules.rules.length / 4);
    expect(safetyRules.always.length).toBeLessThan(safetyRules.rules.length / 4);
  });

  it(
    `over the clinical corpus (${corpus.length} cases)`,
    async () => {
      expect(await differences(indexed, reference, corpus)).toBe(0);
    },
    SLOW,
  );

  it(
    `over ${generated.length} generated cases (every library regimen, random patients, allergies, dose errors)`,
    async () => {
      expect(await differences(indexed, reference, generated)).toBe(0);
    },
    SLOW,
  );
});

describe('the comparison catches a broken index (mutation tests)', () => {
  const all = [...corpus, ...generated];
  it.each([
    ['a missing class bucket (EGFR TKIs)', withoutBucket('rules', 'regimen.classes', 'egfr-tki')],
    [
      'a missing drug bucket in the safety index (pemetrexed)',
      withoutBucket('safetyRules', 'regimen.drugs', 'L01BA04'),
    ],
    ['no always-evaluated safety rules (allergy)', withoutAlwaysSafetyRules],
    ['reuse of proposal outcomes without comparing facts', reuseRegardlessOfFacts],
  ])(
    '%s',
    async (_name, mutate) => {
      const mutant = await appWith(mutate);
      expect(await differences(mutant, reference, all, 1)).toBe(1);
    },
    SLOW,
  );
});
