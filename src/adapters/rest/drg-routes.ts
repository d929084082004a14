/**
 * POST /v1/drg/group (one record, JSON) and POST /v1/drg/group/batch (NDJSON in, NDJSON out,
 * streamed: one answer line per input line, in order; a bad line is answered in its slot).
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { Router, type Response } from 'express';
import type { AppContext } from '../../http/app-context';
import { HttpProblem, problems } from '../../http/problem';
import type { CompiledScheme } from '../../knowledge/drg-scheme/compile-scheme';
import { groupForApi, grouperRecordOf, type DrgGroupRecord, type DrgGrouping } from '../../pipeline/drg/grouping';
import type { OpenApiValidators } from './openapi-validation';

interface DrgGroupRequest {
  record: DrgGroupRecord;
  scheme?: { id: string; version: string };
}

/** Longest NDJSON line read (a record has at most 60 + 60 codes of 40 characters). */
const MAX_LINE = 64 * 1024;

function schemeFor(ctx: AppContext, requested: DrgGroupRequest['scheme'], pointer: string): CompiledScheme {
  const scheme = ctx.snapshot().pack.drgScheme;
  if (!scheme)
    throw new HttpProblem(
      422,
      'no-drg-scheme',
      'No DRG grouping scheme',
      'The knowledge pack in use names no DRG grouping scheme.',
      { errors: [{ pointer, message: 'no scheme loaded' }] },
    );
  if (requested && (requested.id !== scheme.manifest.id || requested.version !== scheme.manifest.version)) {
    throw problems.unprocessable(
      `Scheme ${requested.id} ${requested.version} is not loaded; this service groups with ${scheme.manifest.id} ${scheme.manifest.version} (a region's variant is added as pack data).`,
      [{ pointer, message: `scheme ${requested.id} ${requested.version} is not loaded` }],
    );
  }
  return scheme;
}

function groupOne(ctx: AppContext, validators: OpenApiValidators, body: unknown): DrgGrouping {
  const errors = validators.validate('DrgGroupRequest', body);
  if (errors.length > 0)
    throw problems.badRequest(
      `The request does not match the DrgGroupRequest schema (${errors.length} problem${errors.length === 1 ? '' : 's'}).`,
      errors,
    );
  const request = body as DrgGroupRequest;
  return groupForApi(schemeFor(ctx, request.scheme, '/scheme'), grouperRecordOf(request.record));
}

export function createDrgRouter(ctx: AppContext, validators: OpenApiValidators): Router {
  const router = Router();

  router.post('/v1/drg/group', (req, res) => {
    res.json(groupOne(ctx, validators, req.body));
  });

  router.post('/v1/drg/group/batch', async (req, res: Response) => {
    if (!req.is('application/x-ndjson'))
      throw problems.unsupportedMediaType(
        `The batch body is NDJSON (application/x-ndjson), one DrgGroupRequest per line; got ${req.get('content-type') ?? 'no content type'}.`,
      );
    res.status(200).type('application/x-ndjson');
    const write = async (chunk: string) => {
      if (!res.write(chunk)) await once(res, 'drain');
    };
    const lines = createInterface({ input: req, crlfDelay: Infinity });
    let line = 0;
    let out = '';
    for await (const text of lines) {
      line++;
      if (text.trim() === '') {
        out +=
          JSON.stringify({
            line,
            problem: problems.badRequest(`Line ${line} is empty.`, [{ pointer: '/', message: 'empty line' }]).toBody(),
          }) + '\n';
      } else if (text.length > MAX_LINE) {
        out +=
          JSON.stringify({
            line,
            problem: problems
              .badRequest(`Line ${line} is longer than ${MAX_LINE} characters.`, [
                { pointer: '/', message: 'line too long' },
              ])
              .toBody(),
          }) + '\n';
      } else {
        let answer: object;
        try {
          answer = { line, result: groupOne(ctx, validators, JSON.parse(text)) };
        } catch (error) {
          const problem =
            error instanceof HttpProblem
              ? error
              : problems.badRequest(`Line ${line} is not valid JSON.`, [{ pointer: '/', message: 'malformed JSON' }]);
          answer = { line, problem: problem.toBody() };
        }
        out += JSON.stringify(answer) + '\n';
      }
      // Written in chunks of a few hundred lines: streamed, without one syscall per record.
      if (out.length > 64 * 1024) {
        await write(out);
        out = '';
      }
    }
    res.end(out);
  });
  return router;
}
