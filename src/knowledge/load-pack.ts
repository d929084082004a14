/**
 * Loads a knowledge pack directory into the immutable, indexed KnowledgePack the pipeline uses.
 *
 * 1. read every pack file (a missing or unparsable file is a violation, not a crash);
 * 2. validate each with its JSON Schema (ajv validators compiled once per process);
 * 3. check referential integrity across files (pack-integrity.ts);
 * 4. if anything failed, throw PackValidationError listing EVERY violation with file and JSON pointer;
 * 5. otherwise index (Maps), deep-freeze and fingerprint (sha256 over the files in a fixed order).
 *
 * Authoring checks that do not make the pack unusable (missing source marks, mixed-molecule
 * groups, regimens without a product, …) live in lint-pack.ts; `npm run pack:check` runs both.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compileContraindications } from './compile-contraindications';
import { checkIntegrity, type PackFileContents, type ParsedFiles } from './pack-integrity';
import { PACK_FILES, formatViolation, type PackFileName, type PackViolation } from './pack-files';
import { validatePackFile } from './pack-schemas';
import type { CompiledScheme } from './drg-scheme/compile-scheme';
import { findSchemeDir, loadDrgScheme } from './drg-scheme';
import { schemeViolations } from './drg-tariff-integrity';
import type { KnowledgePack, Product } from './types';

export type { PackViolation } from './pack-files';

export class PackValidationError extends Error {
  readonly violations: readonly PackViolation[];

  constructor(source: string, violations: readonly PackViolation[]) {
    super(
      `Knowledge pack ${source} is invalid (${violations.length} problem${violations.length === 1 ? '' : 's'}):\n` +
        violations.map((v) => '  - ' + formatViolation(v)).join('\n'),
    );
    this.name = 'PackValidationError';
    this.violations = Object.freeze([...violations]);
  }
}

/** Reads, validates and indexes the pack in `dir`. Throws PackValidationError on any violation. */
export async function loadKnowledgePack(dir: string): Promise<KnowledgePack> {
  const texts: Partial<Record<PackFileName, string>> = {};
  const violations: PackViolation[] = [];
  await Promise.all(
    PACK_FILES.map(async ({ file }) => {
      try {
        texts[file] = await readFile(path.join(dir, file), 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        violations.push({
          file,
          pointer: '',
          message: code === 'ENOENT' ? 'file is missing' : `cannot be read: ${(e as Error).message}`,
        });
      }
    }),
  );
  const pack = buildKnowledgePack(texts, dir, violations);
  const grouper = pack.drgTariffs.grouper;
  if (!grouper) return pack;
  let scheme: CompiledScheme;
  try {
    scheme = await loadDrgScheme(await findSchemeDir(dir, grouper.scheme, grouper.version), {
      id: grouper.scheme,
      version: grouper.version,
    });
  } catch (e) {
    throw new PackValidationError(dir, [
      { file: 'drg-tariffs.json', pointer: '/grouper', message: (e as Error).message },
    ]);
  }
  return withDrgScheme(pack, scheme, dir);
}

/**
 * Attaches a compiled grouping scheme to a pack, after checking that every tariff code is a DRG
 * of that scheme and every admission-coding code is one the scheme knows.
 */
export function withDrgScheme(pack: KnowledgePack, scheme: CompiledScheme, origin = 'pack'): KnowledgePack {
  const violations = schemeViolations(pack.drgTariffs, scheme);
  if (violations.length > 0) throw new PackValidationError(origin, violations);
  // Not enumerable: the compiled scheme holds closures, and a pack is otherwise plain data that
  // tests and tools may structuredClone.
  return Object.freeze(Object.defineProperty({ ...pack }, 'drgScheme', { value: scheme, enumerable: false }));
}

/**
 * Validates and indexes pack files given as text (file name → JSON text). `origin` names the pack
 * in error messages. `priorViolations` (e.g. unreadable files) are reported together with the rest.
 */
export function buildKnowledgePack(
  texts: Partial<Record<PackFileName, string>>,
  origin = 'pack',
  priorViolations: readonly PackViolation[] = [],
): KnowledgePack {
  const violations: PackViolation[] = [...priorViolations];
  const parsed: ParsedFiles = {};
  const schemaViolations: PackViolation[] = [];

  for (const { file } of PACK_FILES) {
    const text = texts[file];
    if (text === undefined) {
      if (!violations.some((v) => v.file === file)) violations.push({ file, pointer: '', message: 'file is missing' });
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      violations.push({ file, pointer: '', message: `not valid JSON: ${(e as Error).message}` });
      continue;
    }
    parsed[file] = data;
    schemaViolations.push(...validatePackFile(file, data));
  }

  violations.push(...schemaViolations, ...checkIntegrity(parsed, schemaViolations));
  if (violations.length > 0) throw new PackValidationError(origin, sortViolations(violations));

  return indexPack(parsed as PackFileContents, digestOf(texts));
}

function sortViolations(violations: PackViolation[]): PackViolation[] {
  const order = new Map<string, number>(PACK_FILES.map(({ file }, i) => [file, i]));
  return violations
    .map((v, i) => ({ v, i }))
    .sort((a, b) => (order.get(a.v.file) ?? 99) - (order.get(b.v.file) ?? 99) || a.i - b.i)
    .map(({ v }) => v);
}

/** sha256 over `name NUL content NUL` of every pack file, in PACK_FILES order. */
function digestOf(texts: Partial<Record<PackFileName, string>>): string {
  const hash = createHash('sha256');
  for (const { file } of PACK_FILES)
    hash
      .update(file)
      .update('\0')
      .update(texts[file] ?? '')
      .update('\0');
  return 'sha256:' + hash.digest('hex');
}

function indexPack(files: PackFileContents, digest: string): KnowledgePack {
  const formulary = deepFreeze(files['formulary.json']);
  const byDrug = new Map<string, Product[]>();
  for (const p of formulary.products) {
    const list = byDrug.get(p.drug) ?? [];
    list.push(p);
    byDrug.set(p.drug, list);
  }
  const pack: KnowledgePack = {
    manifest: deepFreeze(files['manifest.json']),
    sources: frozenMap(deepFreeze(files['sources.json']).map((s) => [s.id, s])),
    drugClasses: frozenMap(deepFreeze(files['drug-classes.json']).map((c) => [c.id, c])),
    drugs: frozenMap(formulary.drugs.map((d) => [d.code, d])),
    atcAliases: frozenMap(files['atc-aliases.json'].map((a) => [a.code, a.current])),
    products: frozenMap(formulary.products.map((p) => [p.code, p])),
    productsByDrug: frozenMap([...byDrug].map(([drug, list]) => [drug, Object.freeze(list)])),
    hisCodes: frozenMap(files['his-codes.json'].map((h) => [h.hisCode, h.product])),
    regimens: frozenMap(deepFreeze(files['regimens.json']).map((r) => [r.id, r])),
    regimenSwitches: deepFreeze(files['regimen-switches.json']),
    substitutionGroups: deepFreeze(files['substitution-groups.json']),
    rules: deepFreeze([...files['rules.json'], ...compileContraindications(files['contraindications.json'])]),
    contraindications: deepFreeze(files['contraindications.json']),
    variantClasses: deepFreeze(files['variant-classes.json']),
    drgTariffs: deepFreeze(files['drg-tariffs.json']),
    policies: deepFreeze(files['policies.json']),
    payerPolicy: deepFreeze(files['payer-policy.json']),
    terminology: deepFreeze(files['terminology.json']),
    digest,
  };
  return Object.freeze(pack);
}

/** A Map that refuses changes once built (Object.freeze does not stop Map.set). */
class FrozenMap<K, V> extends Map<K, V> {
  #sealed = false;

  constructor(entries: Iterable<readonly [K, V]>) {
    super();
    for (const [k, v] of entries) super.set(k, v);
    this.#sealed = true;
    Object.freeze(this);
  }

  override set(key: K, value: V): this {
    if (this.#sealed) throw new TypeError('KnowledgePack maps are immutable');
    return super.set(key, value);
  }

  override delete(_key: K): boolean {
    throw new TypeError('KnowledgePack maps are immutable');
  }

  override clear(): void {
    throw new TypeError('KnowledgePack maps are immutable');
  }
}

function frozenMap<K, V>(entries: Iterable<readonly [K, V]>): ReadonlyMap<K, V> {
  return new FrozenMap(entries);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
