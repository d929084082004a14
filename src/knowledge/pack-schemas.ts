/**
 * JSON Schema validation of pack files. The schemas under `rules/schemas/` are compiled once per
 * process (ajv, draft 2020-12) and reused for every pack loaded afterwards.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { PACK_FILES, SHARED_SCHEMAS, type PackFileName, type PackViolation } from './pack-files';

const SCHEMA_MARKER = 'common.schema.json';

/** `rules/schemas` next to the code, whether it runs from `src/` (tsx, jest) or from `dist/src/`. */
export function findSchemasDir(): string {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'rules', 'schemas'),
    path.resolve(__dirname, '..', '..', '..', 'rules', 'schemas'),
    path.resolve(process.cwd(), 'rules', 'schemas'),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, SCHEMA_MARKER)));
  if (found === undefined) throw new Error(`Knowledge-pack schemas not found; looked in ${candidates.join(', ')}`);
  return found;
}

type Validators = ReadonlyMap<PackFileName, ValidateFunction>;
let compiled: Validators | undefined;

function compileValidators(): Validators {
  const dir = findSchemasDir();
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  const read = (name: string): object => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as object;
  for (const shared of SHARED_SCHEMAS) ajv.addSchema(read(shared));
  const validators = new Map<PackFileName, ValidateFunction>();
  for (const { file, schema } of PACK_FILES) validators.set(file, ajv.compile(read(schema)));
  return validators;
}

/** The compiled validators; compiled on first use only. */
export function packValidators(): Validators {
  compiled ??= compileValidators();
  return compiled;
}

/** Validates one parsed pack file; returns its violations (empty when valid). */
export function validatePackFile(file: PackFileName, data: unknown): PackViolation[] {
  const validate = packValidators().get(file);
  if (validate === undefined) return [{ file, pointer: '', message: 'no schema for this file' }];
  if (validate(data)) return [];
  return readableErrors(validate.errors ?? []).map((e) => ({ file, pointer: e.instancePath, message: describe(e) }));
}

/**
 * ajv reports, for one mistake inside an `anyOf` or an `if`/`then`, also the wrapper keywords.
 * Keep the errors a person can act on: drop `if` wrappers, and for a failed `anyOf` keep only the
 * `anyOf` error itself (its branches would each complain).
 */
function readableErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const failedAnyOf = new Set(
    errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.instancePath}|${e.schemaPath}`),
  );
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    for (const key of failedAnyOf) {
      const [instancePath, schemaPath] = key.split('|') as [string, string];
      if (e.instancePath === instancePath && e.schemaPath.startsWith(schemaPath + '/')) return false;
    }
    return true;
  });
}

const NOT_ALLOWED_BECAUSE: Readonly<Record<string, string>> = {
  unit: 'only flat doses name a unit',
  referenceProduct: 'an originator has no reference product',
  value: "ops 'exists' and 'missing' take no value",
};

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown property '${String(params.additionalProperty)}'`;
    case 'required':
      return `missing required property '${String(params.missingProperty)}'`;
    case 'enum':
      return `must be one of ${JSON.stringify(params.allowedValues)}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'anyOf':
      return e.schemaPath.includes('Condition')
        ? 'must be a condition: {all: [...]}, {any: [...]}, {not: ...} or {fact, op, value}'
        : `${e.message ?? 'is invalid'}`;
    case 'false schema': {
      const property = e.instancePath.split('/').pop() ?? '';
      const why = NOT_ALLOWED_BECAUSE[property];
      return `'${property}' is not allowed here${why === undefined ? '' : ` (${why})`}`;
    }
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}
