/**
 * The files of a knowledge pack, in the fixed order the digest is computed over, with the JSON
 * Schema (under `rules/schemas/`) each one is validated against.
 */
export const PACK_FILES = [
  { file: 'manifest.json', schema: 'manifest.schema.json' },
  { file: 'sources.json', schema: 'sources.schema.json' },
  { file: 'drug-classes.json', schema: 'drug-classes.schema.json' },
  { file: 'formulary.json', schema: 'formulary.schema.json' },
  { file: 'atc-aliases.json', schema: 'atc-aliases.schema.json' },
  { file: 'his-codes.json', schema: 'his-codes.schema.json' },
  { file: 'regimens.json', schema: 'regimens.schema.json' },
  { file: 'regimen-switches.json', schema: 'regimen-switches.schema.json' },
  { file: 'substitution-groups.json', schema: 'substitution-groups.schema.json' },
  { file: 'rules.json', schema: 'rules.schema.json' },
  { file: 'contraindications.json', schema: 'contraindications.schema.json' },
  { file: 'variant-classes.json', schema: 'variant-classes.schema.json' },
  { file: 'drg-tariffs.json', schema: 'drg-tariffs.schema.json' },
  { file: 'policies.json', schema: 'policies.schema.json' },
  { file: 'payer-policy.json', schema: 'payer-policy.schema.json' },
  { file: 'terminology.json', schema: 'terminology.schema.json' },
] as const;

export type PackFileName = (typeof PACK_FILES)[number]['file'];

/** Schemas other schemas `$ref` into; added to ajv but not used to validate a file directly. */
export const SHARED_SCHEMAS = ['common.schema.json'] as const;

/** One problem found in a pack: which file, where in it (RFC 6901 JSON pointer), what is wrong. */
export interface PackViolation {
  file: string;
  pointer: string;
  message: string;
}

/** Builds an RFC 6901 JSON pointer from path segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function formatViolation(v: PackViolation): string {
  return `${v.file}${v.pointer === '' ? '' : ' ' + v.pointer}: ${v.message}`;
}
