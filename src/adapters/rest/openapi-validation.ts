/**
 * One schema, three uses: the OpenAPI document drives request validation here (ajv, JSON
 * Schema 2020-12, compiled once at start-up), generates the TypeScript types, and documents the
 * API. Response validators are exported for the tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ROOT_DIR } from '../../config/config';
import type { ProblemError } from '../../http/problem';

const SCHEMA_ID = 'urn:combo-cost-cds:openapi';

export interface OpenApiValidators {
  validate(schemaName: string, value: unknown): ProblemError[];
  document: Record<string, unknown>;
}

/**
 * An `anyOf` of required properties (the proposal needs `regimenId` or `components`) fails with one
 * "required" error per branch, which reads as if every one were needed. Fold them into the anyOf
 * error: "needs one of: regimenId, components".
 */
function foldAnyOfRequired(errors: readonly ErrorObject[]): ErrorObject[] {
  const alternatives = new Map<string, string[]>();
  const branchRequired = (e: ErrorObject) => e.keyword === 'required' && /\/anyOf\/\d+\/required$/.test(e.schemaPath);
  for (const e of errors) {
    if (branchRequired(e))
      alternatives.set(e.instancePath, [
        ...(alternatives.get(e.instancePath) ?? []),
        (e.params as { missingProperty: string }).missingProperty,
      ]);
  }
  return errors
    .filter((e) => !branchRequired(e))
    .map((e) => {
      const names = e.keyword === 'anyOf' ? alternatives.get(e.instancePath) : undefined;
      return names ? { ...e, message: `needs one of: ${names.join(', ')}` } : e;
    });
}

export function toProblemErrors(errors: readonly ErrorObject[] | null | undefined, prefix = ''): ProblemError[] {
  return foldAnyOfRequired(errors ?? []).map((e) => {
    let pointer = prefix + e.instancePath;
    if (e.keyword === 'required') pointer += `/${(e.params as { missingProperty: string }).missingProperty}`;
    if (e.keyword === 'additionalProperties')
      pointer += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
    const detail =
      e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    const message =
      e.keyword === 'required'
        ? 'is required'
        : e.keyword === 'additionalProperties'
          ? 'is not a recognised field'
          : `${e.message ?? 'is invalid'}${detail}`;
    return { pointer: pointer || '/', message, code: e.keyword };
  });
}

export function loadOpenApiDocument(file = path.join(ROOT_DIR, 'openapi', 'openapi.yaml')): Record<string, unknown> {
  return parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export function createOpenApiValidators(document = loadOpenApiDocument()): OpenApiValidators {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SCHEMA_ID, components: (document as { components: unknown }).components });
  const cache = new Map<string, ValidateFunction>();
  const validator = (name: string): ValidateFunction => {
    let v = cache.get(name);
    if (!v) {
      v = ajv.getSchema(`${SCHEMA_ID}#/components/schemas/${name}`);
      if (!v) throw new Error(`OpenAPI schema ${name} not found`);
      cache.set(name, v);
    }
    return v;
  };
  // Compile the request schemas now, so a broken document stops start-up rather than a request.
  for (const name of ['AssessmentRequest', 'BatchRequest']) validator(name);
  return {
    document,
    validate(schemaName, value) {
      const v = validator(schemaName);
      if (v(value)) return [];
      const errors = toProblemErrors(v.errors);
      // anyOf/oneOf produce one error per branch; keep them all but drop exact duplicates.
      return errors.filter((e, i) => errors.findIndex((f) => f.pointer === e.pointer && f.message === e.message) === i);
    },
  };
}
