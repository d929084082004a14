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

export interface AppOptions {
  authenticator: Authenticator;
  validators?: OpenApiValidators;
  /** Hot reload of pack and model, for the admin endpoint. */
  reload?: () => Promise<unknown>;
  adminAuthenticator?: Authenticator;
}

/** Known REST paths and their methods, for 405 answers. */
const ROUTES: { pattern: RegExp; methods: string[] }[] = [
  { pattern: /^\/v1\/assessments(\/batch)?$/, methods: ['POST'] },
  { pattern: /^\/v1\/drg\/group(\/batch)?$/, methods: ['POST'] },
  { pattern: /^\/v1\/(drugs|regimens)(\/[^/]+)?$/, methods: ['GET'] },
  { pattern: /^\/v1\/(substitution-groups|drg-tariffs|pack)$/, methods: ['GET'] },
  { pattern: /^\/(healthz|readyz|metrics|cds-services)$/, methods: ['GET'] },
  { pattern: /^\/cds-services\/[^/]+(\/feedback)?$/, methods: ['POST'] },
  { pattern: /^\/admin\/reload$/, methods: ['POST'] },
];

export function createApp(ctx: AppContext, options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  const validators = options.validators ?? createOpenApiValidators();

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
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    }),
  );
  app.use((req, res, next) => {
    const end = ctx.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? (res.statusCode === 404 ? 'unmatched' : req.baseUrl || 'other');
      const labels = { route: String(route), method: req.method, status: String(res.statusCode) };
      end(labels);
      ctx.metrics.httpRequests.inc(labels);
    });
    next();
  });

  app.use(createOperationsRouter(ctx, { apiAuthDisabled: options.authenticator.disabled }));
  app.use(createMdtPageRouter());

  app.use((req, _res, next) => {
    if ((req.method === 'POST' || req.method === 'PUT') && req.headers['content-length'] !== '0' && (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined)) {
      if (!req.is(['application/json', 'application/*+json']) && !(req.path === '/v1/drg/group/batch' && req.is('application/x-ndjson'))) {
        next(problems.unsupportedMediaType(`Request bodies must be application/json; got ${req.get('content-type') ?? 'no content type'}.`));
        return;
      }
    }
    next();
  });
  app.use(express.json({ limit: ctx.config.bodyLimit, type: ['application/json', 'application/*+json'], strict: true }));

  app.use(createCdsHooksRouter(ctx));
  if (options.reload && options.adminAuthenticator) {
    const reload = options.reload;
    app.post('/admin/reload', options.adminAuthenticator.middleware, async (_req, res) => {
      try {
        await reload();
      } catch (error) {
        throw new HttpProblem(422, 'reload-rejected', 'Reload rejected', `The new knowledge pack or model is invalid; the previous version keeps serving: ${(error as Error).message}`);
      }
      const s = ctx.snapshot();
      res.json({ pack: { id: s.pack.manifest.id, version: s.pack.manifest.version, digest: s.pack.digest }, model: s.model ? { id: s.model.id, version: s.model.version, sha256: s.model.sha256 } : null, generation: s.generation });
    });
  }
  app.use('/v1', (req, res, next) => options.authenticator.middleware(req, res, next));
  app.use(createAssessmentRouter(ctx, validators));
  app.use(createReferenceRouter(ctx));
  app.use(createDrgRouter(ctx, validators));

  app.use((req, _res, next) => {
    const path = req.path;
    const route = ROUTES.find((r) => r.pattern.test(path));
    if (route && !route.methods.includes(req.method)) next(problems.methodNotAllowed(`${req.method} is not allowed on ${path}.`, route.methods));
    else next(problems.notFound(`No resource at ${path}.`));
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof HttpProblem) {
      sendProblem(res, error, req.path);
      return;
    }
    const bodyError = error as { type?: string; status?: number; message?: string };
    if (bodyError.type === 'entity.too.large') return sendProblem(res, problems.tooLarge(ctx.config.bodyLimit), req.path);
    if (bodyError.type === 'entity.parse.failed') return sendProblem(res, problems.badRequest('The body is not valid JSON.', [{ pointer: '/', message: 'malformed JSON' }]), req.path);
    if (bodyError.type === 'encoding.unsupported' || bodyError.type === 'charset.unsupported') return sendProblem(res, problems.unsupportedMediaType(bodyError.message ?? 'unsupported encoding'), req.path);
    if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      return sendProblem(res, new HttpProblem(bodyError.status, 'invalid-request', 'Invalid request', 'The request could not be read.'), req.path);
    }
    ctx.logger.error({ requestId: res.locals.requestId, err: { name: (error as Error)?.name, message: (error as Error)?.message, stack: (error as Error)?.stack } }, 'unhandled error');
    sendProblem(res, problems.internal(), req.path);
  });
  return app;
}
