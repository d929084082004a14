/**
 * Configuration from environment variables, read once at start-up. Every variable is listed in
 * the README's configuration table.
 */
import path from 'node:path';
import type { HospitalTier } from '../knowledge/types';

export interface Config {
  port: number;
  host: string;
  packPath: string;
  modelPath: string | null;
  modelIntraOpThreads: number;
  apiKeysFile: string;
  apiAuthDisabled: boolean;
  jwtIssuer: string | null;
  jwtJwksUrl: string | null;
  jwtJwksFile: string | null;
  jwtAudience: string | null;
  cdsAuthDisabled: boolean;
  cdsTrustedIssuersFile: string | null;
  publicBaseUrl: string | null;
  defaultHospitalTier: HospitalTier;
  defaultRegion: string | null;
  defaultLanguage: 'en' | 'zh';
  bodyLimit: string;
  logLevel: string;
  workers: number;
  adminKeysFile: string | null;
  shutdownTimeoutMs: number;
  shutdownDrainMs: number;
  fhirTimeoutMs: number;
  /** Generated first API key: written here (mode 0600) instead of printed on stderr. */
  apiKeyOutputFile: string | null;
  /** Hashed keys a scraper must present on /metrics; null = /metrics is open. */
  metricsKeysFile: string | null;
  admission: { maxConcurrent: number; maxQueued: number; maxQueueMs: number; retryAfterSeconds: number };
}

export const ROOT_DIR = path.resolve(
  __dirname,
  '..',
  '..',
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '.',
);

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`Configuration: ${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function positive(name: string, n: number): number {
  if (n < 1) throw new Error(`Configuration: ${name} must be at least 1, got ${n}`);
  return n;
}

function tier(value: string | undefined): HospitalTier {
  if (value === undefined || value === '') return 'tertiary';
  if (value === 'tertiary' || value === 'secondary' || value === 'primary') return value;
  throw new Error(`Configuration: HOSPITAL_TIER must be tertiary, secondary or primary, got "${value}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const language = env.DEFAULT_LANGUAGE ?? 'zh';
  if (language !== 'en' && language !== 'zh')
    throw new Error(`Configuration: DEFAULT_LANGUAGE must be en or zh, got "${language}"`);
  return {
    port: int('PORT', env.PORT, 8080),
    host: env.HOST ?? '127.0.0.1',
    packPath: path.resolve(env.PACK_PATH ?? path.join(ROOT_DIR, 'rules', 'default')),
    modelPath:
      env.MODEL_PATH === 'none'
        ? null
        : path.resolve(env.MODEL_PATH ?? path.join(ROOT_DIR, 'models', 'cost-outcome-v1')),
    modelIntraOpThreads: int('MODEL_INTRA_OP_THREADS', env.MODEL_INTRA_OP_THREADS, 1),
    apiKeysFile: path.resolve(env.API_KEYS_FILE ?? path.join(ROOT_DIR, 'var', 'api-keys.json')),
    apiAuthDisabled: bool(env.API_AUTH_DISABLED, false),
    jwtIssuer: env.JWT_ISSUER || null,
    jwtJwksUrl: env.JWT_JWKS_URL || null,
    jwtJwksFile: env.JWT_JWKS_FILE ? path.resolve(env.JWT_JWKS_FILE) : null,
    jwtAudience: env.JWT_AUDIENCE || null,
    cdsAuthDisabled: bool(env.CDS_AUTH_DISABLED, false),
    cdsTrustedIssuersFile: env.CDS_TRUSTED_ISSUERS_FILE ? path.resolve(env.CDS_TRUSTED_ISSUERS_FILE) : null,
    publicBaseUrl: env.PUBLIC_BASE_URL ? env.PUBLIC_BASE_URL.replace(/\/+$/, '') : null,
    defaultHospitalTier: tier(env.HOSPITAL_TIER),
    defaultRegion: env.REGION || null,
    defaultLanguage: language,
    bodyLimit: env.BODY_LIMIT ?? '2mb',
    logLevel: env.LOG_LEVEL ?? 'info',
    workers: int('WORKERS', env.WORKERS, 1),
    adminKeysFile: env.ADMIN_KEYS_FILE ? path.resolve(env.ADMIN_KEYS_FILE) : null,
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', env.SHUTDOWN_TIMEOUT_MS, 10000),
    shutdownDrainMs: int('SHUTDOWN_DRAIN_MS', env.SHUTDOWN_DRAIN_MS, 1000),
    fhirTimeoutMs: int('FHIR_TIMEOUT_MS', env.FHIR_TIMEOUT_MS, 2000),
    apiKeyOutputFile: env.API_KEY_OUTPUT_FILE ? path.resolve(env.API_KEY_OUTPUT_FILE) : null,
    metricsKeysFile: env.METRICS_KEYS_FILE ? path.resolve(env.METRICS_KEYS_FILE) : null,
    admission: {
      maxConcurrent: positive(
        'MAX_CONCURRENT_REQUESTS',
        int('MAX_CONCURRENT_REQUESTS', env.MAX_CONCURRENT_REQUESTS, 4),
      ),
      maxQueued: int('MAX_QUEUED_REQUESTS', env.MAX_QUEUED_REQUESTS, 32),
      maxQueueMs: int('MAX_QUEUE_MS', env.MAX_QUEUE_MS, 250),
      retryAfterSeconds: positive('RETRY_AFTER_SECONDS', int('RETRY_AFTER_SECONDS', env.RETRY_AFTER_SECONDS, 1)),
    },
  };
}
