/**
 * What every per-file integrity check reads: the parsed pack files, the ids references may point
 * at (collected defensively from whatever parsed, so one schema error in formulary.json does not
 * turn every drug reference elsewhere into a false alarm), and where schema validation already
 * found a problem (an item with a schema violation in or above it is not checked again).
 */
import { KNOWN_GENES } from '../fact-catalogue';
import type { PackFileName, PackViolation } from '../pack-files';
import type {
  AtcAlias,
  Contraindication,
  Drug,
  DrgTariffs,
  DrugClass,
  GuidelineRule,
  HisCodeMapping,
  HospitalPolicies,
  PackManifest,
  PayerPolicy,
  Product,
  Regimen,
  RegimenSwitch,
  Source,
  SubstitutionGroup,
  Terminology,
  VariantClassification,
} from '../types';

/** The shape each pack file has once it passed its schema. */
export interface PackFileContents {
  'manifest.json': PackManifest;
  'sources.json': Source[];
  'drug-classes.json': DrugClass[];
  'formulary.json': { drugs: Drug[]; products: Product[] };
  'atc-aliases.json': AtcAlias[];
  'his-codes.json': HisCodeMapping[];
  'regimens.json': Regimen[];
  'regimen-switches.json': RegimenSwitch[];
  'substitution-groups.json': SubstitutionGroup[];
  'rules.json': GuidelineRule[];
  'contraindications.json': Contraindication[];
  'variant-classes.json': VariantClassification[];
  'drg-tariffs.json': DrgTariffs;
  'policies.json': HospitalPolicies;
  'payer-policy.json': PayerPolicy;
  'terminology.json': Terminology;
}

export type ParsedFiles = Partial<Record<PackFileName, unknown>>;

export const GENE_SET: ReadonlySet<string> = new Set(KNOWN_GENES.keys());

/** Ids every reference may point at, collected defensively from whatever parsed. */
export interface IdSets {
  sources: Set<string>;
  classes: Set<string>;
  drugs: Set<string>;
  products: Set<string>;
  regimens: Set<string>;
  conditions: Set<string>;
  drgGroups: Set<string>;
}

export function itemsOf(raw: unknown): Record<string, unknown>[] {
  return Array.isArray(raw) ? raw.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}

export function field(raw: unknown, key: string): unknown {
  return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
}

function stringsAt(items: Record<string, unknown>[], key: string): Set<string> {
  const out = new Set<string>();
  for (const item of items) {
    const v = item[key];
    if (typeof v === 'string') out.add(v);
  }
  return out;
}

function collectIds(files: ParsedFiles): IdSets {
  const formulary = files['formulary.json'];
  return {
    sources: stringsAt(itemsOf(files['sources.json']), 'id'),
    classes: stringsAt(itemsOf(files['drug-classes.json']), 'id'),
    drugs: stringsAt(itemsOf(field(formulary, 'drugs')), 'code'),
    products: stringsAt(itemsOf(field(formulary, 'products')), 'code'),
    regimens: stringsAt(itemsOf(files['regimens.json']), 'id'),
    conditions: stringsAt(itemsOf(field(files['manifest.json'], 'conditions')), 'id'),
    drgGroups: stringsAt(itemsOf(field(files['drg-tariffs.json'], 'groups')), 'code'),
  };
}

export class PackReferences {
  readonly ids: IdSets;
  private readonly badPointers = new Map<string, string[]>();

  /**
   * @param schemaViolations what schema validation found; an item (array element) with a schema
   * violation in or above it is skipped, every other item is checked.
   */
  constructor(
    readonly files: ParsedFiles,
    schemaViolations: readonly PackViolation[],
  ) {
    this.ids = collectIds(files);
    for (const v of schemaViolations)
      this.badPointers.set(v.file, [...(this.badPointers.get(v.file) ?? []), v.pointer]);
  }

  /** Whether the file was read at all (a reference into a missing file is not reported twice). */
  has(file: PackFileName): boolean {
    return this.files[file] !== undefined;
  }

  /** True when no schema violation lies at, below or above `at` in `file`. */
  shapeOk(file: PackFileName, at: string): boolean {
    return !(this.badPointers.get(file) ?? []).some(
      (p) => p === at || p.startsWith(at + '/') || at.startsWith(p + '/') || p === '',
    );
  }

  /** The file's content when its root has the right shape (no violation at the root pointer). */
  get<K extends PackFileName>(file: K): PackFileContents[K] | undefined {
    return this.files[file] !== undefined && !(this.badPointers.get(file) ?? []).includes('')
      ? (this.files[file] as PackFileContents[K])
      : undefined;
  }

  /** The items of an array whose own shape passed the schema, with their index. */
  good<T>(file: PackFileName, items: readonly T[] | undefined, base: (i: number) => string): [T, number][] {
    return Array.isArray(items)
      ? items.map((item, i): [T, number] => [item, i]).filter(([, i]) => this.shapeOk(file, base(i)))
      : [];
  }
}
