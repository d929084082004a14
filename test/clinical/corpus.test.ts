/**
 * The clinical case corpus through HTTP: every case is a patient and an order written from a label or
 * guideline, sent to the running app as a caller would, and judged on what the answer offers and flags.
 */
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { CLINICAL_CASES } from './cases';
import type { ClinicalCase, Condition } from './clinical-case';
import { caseProblems, describeAnswer, type HttpResult } from './check-case';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function send(c: ClinicalCase): Promise<HttpResult> {
  const res = c.batch
    ? await request(t.app).post('/v1/assessments/batch?view=full').set(t.auth).send({ cases: c.batch })
    : await request(t.app)
        .post(`/v1/assessments${c.explain ? '?explain=true' : '?view=full'}`)
        .set(t.auth)
        .send(c.request);
  return { status: res.status, body: res.body as unknown };
}

function failureReport(c: ClinicalCase, r: HttpResult, problems: string[]): string {
  const source = `${c.source.document} — ${c.source.section} (${c.source.year}${c.source.verified ? '' : ', text not retrieved'}${c.source.illustrative ? ', illustrative' : ''})`;
  return [
    `${c.id}: ${c.title}`,
    `source: ${source}`,
    ...problems.map((p) => `  ✗ ${p}`),
    `answer: ${describeAnswer(r)}`,
  ].join('\n');
}

describe('the corpus itself', () => {
  const conditions: Condition[] = [
    'nsclc',
    'breast-cancer',
    'colorectal-cancer',
    'aml',
    'lymphoma',
    'rheumatoid-arthritis',
    'type-2-diabetes',
    'hypertension',
    'coronary-intervention',
  ];

  it('has at least 60 cases with unique ids, covering all nine conditions, each citing a dated source', () => {
    expect(CLINICAL_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CLINICAL_CASES.map((c) => c.id)).size).toBe(CLINICAL_CASES.length);
    expect(new Set(CLINICAL_CASES.map((c) => c.condition))).toEqual(new Set(conditions));
    for (const c of CLINICAL_CASES) {
      expect([c.id, c.source.document.length > 0, c.source.section.length > 0, c.source.year > 1900]).toEqual([
        c.id,
        true,
        true,
        true,
      ]);
      expect([c.id, (c.request === undefined) !== (c.batch === undefined)]).toEqual([c.id, true]);
    }
  });

  it('has positive controls in every condition, so it cannot pass by offering nothing', () => {
    for (const condition of conditions) {
      const controls = CLINICAL_CASES.filter(
        (c) =>
          c.condition === condition &&
          ((c.expect.alternativesInclude?.length ?? 0) > 0 || c.expect.noCriticalFinding === true),
      );
      expect([condition, controls.length > 0]).toEqual([condition, true]);
    }
  });
});

describe.each([
  'nsclc',
  'breast-cancer',
  'colorectal-cancer',
  'aml',
  'lymphoma',
  'rheumatoid-arthritis',
  'type-2-diabetes',
  'hypertension',
  'coronary-intervention',
] as const)('clinical corpus: %s', (condition) => {
  const cases = CLINICAL_CASES.filter((c) => c.condition === condition);
  it.each(cases.map((c) => [`${c.id} ${c.title}`, c] as const))('%s', async (_name, c) => {
    const r = await send(c);
    const problems = caseProblems(c, r);
    if (problems.length > 0) throw new Error(failureReport(c, r, problems));
  });
});
