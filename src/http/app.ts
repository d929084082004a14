/**
 * The express application: request ids and logging, open operational endpoints, JSON body
 * parsing with a stated limit, the CDS Hooks services (their own JWT auth), the REST API behind
 * bearer auth, the MDT page, and RFC 9457 errors for everything that goes wrong.
 */
import express from 'express';
import { createAssessmentRouter } from '../adapters/rest/assessment-routes';
import { createOpenApiValidators, type OpenApiValidators } from '../adapters/rest/openapi-validation';
import { createReferenceRouter } from '../adapters/rest/reference-routes';
import { createDrgRouter } from '../adapters/rest/drg-routes';
import { createCdsHooksRouter } from '../adapters/cds-hooks/router';
import type { AppContext } from './app-context';
import type { Authenticator } from './auth/bearer-auth';
import { createOperationsRouter } from './operations-routes';
import { createMdtPageRouter } from './mdt-page';
import { AdmissionControl, admissionMiddleware } from './admission';
import { useRequestTracking } from './request-tracking';
import { useJsonBodies } from './body-parsing';
import { mountAdminReload } from './admin-reload';
import { unmatchedRoute } from './route-table';
import { problemErrorHandler } from './error-handler';

export { routeTemplate } from './route-table';

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

export function createApp(ctx: AppContext, options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  const validators = options.validators ?? createOpenApiValidators();
  const admission = options.admission ?? new AdmissionControl(ctx.config.admission);
  ctx.metrics.watchAdmission(() => admission.load());

  useRequestTracking(app, ctx);
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
  useJsonBodies(app, ctx);

  app.use(createCdsHooksRouter(ctx));
  if (options.reload && options.adminAuthenticator)
    mountAdminReload(app, ctx, options.reload, options.adminAuthenticator.middleware);
  app.use('/v1', (req, res, next) => options.authenticator.middleware(req, res, next));
  app.use(createAssessmentRouter(ctx, validators));
  app.use(createReferenceRouter(ctx));
  app.use(createDrgRouter(ctx, validators));

  app.use(unmatchedRoute);
  app.use(problemErrorHandler(ctx));
  return app;
}
