/** POST /v1/assessments and /v1/assessments/batch. */
import { once } from 'node:events';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../http/app-context';
import { HttpProblem, problems, type ProblemError } from '../../http/problem';
import { assessCases, UnresolvableCaseError, type Assessment } from '../../pipeline/assess';
import type { OpenApiValidators } from './openapi-validation';
import { requestToCase, type AssessmentRequest } from './request-to-case';
import type { Case } from '../../domain/case';

function explainParam(req: Request): boolean {
  const value = req.query.explain;
  if (value === undefined) return false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw problems.badRequest('Query parameter explain must be true or false.', [{ pointer: '?explain', message: 'must be true or false' }]);
}

/** Dates that match the pattern but are not real dates (2026-02-30) are rejected too. */
function dateErrors(body: AssessmentRequest, prefix: string): ProblemError[] {
  const errors: ProblemError[] = [];
  const check = (value: string | undefined, pointer: string) => {
    if (value === undefined) return;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime()) || (value.length === 10 && parsed.toISOString().slice(0, 10) !== value)) errors.push({ pointer: prefix + pointer, message: `${value} is not a valid date`, code: 'format' });
  };
  check(body.context.asOf, '/context/asOf');
  check(body.patient.birthDate, '/patient/birthDate');
  if (body.patient.birthDate !== undefined && errors.length === 0 && body.patient.birthDate > body.context.asOf) {
    errors.push({ pointer: prefix + '/patient/birthDate', message: 'is after context.asOf', code: 'range' });
  }
  return errors;
}

function unresolvable(error: UnresolvableCaseError, prefix = ''): HttpProblem {
  const errors = error.errors.map((e) => ({ ...e, pointer: prefix + e.pointer }));
  return problems.unprocessable(`The case cannot be assessed: ${errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`, errors);
}

/**
 * Write a batch answer one case at a time, so a 1,000-case answer is never one 40 MB string;
 * each case's objects can be collected once written. Honours back-pressure from slow clients.
 */
async function streamBatch(res: Response, results: unknown[], summary: { cases: number; assessed: number; failed: number }): Promise<void> {
  res.status(200).type('application/json');
  const write = async (chunk: string) => {
    if (!res.write(chunk)) await once(res, 'drain');
  };
  await write('{"results":[');
  for (let i = 0; i < results.length; i++) {
    await write((i > 0 ? ',' : '') + JSON.stringify(results[i]));
    results[i] = null;
  }
  res.end(`],"summary":${JSON.stringify(summary)}}`);
}

export function createAssessmentRouter(ctx: AppContext, validators: OpenApiValidators): Router {
  const router = Router();
  const defaults = { hospitalTier: ctx.config.defaultHospitalTier, region: ctx.config.defaultRegion };
  const record = (iface: string, assessments: Assessment[]) => {
    for (const a of assessments) {
      ctx.metrics.assessments.inc({ interface: iface, outcome: 'assessed' });
      for (const f of a.findings) ctx.metrics.findings.inc({ rule: f.ruleId, severity: f.severity });
      for (const o of a.alternatives) ctx.metrics.alternativesOffered.inc({ basis: o.basis });
    }
  };

  router.post('/v1/assessments', async (req, res) => {
    const explain = explainParam(req);
    const errors = validators.validate('AssessmentRequest', req.body);
    if (errors.length > 0) throw problems.badRequest(`The request does not match the AssessmentRequest schema (${errors.length} problem${errors.length === 1 ? '' : 's'}).`, errors);
    const body = req.body as AssessmentRequest;
    const semantic = dateErrors(body, '');
    if (semantic.length > 0) throw problems.badRequest('The request has invalid dates.', semantic);
    const snapshot = ctx.snapshot();
    const [result] = await assessCases([requestToCase(body, defaults)], snapshot, { explain, requestId: String(res.locals.requestId), serviceVersion: ctx.serviceVersion });
    if (!result) throw new Error('no result');
    if (!result.ok) {
      ctx.metrics.assessments.inc({ interface: 'rest', outcome: 'unresolvable' });
      throw unresolvable(result.error);
    }
    record('rest', [result.assessment]);
    res.json(result.assessment);
  });

  router.post('/v1/assessments/batch', async (req, res) => {
    const explain = explainParam(req);
    const errors = validators.validate('BatchRequest', req.body);
    if (errors.length > 0) throw problems.badRequest(`The request does not match the BatchRequest schema (${errors.length} problem${errors.length === 1 ? '' : 's'}).`, errors);
    const raw = (req.body as { cases: unknown[] }).cases;
    const slots: ({ kase: Case } | { problem: HttpProblem })[] = raw.map((item, i) => {
      const prefix = `/cases/${i}`;
      const caseErrors = validators.validate('AssessmentRequest', item).map((e) => ({ ...e, pointer: prefix + e.pointer }));
      if (caseErrors.length > 0) return { problem: problems.badRequest(`Case ${i} does not match the AssessmentRequest schema.`, caseErrors) };
      const dates = dateErrors(item as AssessmentRequest, prefix);
      if (dates.length > 0) return { problem: problems.badRequest(`Case ${i} has invalid dates.`, dates) };
      return { kase: requestToCase(item as AssessmentRequest, defaults) };
    });
    const valid = slots.flatMap((s) => ('kase' in s ? [s.kase] : []));
    const snapshot = ctx.snapshot();
    const results = await assessCases(valid, snapshot, { explain, requestId: String(res.locals.requestId), serviceVersion: ctx.serviceVersion });
    let k = 0;
    const out = slots.map((slot, index) => {
      if ('problem' in slot) return { index, status: slot.problem.status, problem: slot.problem.toBody() };
      const r = results[k++];
      if (!r) throw new Error('batch result missing');
      if (!r.ok) return { index, status: 422, problem: unresolvable(r.error, `/cases/${index}`).toBody() };
      return { index, status: 200, assessment: r.assessment };
    });
    const assessed = out.flatMap((o) => ('assessment' in o && o.assessment ? [o.assessment] : []));
    record('batch', assessed);
    await streamBatch(res, out, { cases: out.length, assessed: assessed.length, failed: out.length - assessed.length });
  });
  return router;
}
