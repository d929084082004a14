/**
 * CDS Hooks 2.0 client authentication ("Trusting CDS Clients"): every service call carries
 * `Authorization: Bearer <JWT>` signed by the CDS client with an asymmetric key.
 *
 * Checked here:
 * - alg is one of the configured algorithms (CDS_JWT_ALGORITHMS, default ES384 and RS384, the
 *   specification's recommendation; RS256/ES256 as used by the Da Vinci CRD request generator may
 *   be added); `none` and every symmetric (HMAC) algorithm are always refused; kid is present.
 * - iss is a configured trusted issuer; the key comes from that issuer's JWKS, inline or from its
 *   configured URL. A token never chooses where its key comes from: for an issuer configured by
 *   URL, a `jku` other than that URL is refused; for an inline JWKS the jku is ignored.
 * - aud equals the URL of the endpoint being called; exp is in the future, iat not in the future,
 *   and the lifetime (exp − iat) at most CDS_JWT_MAX_LIFETIME_S (default 3600; the specification
 *   sets no limit, this is a deployment choice).
 * - jti is a non-empty string not seen before within the token's lifetime. The replay cache is in
 *   memory, partitioned per issuer with a quota (CDS_JTI_CACHE_PER_ISSUER): entries expire with
 *   their token, and one issuer filling its partition locks out only itself. With
 *   several replicas the cache is per replica: a token replayed to another replica is only caught
 *   if the load balancer pins clients, so keep token lifetimes short.
 *
 * Trusted issuers file (CDS_TRUSTED_ISSUERS_FILE), JSON object issuer → JWKS or JWKS URL:
 *   { "https://ehr.example.org": { "keys": [ { "kty": "EC", "crv": "P-384", "kid": "k1", … } ] },
 *     "https://other-ehr.example.org": "https://other-ehr.example.org/.well-known/jwks.json" }
 */
import { readFileSync } from 'node:fs';
import {
  type JWK,
  type JWTPayload,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';

export const ALLOWED_ALGORITHMS = ['ES384', 'RS384'] as const;
export const MAX_LIFETIME_SECONDS = 3600;
const CLOCK_TOLERANCE_SECONDS = 60;
const DEFAULT_JTI_PER_ISSUER = 10_000;
/** Never accepted, whatever the configuration says. */
const FORBIDDEN_ALGORITHM = /^(none|HS\d+)$/i;

export interface CdsJwtVerifierOptions {
  now?: () => number;
  /** Accepted algorithms (default ES384, RS384). */
  algorithms?: readonly string[];
  /** Largest exp − iat in seconds (default 3600). */
  maxLifetimeSeconds?: number;
  /** Live jti entries kept per issuer (default 10 000). */
  jtiCachePerIssuer?: number;
}

export type TrustedIssuerConfig = { keys: JWK[] } | string;

export class CdsAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CdsAuthError';
  }
}

/** Reads and checks the trusted-issuers file. Throws with a message naming the problem. */
export function loadTrustedIssuers(file: string): Record<string, TrustedIssuerConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`CDS_TRUSTED_ISSUERS_FILE ${file}: ${(e as Error).message}`);
  }
  return parseTrustedIssuers(parsed, file);
}

export function parseTrustedIssuers(parsed: unknown, where = 'trusted issuers'): Record<string, TrustedIssuerConfig> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${where}: must be a JSON object mapping issuer → JWKS or JWKS URL`);
  const out: Record<string, TrustedIssuerConfig> = {};
  for (const [iss, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value === 'string') {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new Error(`${where}: issuer ${iss}: "${value}" is not a URL`);
      }
      if (url.protocol !== 'https:' && !isLoopback(url.hostname))
        throw new Error(`${where}: issuer ${iss}: JWKS URL must be https (http only on loopback)`);
      out[iss] = url.toString();
    } else if (typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys)) {
      const keys = (value as { keys: JWK[] }).keys;
      for (const k of keys) {
        if (typeof k !== 'object' || k === null || (k.kty !== 'EC' && k.kty !== 'RSA'))
          throw new Error(`${where}: issuer ${iss}: only EC and RSA public keys are accepted`);
        if ('d' in k)
          throw new Error(`${where}: issuer ${iss}: a private key was configured; give the public key only`);
      }
      out[iss] = { keys };
    } else throw new Error(`${where}: issuer ${iss}: must be a JWKS object {"keys": [...]} or a JWKS URL string`);
  }
  return out;
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export interface VerifiedClient {
  iss: string;
  jti: string;
  tenant?: string;
  exp: number;
}

export interface CdsJwtVerifier {
  verify(authorization: string | undefined, audiences: readonly string[]): Promise<VerifiedClient>;
}

type KeyGetter = JWTVerifyGetKey;

/** Where an issuer's keys come from: its inline JWKS, or its configured JWKS URL (with that URL). */
interface IssuerKeys {
  get: KeyGetter;
  url?: string;
}

function issuerKeys(issuers: Record<string, TrustedIssuerConfig>): Map<string, IssuerKeys> {
  const keyGetters = new Map<string, IssuerKeys>();
  for (const [iss, cfg] of Object.entries(issuers)) {
    if (typeof cfg === 'string')
      keyGetters.set(iss, {
        get: createRemoteJWKSet(new URL(cfg), {
          timeoutDuration: 2000,
          cooldownDuration: 30_000,
          cacheMaxAge: 600_000,
        }),
        url: cfg,
      });
    else keyGetters.set(iss, { get: createLocalJWKSet({ keys: cfg.keys }) });
  }
  return keyGetters;
}

/** A bearer token, its protected header and its claims as sent (not yet verified). */
interface UnverifiedToken {
  token: string;
  header: ReturnType<typeof decodeProtectedHeader>;
  claims: JWTPayload;
}

/** Reads `Authorization: Bearer <JWT>` and decodes header and claims without trusting them. */
function readBearerToken(authorization: string | undefined): UnverifiedToken {
  if (!authorization)
    throw new CdsAuthError('Missing Authorization header: CDS Hooks clients must send "Authorization: Bearer <JWT>".');
  const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)\s*$/i.exec(authorization);
  if (!match?.[1]) throw new CdsAuthError('Authorization must be "Bearer <JWT>".');
  const token = match[1];
  try {
    const header = decodeProtectedHeader(token);
    const [, body] = token.split('.');
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) as JWTPayload;
    return { token, header, claims };
  } catch {
    throw new CdsAuthError('The bearer token is not a JWT.');
  }
}

/**
 * The issuer the token names, when its algorithm is accepted, it has a kid, the issuer is trusted
 * and any jku matches the issuer's configured JWKS URL.
 */
function trustedIssuerOf(
  t: UnverifiedToken,
  algorithms: readonly string[],
  keyGetters: ReadonlyMap<string, IssuerKeys>,
): { iss: string; keys: IssuerKeys } {
  const alg = t.header.alg ?? '';
  if (!algorithms.includes(alg))
    throw new CdsAuthError(
      `JWT alg "${alg}" is not accepted: sign with ${algorithms.join(' or ')} (none and HMAC are refused).`,
    );
  if (!t.header.kid) throw new CdsAuthError('JWT header must carry kid.');
  const iss = typeof t.claims.iss === 'string' ? t.claims.iss : '';
  const keys = keyGetters.get(iss);
  if (!keys) throw new CdsAuthError(`JWT issuer "${iss}" is not trusted.`);
  // Keys never come from the token's jku: an inline JWKS ignores it; a URL-configured issuer
  // refuses a jku that names another URL (a sign of a token built for another verifier).
  if (keys.url !== undefined && t.header.jku !== undefined && t.header.jku !== keys.url)
    throw new CdsAuthError('JWT jku does not match the JWKS URL configured for this issuer.');
  return { iss, keys };
}

/** exp, iat and jti once the signature verified: iat not in the future, lifetime bounded, jti a short string. */
function checkedClaims(payload: JWTPayload, nowSec: number, maxLifetime: number): { exp: number; jti: string } {
  const exp = payload.exp as number;
  const iat = payload.iat as number;
  if (iat > nowSec + CLOCK_TOLERANCE_SECONDS) throw new CdsAuthError('JWT iat is in the future.');
  if (typeof exp !== 'number' || typeof iat !== 'number') throw new CdsAuthError('JWT exp and iat must be numbers.');
  if (exp - iat > maxLifetime) throw new CdsAuthError(`JWT lifetime (exp − iat) exceeds ${maxLifetime} s.`);
  const jti: unknown = payload.jti;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256)
    throw new CdsAuthError('JWT jti must be a non-empty string (at most 256 characters).');
  return { exp, jti };
}

/**
 * The jti replay cache: one partition per issuer (jti → exp in seconds), entries dropped once
 * their token expired; a full partition refuses only its own issuer.
 */
class JtiReplayCache {
  private readonly seen = new Map<string, Map<string, number>>();

  constructor(private readonly perIssuer: number) {}

  /** Records a jti, refusing one already seen within its token's lifetime. */
  remember(iss: string, jti: string, exp: number, nowSec: number): void {
    let partition = this.seen.get(iss);
    if (!partition) {
      partition = new Map();
      this.seen.set(iss, partition);
    }
    for (const [key, keyExp] of partition) if (keyExp + CLOCK_TOLERANCE_SECONDS < nowSec) partition.delete(key);
    if (partition.has(jti)) throw new CdsAuthError('JWT jti has already been used (replay).');
    if (partition.size >= this.perIssuer)
      throw new CdsAuthError('Too many live tokens from this issuer; retry shortly.');
    partition.set(jti, exp);
  }
}

export function createCdsJwtVerifier(
  issuers: Record<string, TrustedIssuerConfig>,
  opts: CdsJwtVerifierOptions = {},
): CdsJwtVerifier {
  const now = opts.now ?? (() => Date.now());
  const algorithms = (opts.algorithms ?? ALLOWED_ALGORITHMS).filter((a) => !FORBIDDEN_ALGORITHM.test(a));
  const maxLifetime = opts.maxLifetimeSeconds ?? MAX_LIFETIME_SECONDS;
  const keyGetters = issuerKeys(issuers);
  const replayCache = new JtiReplayCache(opts.jtiCachePerIssuer ?? DEFAULT_JTI_PER_ISSUER);

  /** Signature (with the issuer's key), typ, iss, aud and the required claims, by jose. */
  async function verifiedPayload(token: string, iss: string, keys: IssuerKeys, audiences: readonly string[]) {
    try {
      const { payload } = await jwtVerify(token, keys.get, {
        algorithms: [...algorithms],
        issuer: iss,
        audience: [...audiences],
        typ: 'JWT',
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now()),
      });
      return payload;
    } catch (e) {
      throw new CdsAuthError(describeJoseError(e));
    }
  }

  return {
    async verify(authorization, audiences) {
      const unverified = readBearerToken(authorization);
      const { iss, keys } = trustedIssuerOf(unverified, algorithms, keyGetters);
      const payload = await verifiedPayload(unverified.token, iss, keys, audiences);
      const nowSec = Math.floor(now() / 1000);
      const { exp, jti } = checkedClaims(payload, nowSec, maxLifetime);
      replayCache.remember(iss, jti, exp, nowSec);
      return { iss, jti, exp, ...(typeof payload.tenant === 'string' ? { tenant: payload.tenant } : {}) };
    },
  };
}

function describeJoseError(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'JWT has expired.';
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return 'JWT aud is not the URL of this CDS service endpoint.';
    return `JWT claim ${e.claim} is invalid: ${e.reason}.`;
  }
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'JWT signature does not verify.';
  if (e instanceof joseErrors.JWKSNoMatchingKey) return 'No key of the issuer matches the JWT kid.';
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'JWT alg is not accepted by this service.';
  if (e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JOSEError)
    return `JWT could not be verified (${e.code}).`;
  return 'JWT could not be verified.';
}
