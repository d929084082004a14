/**
 * Who may call the CDS services: the client's JWT verified against the trusted issuers, its
 * audience built only from PUBLIC_BASE_URL (a Host header is the caller's to choose). Without a
 * usable configuration every call is refused; CDS_AUTH_DISABLED (development only) lets every
 * call through, loudly.
 */
import type { Request } from 'express';
import type { AppContext } from '../../http/app-context';
import { problems } from '../../http/problem';
import type { CdsSettings } from './cds-settings';
import {
  CdsAuthError,
  type CdsJwtVerifier,
  type VerifiedClient,
  createCdsJwtVerifier,
  loadTrustedIssuers,
} from './jwt-auth';

export type Authenticate = (req: Request, paths: string[]) => Promise<VerifiedClient | null>;

export function cdsAuthenticator(
  ctx: Pick<AppContext, 'config' | 'logger'>,
  settings: CdsSettings,
  given?: CdsJwtVerifier,
): Authenticate {
  const { verifier, authConfigError } = loadVerifier(ctx, settings, given ?? null);
  /** `paths` are endpoint paths; the audiences are PUBLIC_BASE_URL + path, never the Host header. */
  return async function authenticate(req: Request, paths: string[]): Promise<VerifiedClient | null> {
    if (ctx.config.cdsAuthDisabled) return null;
    if (!verifier) throw problems.unauthorized(authConfigError ?? 'CDS Hooks authentication is not configured.');
    const publicBase = ctx.config.publicBaseUrl;
    if (!publicBase)
      throw problems.unauthorized(
        'PUBLIC_BASE_URL is not configured, so no token audience can be checked; every CDS Hooks call is refused.',
      );
    const audiences = paths.map((p) => `${publicBase}${p}`);
    try {
      return await verifier.verify(req.get('authorization'), audiences);
    } catch (e) {
      if (e instanceof CdsAuthError) {
        ctx.logger.warn(
          { event: 'cds.auth-rejected', requestId: String(req.res?.locals.requestId ?? ''), reason: e.message },
          'CDS Hooks JWT rejected',
        );
        throw problems.unauthorized(e.message);
      }
      throw e;
    }
  };
}

function loadVerifier(
  ctx: Pick<AppContext, 'config' | 'logger'>,
  settings: CdsSettings,
  given: CdsJwtVerifier | null,
): { verifier: CdsJwtVerifier | null; authConfigError: string | null } {
  let verifier: CdsJwtVerifier | null = given;
  let authConfigError: string | null = null;
  if (ctx.config.cdsAuthDisabled) {
    ctx.logger.warn(
      { event: 'cds.auth-disabled' },
      '!!! CDS_AUTH_DISABLED=true: CDS Hooks client JWTs are NOT verified. Any caller can request decision support. Development only. !!!',
    );
  } else if (!verifier) {
    if (!ctx.config.cdsTrustedIssuersFile)
      authConfigError = 'No CDS_TRUSTED_ISSUERS_FILE is configured; every CDS Hooks call is refused.';
    else {
      try {
        verifier = createCdsJwtVerifier(loadTrustedIssuers(ctx.config.cdsTrustedIssuersFile), {
          ...(settings.jwtAlgorithms ? { algorithms: settings.jwtAlgorithms } : {}),
          ...(settings.jwtMaxLifetimeS ? { maxLifetimeSeconds: settings.jwtMaxLifetimeS } : {}),
          ...(settings.jtiCachePerIssuer ? { jtiCachePerIssuer: settings.jtiCachePerIssuer } : {}),
        });
      } catch (e) {
        authConfigError = `CDS trusted issuers could not be loaded: ${(e as Error).message}`;
      }
    }
    if (authConfigError) ctx.logger.error({ event: 'cds.auth-config' }, authConfigError);
  }
  return { verifier, authConfigError };
}
