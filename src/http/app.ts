/**
 * The express application: request ids and logging, open operational endpoints, JSON body
 * parsing with a stated limit, the CDS Hooks services (their own JWT auth), the REST API behind
 * bearer auth, the MDT page, and RFC 9457 errors for everything that goes wrong.
 */
import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import { createAssessmentRouter } from '../adapters/rest/assessment-routes';
import { createOpenApiValidators, type OpenApiValidators } from '../adapters/rest/openapi-validation';
import { createReferenceRouter } from '../adapters/rest/reference-routes';
import { createDrgRouter } from '../adapters/rest/drg-routes';
import { createCdsHooksRouter } from '../adapters/cds-hooks/router';
import type { AppContext } from './app-context';
import type { Authenticator } from './auth/bearer-auth';
import { HttpProblem, problems, sendProblem } from './problem';
import { createOperationsRouter } from './operations-routes';
import { createMdtPageRouter } from './mdt-page';
import { AdmissionControl, admissionMiddleware } from './admission';

export interface AppOptions {
  authenticator: Authenticator;
  /** Required on /metrics when set (METRICS_KEYS_FILE). */
  metricsAuthenticator?: Authenticator;
  /** Admission control; by default one built from the configuration. */
  admission?: AdmissionControl;
  validators?: OpenApiValidators;
  /** Hot reload of pack and model, for the admin endpoint. */
  reload?: () => Promise<unknown>;
  adminAuthenticator?: Authenticator;
}

/** Known paths with their route templates and methods: 405 answers, and the path logged for a request no route handled. */
const ROUTES: { pattern: RegExp; template: string; methods: string[] }[] = [
  { pattern: /^\/v1\/assessments$/, template: '/v1/assessments', methods: ['POST'] },
  { pattern: /^\/v1\/assessments\/batch$/, template: '/v1/assessments/batch', methods: ['POST'] },
  { pattern: /^\/v1\/drg\/group$/, template: '/v1/drg/group', methods: ['POST'] },
  { pattern: /^\/v1\/drg\/group\/batch$/, template: '/v1/drg/group/batch', methods: ['POST'] },
  { pattern: /^\/v1\/drugs$/, template: '/v1/drugs', methods: ['GET'] },
  { pattern: /^\/v1\/drugs\/[^/]+$/, template: '/v1/drugs/:code', methods: ['GET'] },
  { pattern: /^\/v1\/regimens$/, template: '/v1/regimens', methods: ['GET'] },
  { pattern: /^\/v1\/regimens\/[^/]+$/, template: '/v1/regimens/:id', methods: ['GET'] },
  { pattern: /^\/v1\/substitution-groups$/, template: '/v1/substitution-groups', methods: ['GET'] },
  { pattern: /^\/v1\/drg-tariffs$/, template: '/v1/drg-tariffs', methods: ['GET'] },
  { pattern: /^\/v1\/pack$/, template: '/v1/pack', methods: ['GET'] },
  { pattern: /^\/healthz$/, template: '/healthz', methods: ['GET'] },
  { pattern: /^\/readyz$/, template: '/readyz', methods: ['GET'] },
  { pattern: /^\/metrics$/, template: '/metrics', methods: ['GET'] },
  { pattern: /^\/cds-services$/, template: '/cds-services', methods: ['GET'] },
  { pattern: /^\/cds-services\/[^/]+$/, template: '/cds-services/:id', methods: ['POST'] },
  { pattern: /^\/cds-services\/[^/]+\/feedback$/, template: '/cds-services/:id/feedback', methods: ['POST'] },
  { pattern: /^\/admin\/reload$/, template: '/admin/reload', methods: ['POST'] },
];

/**
 * The route template of a request (`/v1/drugs/:code`), never its raw path: whatever a caller puts
 * in a path (a patient id, a name) does not reach the logs or the metrics labels.
 */
export function routeTemplate(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route === 'string') return `${req.baseUrl ?? ''}${route}`;
  const path = req.path ?? '';
  if (path.startsWith('/mdt')) return '/mdt/*';
  return ROUTES.find((r) => r.pattern.test(path))?.template ?? 'unmatched';
}

export function createApp(ctx: AppContext, options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  const validators = options.validators ?? createOpenApiValidators();
  const admission = options.admission ?? new AdmissionControl(ctx.config.admission);
  ctx.metrics.watchAdmission(() => admission.load());

  app.use((req, res, next) => {
    const supplied = req.get('x-request-id');
    const id = supplied && /^[A-Za-z0-9._-]{1,64}$/.test(supplied) ? supplied : crypto.randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    next();
  });
  // While shutting down, answers still go out but connections are not kept alive.
  app.use((_req, res, next) => {
    if (!ctx.isAcceptingTraffic()) res.setHeader('Connection', 'close');
    next();
  });
  app.use(
    pinoHttp({
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
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
    }),
  );
  app.use((req, res, next) => {
    const end = ctx.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const labels = { route: routeTemplate(req), method: req.method, status: String(res.statusCode) };
      end(labels);
      ctx.metrics.httpRequests.inc(labels);
    });
    next();
  });

  app.use(
    createOperationsRouter(ctx, {
      apiAuthDisabled: options.authenticator.disabled,
      admissionLoad: () => admission.load(),
      ...(options.metricsAuthenticator ? { metricsAuth: options.metricsAuthenticator.middleware } : {}),
    }),
  );
  app.use(createMdtPageRouter());
  // Everything below does work: at most a bounded number of requests at a time, the rest queued
  // briefly or refused with 503 (before the body is read).
  app.use(admissionMiddleware(admission, ctx.metrics));

  app.use((req, _res, next) => {
    if (
      (req.method === 'POST' || req.method === 'PUT') &&
      req.headers['content-length'] !== '0' &&
      (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined)
    ) {
      if (
        !req.is(['application/json', 'application/*+json']) &&
        !(req.path === '/v1/drg/group/batch' && req.is('application/x-ndjson'))
      ) {
        next(
          problems.unsupportedMediaType(
            `Request bodies must be application/json; got ${req.get('content-type') ?? 'no content type'}.`,
          ),
        );
        return;
      }
    }
    next();
  });
  app.use(
    express.json({ limit: ctx.config.bodyLimit, type: ['application/json', 'application/*+json'], strict: true }),
  );

  app.use(createCdsHooksRouter(ctx));
  if (options.reload && options.adminAuthenticator) {
    const reload = options.reload;
    app.post('/admin/reload', options.adminAuthenticator.middleware, async (_req, res) => {
      try {
        await reload();
      } catch (error) {
        throw new HttpProblem(
          422,
          'reload-rejected',
          'Reload rejected',
          `The new knowledge pack or model is invalid; the previous version keeps serving: ${(error as Error).message}`,
        );
      }
      const s = ctx.snapshot();
      res.json({
        pack: { id: s.pack.manifest.id, version: s.pack.manifest.version, digest: s.pack.digest },
        model: s.model ? { id: s.model.id, version: s.model.version, sha256: s.model.sha256 } : null,
        generation: s.generation,
      });
    });
  }
  app.use('/v1', (req, res, next) => options.authenticator.middleware(req, res, next));
  app.use(createAssessmentRouter(ctx, validators));
  app.use(createReferenceRouter(ctx));
  app.use(createDrgRouter(ctx, validators));

  app.use((req, _res, next) => {
    const path = req.path;
    const route = ROUTES.find((r) => r.pattern.test(path));
    if (route && !route.methods.includes(req.method))
      next(problems.methodNotAllowed(`${req.method} is not allowed on ${path}.`, route.methods));
    else next(problems.notFound(`No resource at ${path}.`));
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof HttpProblem) {
      sendProblem(res, error, req.path);
      return;
    }
    const bodyError = error as { type?: string; status?: number; message?: string };
    if (bodyError.type === 'entity.too.large')
      return sendProblem(res, problems.tooLarge(ctx.config.bodyLimit), req.path);
    if (bodyError.type === 'entity.parse.failed')
      return sendProblem(
        res,
        problems.badRequest('The body is not valid JSON.', [{ pointer: '/', message: 'malformed JSON' }]),
        req.path,
      );
    if (bodyError.type === 'encoding.unsupported' || bodyError.type === 'charset.unsupported')
      return sendProblem(res, problems.unsupportedMediaType(bodyError.message ?? 'unsupported encoding'), req.path);
    if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      return sendProblem(
        res,
        new HttpProblem(bodyError.status, 'invalid-request', 'Invalid request', 'The request could not be read.'),
        req.path,
      );
    }
    ctx.logger.error(
      {
        requestId: res.locals.requestId,
        route: routeTemplate(req),
        err: { type: (error as Error)?.name, message: (error as Error)?.message, stack: (error as Error)?.stack },
      },
      'unhandled error',
    );
    sendProblem(res, problems.internal(), req.path);
  });
  return app;
}
