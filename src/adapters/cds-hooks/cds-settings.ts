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
 */
import { readFileSync } from 'node:fs';
import type { HospitalTier } from '../../knowledge/types';
import { SYSTEMS } from './code-systems';
import type { ServiceProviderOverride } from './fhir-to-case';

export interface CdsSettings {
  hisSystem: string;
  serviceProviders: ReadonlyMap<string, ServiceProviderOverride>;
  savingsMinAbsolute?: number;
  savingsMinFraction?: number;
  timeZone: string;
}

function nonNegative(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`Configuration: ${name} must be a non-negative number, got "${value}"`);
  return n;
}

const TIERS: readonly HospitalTier[] = ['tertiary', 'secondary', 'primary'];

export function parseServiceProviders(parsed: unknown, where: string): Map<string, ServiceProviderOverride> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${where}: must be a JSON object`);
  const out = new Map<string, ServiceProviderOverride>();
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) throw new Error(`${where}: ${key} must be an object`);
    const v = value as { hospitalTier?: unknown; region?: unknown };
    const o: ServiceProviderOverride = {};
    if (v.hospitalTier !== undefined) {
      if (!TIERS.includes(v.hospitalTier as HospitalTier)) throw new Error(`${where}: ${key}.hospitalTier must be tertiary, secondary or primary`);
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
  if (file) serviceProviders = parseServiceProviders(JSON.parse(readFileSync(file, 'utf8')), `CDS_SERVICE_PROVIDERS_FILE ${file}`);
  const timeZone = env.SERVICE_TIME_ZONE || Intl.DateTimeFormat().resolvedOptions().timeZone;
  new Intl.DateTimeFormat('en-CA', { timeZone }); // throws RangeError for an unknown zone
  const savingsMinAbsolute = nonNegative('CDS_SAVINGS_MIN_ABSOLUTE', env.CDS_SAVINGS_MIN_ABSOLUTE);
  const savingsMinFraction = nonNegative('CDS_SAVINGS_MIN_FRACTION', env.CDS_SAVINGS_MIN_FRACTION);
  return {
    hisSystem: env.CDS_HIS_CODE_SYSTEM || SYSTEMS.hisDefault,
    serviceProviders,
    timeZone,
    ...(savingsMinAbsolute !== undefined ? { savingsMinAbsolute } : {}),
    ...(savingsMinFraction !== undefined ? { savingsMinFraction } : {}),
  };
}
