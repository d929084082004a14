/** POST /v1/assessments and /v1/assessments/batch. */
import { Router, type Request } from 'express';
import type { AppContext } from '../../http/app-context';
import { HttpProblem, problems } from '../../http/problem';
import { assessEachCase, UnresolvableCaseError, type Assessment } from '../../pipeline/assess';
import { assessOne } from '../assess-one';
import type { OpenApiValidators } from './openapi-validation';
import { BatchAnswer } from './batch-answer';
import { parseAssessmentRequest } from './parse-assessment-request';
import type { AnswerView } from '../../pipeline/response/option-view';

function explainParam(req: Request): boolean {
  const value = req.query.explain;
  if (value === undefined) return false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw problems.badRequest('Query parameter explain must be true or false.', [
    { pointer: '?explain', message: 'must be true or false' },
  ]);
}

/** `?view=lean` (default) or `?view=full` (each option with its per-component breakdown). */
function viewParam(req: Request): AnswerView {
  const value = req.query.view;
  if (value === undefined || value === 'lean') return 'lean';
  if (value === 'full') return 'full';
  throw problems.badRequest('Query parameter view must be lean or full.', [
    { pointer: '?view', message: 'must be lean or full' },
  ]);
}

function unresolvable(error: UnresolvableCaseError, prefix = ''): HttpProblem {
  const errors = error.errors.map((e) => ({ ...e, pointer: prefix + e.pointer }));
  return problems.unprocessable(
    `The case cannot be assessed: ${errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`,
    errors,
  );
}

export function createAssessmentRouter(ctx: AppContext, validators: OpenApiValidators): Router {
  const router = Router();
  const parsing = {
    validators,
    defaults: { hospitalTier: ctx.config.defaultHospitalTier, region: ctx.config.defaultRegion },
  };
  const record = (iface: string, assessments: Assessment[]) => {
    for (const a of assessments) {
      ctx.metrics.assessments.inc({ interface: iface, outcome: 'assessed' });
      for (const f of a.findings) ctx.metrics.findings.inc({ rule: f.ruleId, severity: f.severity });
      for (const o of a.alternatives) ctx.metrics.alternativesOffered.inc({ basis: o.basis });
    }
  };

  router.post('/v1/assessments', async (req, res) => {
    const explain = explainParam(req);
    const view = viewParam(req);
    const parsed = parseAssessmentRequest(req.body, '', parsing);
    if ('problem' in parsed) throw parsed.problem;
    const result = await assessOne(parsed.kase, ctx.snapshot(), {
      explain,
      view,
      requestId: String(res.locals.requestId),
      serviceVersion: ctx.serviceVersion,
    });
    if (!result.ok) {
      ctx.metrics.assessments.inc({ interface: 'rest', outcome: 'unresolvable' });
      throw unresolvable(result.error);
    }
    record('rest', [result.assessment]);
    res.json(result.assessment);
  });

  router.post('/v1/assessments/batch', async (req, res) => {
    const explain = explainParam(req);
    const view = viewParam(req);
    const errors = validators.validate('BatchRequest', req.body);
    if (errors.length > 0)
      throw problems.badRequest(
        `The request does not match the BatchRequest schema (${errors.length} problem${errors.length === 1 ? '' : 's'}).`,
        errors,
      );
    const raw = (req.body as { cases: unknown[] }).cases;
    const slots = raw.map((item, i) => parseAssessmentRequest(item, `/cases/${i}`, parsing));
    const valid = slots.flatMap((s) => ('kase' in s ? [s.kase] : []));
    const validIndex = slots.flatMap((s, index) => ('kase' in s ? [index] : []));
    const answer = new BatchAnswer(res, slots, {
      assessed: (assessment) => record('batch', [assessment]),
      unresolvable: (r, index) => unresolvable(r.error, `/cases/${index}`),
    });
    await assessEachCase(
      valid,
      ctx.snapshot(),
      { explain, view, requestId: String(res.locals.requestId), serviceVersion: ctx.serviceVersion },
      (r, k) => answer.result(r, validIndex[k] ?? -1),
    );
    await answer.end();
  });
  return router;
}
