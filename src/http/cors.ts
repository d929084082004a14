/**
 * CORS for browser-hosted clients (the CDS Hooks sandbox runs in a web page). Origins come from
 * configuration (CORS_ORIGINS: exact origins, or `*` for any). A request from an origin not
 * listed gets no CORS headers (the browser then withholds the answer); a preflight is answered
 * 204 with the allowed methods and headers. With `*`, credentials are not allowed (the clients
 * authenticate with an Authorization header, which a preflight lists explicitly).
 */
import type { NextFunction, Request, Response } from 'express';

export interface CorsOptions {
  methods: readonly string[];
  headers: readonly string[];
  maxAgeSeconds?: number;
}

export function corsMiddleware(
  origins: readonly string[],
  options: CorsOptions,
): (req: Request, res: Response, next: NextFunction) => void {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origins.length === 0 || !origin) {
      next();
      return;
    }
    if (!any && !allowed.has(origin)) {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
    if (!any) res.append('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Content-Language');
    if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
      res.setHeader('Access-Control-Allow-Methods', options.methods.join(', '));
      res.setHeader('Access-Control-Allow-Headers', options.headers.join(', '));
      res.setHeader('Access-Control-Max-Age', String(options.maxAgeSeconds ?? 600));
      res.status(204).end();
      return;
    }
    next();
  };
}
