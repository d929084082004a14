/**
 * Reading untrusted FHIR R4 JSON with its path: every accessor takes the value and the FHIR
 * path it came from (`context.draftOrders.entry[0].resource.dosageInstruction[0]`) and records a
 * violation instead of throwing, so one 400 can name every malformed element.
 */
import type { ProblemError } from '../../http/problem';
import { canonicalSystem } from './code-systems';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export class FhirIssues {
  readonly errors: ProblemError[] = [];

  add(path: string, message: string): void {
    if (this.errors.length < 100) this.errors.push({ pointer: path, message, code: 'fhir-invalid' });
  }

  get empty(): boolean {
    return this.errors.length === 0;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function child(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}

/** An optional object property; records a violation when present with another type. */
export function optObject(parent: JsonObject, key: string, path: string, issues: FhirIssues): JsonObject | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    issues.add(child(path, key), 'must be a JSON object');
    return undefined;
  }
  return value;
}

export function optArray(parent: JsonObject, key: string, path: string, issues: FhirIssues): Json[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.add(child(path, key), 'must be a JSON array (FHIR R4 repeating element)');
    return [];
  }
  return value;
}

export function optString(parent: JsonObject, key: string, path: string, issues: FhirIssues): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    issues.add(child(path, key), 'must be a non-empty string');
    return undefined;
  }
  return value;
}

export function optNumber(
  parent: JsonObject,
  key: string,
  path: string,
  issues: FhirIssues,
  opts: { min?: number; positive?: boolean; integer?: boolean } = {},
): number | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.add(child(path, key), 'must be a JSON number');
    return undefined;
  }
  if (opts.integer && !Number.isInteger(value)) {
    issues.add(child(path, key), 'must be an integer');
    return undefined;
  }
  if (opts.positive && value <= 0) {
    issues.add(child(path, key), 'must be greater than 0');
    return undefined;
  }
  if (opts.min !== undefined && value < opts.min) {
    issues.add(child(path, key), `must be at least ${opts.min}`);
    return undefined;
  }
  return value;
}

const DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** A FHIR date or dateTime (partial dates allowed as in R4). */
export function optDate(parent: JsonObject, key: string, path: string, issues: FhirIssues): string | undefined {
  const value = optString(parent, key, path, issues);
  if (value === undefined) return undefined;
  if (
    !DATE.test(value) ||
    Number.isNaN(Date.parse(value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value))
  ) {
    issues.add(
      child(path, key),
      'must be a FHIR date or dateTime (YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time)',
    );
    return undefined;
  }
  return value;
}

export interface CodingValue {
  system?: string;
  code?: string;
  display?: string;
  path: string;
}

/** The codings of a CodeableConcept, systems canonicalised, plus its text. */
export function readCodeableConcept(
  value: Json | undefined,
  path: string,
  issues: FhirIssues,
): { codings: CodingValue[]; text?: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    issues.add(path, 'must be a CodeableConcept object');
    return undefined;
  }
  const codings: CodingValue[] = [];
  optArray(value, 'coding', path, issues).forEach((c, i) => {
    const cp = child(child(path, 'coding'), i);
    if (!isObject(c)) {
      issues.add(cp, 'must be a Coding object');
      return;
    }
    const system = canonicalSystem(optString(c, 'system', cp, issues));
    const code = optString(c, 'code', cp, issues);
    const display = optString(c, 'display', cp, issues);
    codings.push({
      ...(system !== undefined ? { system } : {}),
      ...(code !== undefined ? { code } : {}),
      ...(display !== undefined ? { display } : {}),
      path: cp,
    });
  });
  const text = optString(value, 'text', path, issues);
  return { codings, ...(text !== undefined ? { text } : {}) };
}

export function readCoding(value: Json | undefined, path: string, issues: FhirIssues): CodingValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    issues.add(path, 'must be a Coding object');
    return undefined;
  }
  const system = canonicalSystem(optString(value, 'system', path, issues));
  const code = optString(value, 'code', path, issues);
  const display = optString(value, 'display', path, issues);
  return {
    ...(system !== undefined ? { system } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(display !== undefined ? { display } : {}),
    path,
  };
}

export interface QuantityValue {
  value: number;
  unit?: string;
  code?: string;
  system?: string;
  path: string;
}

/** A Quantity; its `value` is required here because a quantity without one says nothing. */
export function readQuantity(value: Json | undefined, path: string, issues: FhirIssues): QuantityValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    issues.add(path, 'must be a Quantity object');
    return undefined;
  }
  const v = optNumber(value, 'value', path, issues);
  const unit = optString(value, 'unit', path, issues);
  const code = optString(value, 'code', path, issues);
  const system = optString(value, 'system', path, issues);
  if (v === undefined) {
    if (value.value === undefined)
      issues.add(child(path, 'value'), 'is required in a Quantity used for a dose or a result');
    return undefined;
  }
  return {
    value: v,
    path,
    ...(unit !== undefined ? { unit } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(system !== undefined ? { system } : {}),
  };
}

/** The UCUM code of a quantity (its `code`, or its `unit` when the code is absent). */
export function ucumOf(q: QuantityValue): string | undefined {
  return q.code ?? q.unit;
}

/** `Patient/123` → `123`; absolute URLs keep their last two segments. */
export function referenceId(reference: string | undefined, resourceType: string): string | undefined {
  if (reference === undefined) return undefined;
  const parts = reference.split('/');
  const i = parts.lastIndexOf(resourceType);
  if (i >= 0 && parts[i + 1]) return parts[i + 1];
  return undefined;
}
