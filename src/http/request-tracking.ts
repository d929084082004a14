/**
 * What every request goes through first: an id (the caller's `X-Request-Id` when well formed, a
 * new UUID otherwise), `Connection: close` while shutting down, an access log line that names the
 * route template and never the raw path, and the request counters and duration histogram.
 */
import crypto from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { AppContext } from './app-context';
import { routeTemplate } from './route-table';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const UNLOGGED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Mounts request ids, shutdown behaviour, access logging and request metrics, in that order. */
export function useRequestTracking(app: Express, ctx: AppContext): void {
  app.use((req, res, next) => {
    const supplied = req.get('x-request-id');
    const id = supplied && REQUEST_ID.test(supplied) ? supplied : crypto.randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    next();
  });
  // While shutting down, answers still go out but connections are not kept alive.
  app.use((_req, res, next) => {
    if (!ctx.isAcceptingTraffic()) res.setHeader('Connection', 'close');
    next();
  });
  app.use(accessLog(ctx));
  app.use((req, res, next) => {
    const end = ctx.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const labels = { route: routeTemplate(req), method: req.method, status: String(res.statusCode) };
      end(labels);
      ctx.metrics.httpRequests.inc(labels);
    });
    next();
  });
}

/** One log line per request: id, method, route template and status; probes and metrics are not logged. */
function accessLog(ctx: AppContext) {
  return pinoHttp<Request, Response>({
    logger: ctx.logger,
    genReqId: (_req, res) => String(res.locals.requestId),
    serializers: {
      req: (req: { id: unknown; method: string; raw?: Request }) => ({
        id: req.id,
        method: req.method,
        route: req.raw ? routeTemplate(req.raw) : 'unknown',
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => UNLOGGED_PATHS.has(req.url ?? '') },
  });
}
