/**
 * CDS Hooks settings that the shared Config does not (yet) carry, read once at start-up from the
 * environment. Each is optional:
 *
 * | variable                    | meaning                                                                 |
 * |-----------------------------|-------------------------------------------------------------------------|
 * | CDS_HIS_CODE_SYSTEM         | FHIR system URI of the hospital's HIS item codes (default urn:combo-cost-cds:his) |
 * | CDS_SERVICE_PROVIDERS_FILE  | JSON: Encounter.serviceProvider (`Organization/x`, id or identifier value) → `{ "hospitalTier": "secondary", "region": "…" }`, for a network of hospitals |
 * | CDS_SAVINGS_MIN_ABSOLUTE    | show a cheaper alternative from this saving per course (CNY); default: the pack's policies.savingsDisplayThreshold.absolute |
 * | CDS_SAVINGS_MIN_FRACTION    | … or from this fraction of the course cost; default: the pack's policies.savingsDisplayThreshold.fraction |
 * | SERVICE_TIME_ZONE           | IANA zone for "today" when an order has no authoredOn (default: the process's zone) |
 * | CDS_HIS_CODE_SYSTEMS        | further HIS code system URIs, comma-separated (several HIS in one deployment); same item codes |
 * | CDS_FHIR_SERVER_ALLOWLIST   | comma-separated FHIR base URL prefixes the service may fetch from; empty (default, development too): nothing is fetched, missing data is reported |
 * | CDS_JWT_ALGORITHMS          | accepted client JWT algorithms, comma-separated (default ES384,RS384; ES256, ES512, RS256, RS512, PS256, PS384, PS512 allowed; never none/HMAC) |
 * | CDS_JWT_MAX_LIFETIME_S      | largest accepted exp − iat of a client JWT in seconds (default 3600) |
 * | CDS_JTI_CACHE_PER_ISSUER    | live jti entries kept per issuer for replay detection (default 10000); a full partition refuses only that issuer |
 * | CORS_ORIGINS                | browser origins allowed to call /cds-services (comma-separated, `*` for any; default none) |
 * | CDS_MAX_CARDS               | at most this many cards per hook call (default 5; safety first) |
 * | CDS_SUGGESTION_STYLE        | `delete-create` (default) or `update`: how a single-drug switch is suggested |
 * | CDS_DEFAULT_LANGUAGE        | card language for calls without Accept-Language (en or zh; default: DEFAULT_LANGUAGE) |
 * | CDS_FHIR_MAX_RESPONSE_BYTES | largest FHIR answer read per GET (default 2 MiB) |
 * | CDS_FHIR_MAX_HOOK_BYTES     | largest total read from the FHIR server per hook call (default 8 MiB) |
 * | CDS_FHIR_MAX_PAGES          | Bundle pages followed per query (default 5) |
 * | CDS_FHIR_CONCURRENCY        | concurrent GETs per hook call (default 4) |
 */
import { readFileSync } from 'node:fs';
import type { HospitalTier } from '../../knowledge/types';
import { SYSTEMS } from './code-systems';
import type { ServiceProviderOverride } from './fhir-to-case';

export type SuggestionStyle = 'delete-create' | 'update';

export interface FhirFetchLimits {
  maxResponseBytes: number;
  maxHookBytes: number;
  maxPages: number;
  concurrency: number;
}

export interface CdsSettings {
  hisSystem: string;
  /** Every HIS code system of this deployment (hisSystem first). */
  hisSystems?: readonly string[];
  /** FHIR base URL prefixes fetching is allowed from (normalised, no trailing slash). */
  fhirServerAllowlist?: readonly string[];
  jwtAlgorithms?: readonly string[];
  jwtMaxLifetimeS?: number;
  jtiCachePerIssuer?: number;
  /** `*` or exact origins. */
  corsOrigins?: readonly string[];
  maxCards?: number;
  suggestionStyle?: SuggestionStyle;
  defaultLanguage?: 'en' | 'zh';
  fetchLimits?: FhirFetchLimits;
  serviceProviders: ReadonlyMap<string, ServiceProviderOverride>;
  savingsMinAbsolute?: number;
  savingsMinFraction?: number;
  timeZone: string;
}

function nonNegative(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`Configuration: ${name} must be a non-negative number, got "${value}"`);
  return n;
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`Configuration: ${name} must be a positive integer, got "${value}"`);
  return n;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** Algorithms a client may sign with: asymmetric only (CDS Hooks 2.0 forbids none and shared secrets). */
export const SUPPORTED_JWT_ALGORITHMS: readonly string[] = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
];

export function parseJwtAlgorithms(value: string | undefined): string[] {
  const algs = list(value);
  if (algs.length === 0) return ['ES384', 'RS384'];
  for (const a of algs)
    if (!SUPPORTED_JWT_ALGORITHMS.includes(a))
      throw new Error(
        `Configuration: CDS_JWT_ALGORITHMS: "${a}" is not accepted; use ${SUPPORTED_JWT_ALGORITHMS.join(', ')}`,
      );
  return algs;
}

/** FHIR base URL prefixes: each must be an absolute https URL (http only on loopback) without credentials, query or fragment. */
export function parseFhirAllowlist(value: string | undefined): string[] {
  return list(value).map((entry) => {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`Configuration: CDS_FHIR_SERVER_ALLOWLIST: "${entry}" is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error('Configuration: CDS_FHIR_SERVER_ALLOWLIST entries must be http(s) URLs');
    if (url.username || url.password)
      throw new Error('Configuration: CDS_FHIR_SERVER_ALLOWLIST entries must not carry credentials');
    if (url.search || url.hash)
      throw new Error('Configuration: CDS_FHIR_SERVER_ALLOWLIST entries must not carry a query or fragment');
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  });
}

export function parseCorsOrigins(value: string | undefined): string[] {
  return list(value).map((o) => {
    if (o === '*') return o;
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new Error(`Configuration: CORS_ORIGINS: "${o}" is not an origin`);
    }
    if (url.origin !== o.replace(/\/+$/, ''))
      throw new Error(`Configuration: CORS_ORIGINS: "${o}" must be an origin (scheme://host[:port]) only`);
    return url.origin;
  });
}

const TIERS: readonly HospitalTier[] = ['tertiary', 'secondary', 'primary'];

export function parseServiceProviders(parsed: unknown, where: string): Map<string, ServiceProviderOverride> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${where}: must be a JSON object`);
  const out = new Map<string, ServiceProviderOverride>();
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) throw new Error(`${where}: ${key} must be an object`);
    const v = value as { hospitalTier?: unknown; region?: unknown };
    const o: ServiceProviderOverride = {};
    if (v.hospitalTier !== undefined) {
      if (!TIERS.includes(v.hospitalTier as HospitalTier))
        throw new Error(`${where}: ${key}.hospitalTier must be tertiary, secondary or primary`);
      o.hospitalTier = v.hospitalTier as HospitalTier;
    }
    if (v.region !== undefined) {
      if (typeof v.region !== 'string' || v.region === '') throw new Error(`${where}: ${key}.region must be a string`);
      o.region = v.region;
    }
    out.set(key, o);
  }
  return out;
}

export function loadCdsSettings(env: NodeJS.ProcessEnv = process.env): CdsSettings {
  let serviceProviders = new Map<string, ServiceProviderOverride>();
  const file = env.CDS_SERVICE_PROVIDERS_FILE;
  if (file)
    serviceProviders = parseServiceProviders(
      JSON.parse(readFileSync(file, 'utf8')),
      `CDS_SERVICE_PROVIDERS_FILE ${file}`,
    );
  const timeZone = env.SERVICE_TIME_ZONE || Intl.DateTimeFormat().resolvedOptions().timeZone;
  new Intl.DateTimeFormat('en-CA', { timeZone }); // throws RangeError for an unknown zone
  const savingsMinAbsolute = nonNegative('CDS_SAVINGS_MIN_ABSOLUTE', env.CDS_SAVINGS_MIN_ABSOLUTE);
  const savingsMinFraction = nonNegative('CDS_SAVINGS_MIN_FRACTION', env.CDS_SAVINGS_MIN_FRACTION);
  const style = env.CDS_SUGGESTION_STYLE || 'delete-create';
  if (style !== 'delete-create' && style !== 'update')
    throw new Error(`Configuration: CDS_SUGGESTION_STYLE must be delete-create or update, got "${style}"`);
  const lang = env.CDS_DEFAULT_LANGUAGE || undefined;
  if (lang !== undefined && lang !== 'en' && lang !== 'zh')
    throw new Error(`Configuration: CDS_DEFAULT_LANGUAGE must be en or zh, got "${lang}"`);
  const hisSystem = env.CDS_HIS_CODE_SYSTEM || SYSTEMS.hisDefault;
  return {
    hisSystem,
    hisSystems: [...new Set([hisSystem, ...list(env.CDS_HIS_CODE_SYSTEMS)])],
    fhirServerAllowlist: parseFhirAllowlist(env.CDS_FHIR_SERVER_ALLOWLIST),
    jwtAlgorithms: parseJwtAlgorithms(env.CDS_JWT_ALGORITHMS),
    jwtMaxLifetimeS: positiveInt('CDS_JWT_MAX_LIFETIME_S', env.CDS_JWT_MAX_LIFETIME_S, 3600),
    jtiCachePerIssuer: positiveInt('CDS_JTI_CACHE_PER_ISSUER', env.CDS_JTI_CACHE_PER_ISSUER, 10_000),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    maxCards: positiveInt('CDS_MAX_CARDS', env.CDS_MAX_CARDS, 5),
    suggestionStyle: style,
    ...(lang ? { defaultLanguage: lang } : {}),
    fetchLimits: {
      maxResponseBytes: positiveInt('CDS_FHIR_MAX_RESPONSE_BYTES', env.CDS_FHIR_MAX_RESPONSE_BYTES, 2 * 1024 * 1024),
      maxHookBytes: positiveInt('CDS_FHIR_MAX_HOOK_BYTES', env.CDS_FHIR_MAX_HOOK_BYTES, 8 * 1024 * 1024),
      maxPages: positiveInt('CDS_FHIR_MAX_PAGES', env.CDS_FHIR_MAX_PAGES, 5),
      concurrency: positiveInt('CDS_FHIR_CONCURRENCY', env.CDS_FHIR_CONCURRENCY, 4),
    },
    serviceProviders,
    timeZone,
    ...(savingsMinAbsolute !== undefined ? { savingsMinAbsolute } : {}),
    ...(savingsMinFraction !== undefined ? { savingsMinFraction } : {}),
  };
}
