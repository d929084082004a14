/**
 * The last middleware: every error becomes RFC 9457 problem+json. An HttpProblem is sent as is;
 * body-parser failures become 413 / 400 / 415; any other client error a generic 400; anything else
 * is logged (request id, route template, the error; never the request) and answered 500.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { AppContext } from './app-context';
import { HttpProblem, problems, sendProblem } from './problem';
import { routeTemplate } from './route-table';

/** What body-parser attaches to the errors it raises. */
interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

export function problemErrorHandler(ctx: AppContext): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = error instanceof HttpProblem ? error : clientProblem(error as BodyParserError, ctx);
    if (problem) {
      sendProblem(res, problem, req.path);
      return;
    }
    logUnhandled(ctx, req, res, error);
    sendProblem(res, problems.internal(), req.path);
  };
}

/** The problem for an error the client caused (mostly body-parser's), or undefined for a server error. */
function clientProblem(bodyError: BodyParserError, ctx: AppContext): HttpProblem | undefined {
  if (bodyError.type === 'entity.too.large') return problems.tooLarge(ctx.config.bodyLimit);
  if (bodyError.type === 'entity.parse.failed')
    return problems.badRequest('The body is not valid JSON.', [{ pointer: '/', message: 'malformed JSON' }]);
  if (bodyError.type === 'encoding.unsupported' || bodyError.type === 'charset.unsupported')
    return problems.unsupportedMediaType(bodyError.message ?? 'unsupported encoding');
  if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500)
    return new HttpProblem(bodyError.status, 'invalid-request', 'Invalid request', 'The request could not be read.');
  return undefined;
}

function logUnhandled(ctx: AppContext, req: Request, res: Response, error: unknown): void {
  ctx.logger.error(
    {
      requestId: res.locals.requestId,
      route: routeTemplate(req),
      err: { type: (error as Error)?.name, message: (error as Error)?.message, stack: (error as Error)?.stack },
    },
    'unhandled error',
  );
}
