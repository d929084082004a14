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
import { ApiKeyStore, generateKeyFile, readKeyFile } from './api-keys';

export type AuthSettings = Pick<Config, 'apiKeysFile' | 'apiAuthDisabled' | 'jwtIssuer' | 'jwtJwksUrl' | 'jwtJwksFile' | 'jwtAudience'>;

export interface Authenticator {
  readonly disabled: boolean;
  middleware(req: Request, res: Response, next: NextFunction): void;
}

export function createAuthenticator(settings: AuthSettings, logger: Logger, announce: (message: string) => void = (m) => process.stdout.write(m + '\n')): Authenticator {
  if (settings.apiAuthDisabled) {
    logger.warn('API_AUTH_DISABLED=true: the REST API accepts requests WITHOUT credentials. Development only.');
    return { disabled: true, middleware: (_req, _res, next) => next() };
  }
  let keys: ApiKeyStore;
  if (fs.existsSync(settings.apiKeysFile)) {
    keys = new ApiKeyStore(readKeyFile(settings.apiKeysFile));
  } else {
    const key = generateKeyFile(settings.apiKeysFile);
    announce(
      `\nNo API key file found: generated an API key (shown once; only its hash is stored in ${settings.apiKeysFile}):\n\n    ${key}\n\nUse it as: Authorization: Bearer ${key}\n`,
    );
    keys = new ApiKeyStore(readKeyFile(settings.apiKeysFile));
  }
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
          .catch((error: Error) => sendProblem(res, problems.unauthorized(`The JWT was not accepted: ${error.message}`)));
        return;
      }
      sendProblem(res, problems.unauthorized('The credential is not a valid API key or JWT.'));
    },
  };
}
