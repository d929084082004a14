/**
 * REST API authentication: `Authorization: Bearer <API key | JWT>`. API keys are checked
 * against stored hashes; JWTs against the configured issuer's keys (JWT_ISSUER with
 * JWT_JWKS_URL or JWT_JWKS_FILE, optional JWT_AUDIENCE). API_AUTH_DISABLED=true is a
 * development mode that says so loudly in the logs and in /readyz.
 */
import fs from 'node:fs';
import type { NextFunction, Request, Response } from 'express';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import { problems, sendProblem } from '../problem';
import { announceGeneratedKey, generateKeyFile, KeyFileWatcher } from './api-keys';

export type AuthSettings = Pick<
  Config,
  'apiKeysFile' | 'apiAuthDisabled' | 'jwtIssuer' | 'jwtJwksUrl' | 'jwtJwksFile' | 'jwtAudience'
> &
  Partial<Pick<Config, 'apiKeyOutputFile'>>;

export interface Authenticator {
  readonly disabled: boolean;
  middleware(req: Request, res: Response, next: NextFunction): void;
}

/**
 * `announce` receives the one message that shows a generated first key (default: stderr; see
 * announceGeneratedKey). A key file with loose permissions stops start-up with a clear message.
 */
export function createAuthenticator(
  settings: AuthSettings,
  logger: Logger,
  announce: (message: string) => void = (m) => process.stderr.write(m),
): Authenticator {
  if (settings.apiAuthDisabled) {
    logger.warn('API_AUTH_DISABLED=true: the REST API accepts requests WITHOUT credentials. Development only.');
    return { disabled: true, middleware: (_req, _res, next) => next() };
  }
  if (!fs.existsSync(settings.apiKeysFile)) {
    announceGeneratedKey(
      generateKeyFile(settings.apiKeysFile),
      settings.apiKeysFile,
      settings.apiKeyOutputFile ?? null,
      announce,
    );
  }
  const keys = new KeyFileWatcher(settings.apiKeysFile, (message) => logger.error({ event: 'auth.key-file' }, message));
  let jwks: JWTVerifyGetKey | null = null;
  if (settings.jwtIssuer) {
    if (settings.jwtJwksFile) jwks = createLocalJWKSet(JSON.parse(fs.readFileSync(settings.jwtJwksFile, 'utf8')));
    else if (settings.jwtJwksUrl) jwks = createRemoteJWKSet(new URL(settings.jwtJwksUrl));
    else throw new Error('Configuration: JWT_ISSUER needs JWT_JWKS_URL or JWT_JWKS_FILE');
  }
  return {
    disabled: false,
    middleware(req, res, next) {
      const header = req.get('authorization') ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) {
        sendProblem(res, problems.unauthorized('An Authorization: Bearer credential (API key or JWT) is required.'));
        return;
      }
      const token = match[1];
      if (keys.verify(token)) {
        next();
        return;
      }
      if (jwks && token.split('.').length === 3) {
        jwtVerify(token, jwks, {
          issuer: settings.jwtIssuer ?? undefined,
          ...(settings.jwtAudience ? { audience: settings.jwtAudience } : {}),
          algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384'],
        })
          .then(() => next())
          .catch((error: Error) =>
            sendProblem(res, problems.unauthorized(`The JWT was not accepted: ${error.message}`)),
          );
        return;
      }
      sendProblem(res, problems.unauthorized('The credential is not a valid API key or JWT.'));
    },
  };
}

/** Bearer API keys from one hashed key file only (ADMIN_KEYS_FILE, METRICS_KEYS_FILE); never generated. */
export function createKeyFileAuthenticator(file: string, logger: Logger): Authenticator {
  const keys = new KeyFileWatcher(file, (message) => logger.error({ event: 'auth.key-file' }, message));
  return {
    disabled: false,
    middleware(req, res, next) {
      const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
      if (match?.[1] && keys.verify(match[1])) {
        next();
        return;
      }
      sendProblem(res, problems.unauthorized('An Authorization: Bearer key from the configured key file is required.'));
    },
  };
}
