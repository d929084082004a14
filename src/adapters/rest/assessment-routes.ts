/** POST /v1/assessments and /v1/assessments/batch. */
import { once } from 'node:events';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../http/app-context';
import { HttpProblem, problems } from '../../http/problem';
import { assessEachCase, UnresolvableCaseError, type Assessment } from '../../pipeline/assess';
import { assessOne } from '../assess-one';
import type { OpenApiValidators } from './openapi-validation';
import { parseAssessmentRequest } from './parse-assessment-request';

function explainParam(req: Request): boolean {
  const value = req.query.explain;
  if (value === undefined) return false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw problems.badRequest('Query parameter explain must be true or false.', [
    { pointer: '?explain', message: 'must be true or false' },
  ]);
}

function unresolvable(error: UnresolvableCaseError, prefix = ''): HttpProblem {
  const errors = error.errors.map((e) => ({ ...e, pointer: prefix + e.pointer }));
  return problems.unprocessable(
    `The case cannot be assessed: ${errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`,
    errors,
  );
}

/** A response body written piece by piece, honouring back-pressure from slow clients. */
function streamWriter(res: Response): (chunk: string) => Promise<void> {
  return async (chunk) => {
    if (!res.write(chunk)) await once(res, 'drain');
  };
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
    const parsed = parseAssessmentRequest(req.body, '', parsing);
    if ('problem' in parsed) throw parsed.problem;
    const result = await assessOne(parsed.kase, ctx.snapshot(), {
      explain,
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
    const snapshot = ctx.snapshot();
    // Each case is written out as soon as it is finished, so a 1,000-case answer is never one
    // 40 MB string nor every assessment held at once.
    const write = streamWriter(res);
    const summary = { cases: slots.length, assessed: 0, failed: 0 };
    let next = 0;
    const emit = async (entry: object) => {
      await write((next > 0 ? ',' : '') + JSON.stringify(entry));
      next++;
    };
    const flushProblemsBefore = async (index: number) => {
      while (next < index) {
        const slot = slots[next];
        if (!slot || !('problem' in slot)) break;
        summary.failed++;
        await emit({ index: next, status: slot.problem.status, problem: slot.problem.toBody() });
      }
    };
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      res.status(200).type('application/json');
      res.write('{"results":[');
    };
    await assessEachCase(
      valid,
      snapshot,
      { explain, requestId: String(res.locals.requestId), serviceVersion: ctx.serviceVersion },
      async (r, k) => {
        start();
        const index = validIndex[k] ?? -1;
        await flushProblemsBefore(index);
        if (r.ok) {
          summary.assessed++;
          record('batch', [r.assessment]);
          await emit({ index, status: 200, assessment: r.assessment });
        } else {
          summary.failed++;
          await emit({ index, status: 422, problem: unresolvable(r.error, `/cases/${index}`).toBody() });
        }
      },
    );
    start();
    await flushProblemsBefore(slots.length);
    res.end(`],"summary":${JSON.stringify(summary)}}`);
  });
  return router;
}
