/**
 * One parser for an AssessmentRequest (a single assessment's body or one case of a batch), and one
 * "assess one case" for every adapter: a batch of one through the pipeline's entry point.
 */
import { assessOne } from '../../src/adapters/assess-one';
import { createOpenApiValidators } from '../../src/adapters/rest/openapi-validation';
import { parseAssessmentRequest } from '../../src/adapters/rest/parse-assessment-request';
import type { HttpProblem } from '../../src/http/problem';
import { assessEachCase, type AssessOptions } from '../../src/pipeline/assess';
import { AS_OF, EGFR_EXON19, nsclcChemoTargeted } from '../support/cases';
import { defaultSnapshot } from '../support/test-app';

const parsing = {
  validators: createOpenApiValidators(),
  defaults: { hospitalTier: 'tertiary' as const, region: 'illustrative-region' },
};

function problemOf(result: ReturnType<typeof parseAssessmentRequest>): HttpProblem {
  if (!('problem' in result)) throw new Error('the request parsed although it is invalid');
  return result.problem;
}

describe('parseAssessmentRequest', () => {
  it('turns a valid request into a Case, with the deployment defaults where the request is silent', () => {
    const body = nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never });
    const parsed = parseAssessmentRequest(body, '', parsing);
    if (!('kase' in parsed)) throw new Error(parsed.problem.message);
    expect(body.context.region).toBeUndefined();
    expect(parsed.kase.context).toEqual(
      expect.objectContaining({ asOf: AS_OF, hospitalTier: 'tertiary', region: 'illustrative-region' }),
    );
    expect(parsed.kase.proposal.components.map((c) => c.code)).toEqual(
      (body.proposal as { components: { code: string }[] }).components.map((c) => c.code),
    );
  });

  it('names a schema problem by its pointer; in a batch the pointer starts at the case', () => {
    const body = { ...nsclcChemoTargeted(), context: { asOf: 'yesterday' } };
    const single = problemOf(parseAssessmentRequest(body, '', parsing));
    const inBatch = problemOf(parseAssessmentRequest(body, '/cases/3', parsing));
    expect(single.status).toBe(400);
    expect(single.errors?.map((e) => e.pointer)).toContain('/context/asOf');
    expect(inBatch.errors?.map((e) => e.pointer)).toContain('/cases/3/context/asOf');
    expect(inBatch.detail).toMatch(/^Case 3 does not match the AssessmentRequest schema/);
  });

  it('rejects a date that matches the pattern but does not exist, and a birth date after the assessment date', () => {
    const impossible = nsclcChemoTargeted();
    impossible.context.asOf = '2026-02-30';
    expect(problemOf(parseAssessmentRequest(impossible, '', parsing)).errors).toEqual([
      { pointer: '/context/asOf', message: '2026-02-30 is not a valid date', code: 'format' },
    ]);
    const unborn = nsclcChemoTargeted();
    unborn.patient.birthDate = '2030-01-01';
    delete unborn.patient.age;
    expect(problemOf(parseAssessmentRequest(unborn, '/cases/0', parsing)).errors).toEqual([
      { pointer: '/cases/0/patient/birthDate', message: 'is after context.asOf', code: 'range' },
    ]);
  });
});

describe('assessOne', () => {
  const options: AssessOptions = { explain: false, requestId: 'r', serviceVersion: 't' };

  it('is the answer the batch entry point gives for the same case', async () => {
    const snapshot = await defaultSnapshot();
    const parsed = parseAssessmentRequest(nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }), '', parsing);
    if (!('kase' in parsed)) throw new Error(parsed.problem.message);
    const one = await assessOne(parsed.kase, snapshot, options);
    const fromBatch: unknown[] = [];
    await assessEachCase([parsed.kase], snapshot, options, (r) => {
      fromBatch.push(r);
    });
    expect(one.ok).toBe(true);
    expect([one]).toEqual(fromBatch);
  });

  it('returns an unresolvable case as a result, never a throw', async () => {
    const snapshot = await defaultSnapshot();
    const body = nsclcChemoTargeted();
    (body.proposal as { components: { code: string }[] }).components[0]!.code = 'L01XX99';
    const parsed = parseAssessmentRequest(body, '', parsing);
    if (!('kase' in parsed)) throw new Error(parsed.problem.message);
    const result = await assessOne(parsed.kase, snapshot, options);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.errors).toEqual([expect.objectContaining({ pointer: '/proposal/components/0/code' })]);
  });
});
