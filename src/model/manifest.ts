/**
 * The model manifest: its TypeScript shape, JSON Schema validation (models/manifest.schema.json, compiled
 * once) and the cross-field checks a schema cannot express.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import schema from '../../models/manifest.schema.json';
import { ModelLoadError } from './errors';
import { OUTPUT_ROLES, type OutputRole } from './types';

export type FeatureEncoding =
  | { kind: 'numeric' }
  | { kind: 'count' }
  | { kind: 'one-hot'; category: string }
  | { kind: 'ordinal'; categories: Record<string, number> };

export interface ManifestFeature {
  index: number;
  name: string;
  /** ModelInput field, or `classCounts.<class>` */
  source: string;
  csvColumn?: string;
  type: 'float32';
  encoding: FeatureEncoding;
  unit: string;
  range: { min: number; max: number };
  /** encoded value used when the source is missing */
  default: number;
  description?: string;
}

export interface ManifestOutput {
  name: string;
  role?: OutputRole;
  type: 'float32';
  shape: [string, 1] | [string];
  unit: string;
  description?: string;
}

export interface ModelManifest {
  schemaVersion: 1;
  id: string;
  version: string;
  description?: string;
  onnx: { file: string; sha256: string; bytes?: number; opsets?: Record<string, number>; producer?: string };
  trainedOnSyntheticData: boolean;
  trainingData: { source: 'synthetic' | 'csv' | 'other'; description: string; [key: string]: unknown };
  coverage: { conditions: string[]; regimenClasses: string[] };
  input: { name: string; type: 'float32'; shape: [string, number] };
  outOfRangePolicy: 'clamp' | 'pass-through';
  features: ManifestFeature[];
  outputs: ManifestOutput[];
  interval: { coverage: number; method: string; appliesTo?: string; [key: string]: unknown };
  monotoneConstraints?: Record<string, unknown>;
  training?: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export const MANIFEST_FILE = 'manifest.json';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateSchema = ajv.compile<ModelManifest>(schema);

function formatAjvError(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'manifest' : `manifest${e.instancePath}`;
  const extra =
    e.keyword === 'additionalProperties'
      ? ` ('${String((e.params as { additionalProperty?: string }).additionalProperty)}')`
      : e.keyword === 'enum'
        ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
        : '';
  return `${where} ${e.message ?? 'is invalid'}${extra}`;
}

/** Cross-field rules: feature order, sizes, ranges, one output per role. */
function semanticProblems(m: ModelManifest): string[] {
  const problems: string[] = [];
  m.features.forEach((f, i) => {
    if (f.index !== i) problems.push(`manifest feature '${f.name}' is at position ${i} but declares index ${f.index}`);
    if (f.range.min > f.range.max)
      problems.push(`manifest feature '${f.name}' has range.min ${f.range.min} > range.max ${f.range.max}`);
    if (f.default < f.range.min || f.default > f.range.max)
      problems.push(
        `manifest feature '${f.name}' default ${f.default} is outside its range [${f.range.min}, ${f.range.max}]`,
      );
  });
  const names = new Set<string>();
  for (const f of m.features) {
    if (names.has(f.name)) problems.push(`manifest feature name '${f.name}' is used twice`);
    names.add(f.name);
  }
  const oneHot = new Set<string>();
  for (const f of m.features) {
    if (f.encoding.kind !== 'one-hot') continue;
    const key = `${f.source}=${f.encoding.category}`;
    if (oneHot.has(key)) problems.push(`manifest has two one-hot columns for ${key}`);
    oneHot.add(key);
  }
  if (m.input.shape[1] !== m.features.length)
    problems.push(
      `manifest input '${m.input.name}' has ${m.input.shape[1]} columns in its shape but ${m.features.length} features are listed`,
    );
  const outNames = new Set<string>();
  for (const o of m.outputs) {
    if (outNames.has(o.name)) problems.push(`manifest output name '${o.name}' is used twice`);
    outNames.add(o.name);
  }
  for (const role of OUTPUT_ROLES) {
    const n = m.outputs.filter((o) => o.role === role).length;
    if (n === 0) problems.push(`manifest has no output with role '${role}'`);
    if (n > 1) problems.push(`manifest has ${n} outputs with role '${role}' (exactly one allowed)`);
  }
  return problems;
}

export type ManifestValidation = { ok: true; manifest: ModelManifest } | { ok: false; problems: string[] };

/** Validates a parsed manifest against the JSON Schema and the cross-field rules. */
export function validateManifest(value: unknown): ManifestValidation {
  if (!validateSchema(value)) {
    return { ok: false, problems: (validateSchema.errors ?? []).map(formatAjvError) };
  }
  const problems = semanticProblems(value);
  return problems.length ? { ok: false, problems } : { ok: true, manifest: value };
}

/** Reads and validates <dir>/manifest.json; throws ModelLoadError listing every problem. */
export async function readManifest(dir: string): Promise<ModelManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ModelLoadError(dir, [`cannot read ${path}: ${(e as Error).message}`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ModelLoadError(dir, [`${path} is not valid JSON: ${(e as Error).message}`]);
  }
  const result = validateManifest(parsed);
  if (!result.ok) throw new ModelLoadError(dir, result.problems);
  return result.manifest;
}
