/**
 * The service's known paths with their route templates and methods: what a request no route
 * handled is answered (405 with `Allow`, or 404), and the path logged and counted for it.
 */
import type { NextFunction, Request, Response } from 'express';
import { problems } from './problem';

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

/** The last route: 405 (with the allowed methods) on a known path, 404 on any other. */
export function unmatchedRoute(req: Request, _res: Response, next: NextFunction): void {
  const path = req.path;
  const route = ROUTES.find((r) => r.pattern.test(path));
  if (route && !route.methods.includes(req.method))
    next(problems.methodNotAllowed(`${req.method} is not allowed on ${path}.`, route.methods));
  else next(problems.notFound(`No resource at ${path}.`));
}
