/**
 * Request bodies: JSON only (NDJSON on the DRG batch route), refused with 415 before anything is
 * read, then parsed strictly up to the configured size limit.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from './app-context';
import { problems } from './problem';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Mounts the content-type check and the JSON parser. */
export function useJsonBodies(app: Express, ctx: AppContext): void {
  app.use(refuseUnsupportedBodies);
  app.use(express.json({ limit: ctx.config.bodyLimit, type: JSON_TYPES, strict: true }));
}

function hasBody(req: Request): boolean {
  return (
    (req.method === 'POST' || req.method === 'PUT') &&
    req.headers['content-length'] !== '0' &&
    (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined)
  );
}

function acceptsBodyType(req: Request): boolean {
  return Boolean(req.is(JSON_TYPES)) || (req.path === '/v1/drg/group/batch' && Boolean(req.is('application/x-ndjson')));
}

function refuseUnsupportedBodies(req: Request, _res: Response, next: NextFunction): void {
  if (hasBody(req) && !acceptsBodyType(req)) {
    next(
      problems.unsupportedMediaType(
        `Request bodies must be application/json; got ${req.get('content-type') ?? 'no content type'}.`,
      ),
    );
    return;
  }
  next();
}
