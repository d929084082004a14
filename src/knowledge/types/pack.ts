import type { CompiledScheme } from '../drg-scheme/compile-scheme';
import type { CompiledPack } from '../compile/compiled-pack';
import type { Source, PackManifest } from './sources';
import type { Drug, DrugClass, Product, Terminology } from './formulary';
import type { Regimen, RegimenSwitch, SubstitutionGroup } from './regimens';
import type { Contraindication, GuidelineRule, VariantClassification } from './rules';
import type { DrgTariffs, PayerPolicy } from './drg-payer';
import type { HospitalPolicies } from './policies';

/** The validated, indexed pack the pipeline works on. Immutable: a request keeps the snapshot it started with. */
export interface KnowledgePack {
  readonly manifest: PackManifest;
  readonly sources: ReadonlyMap<string, Source>;
  readonly drugClasses: ReadonlyMap<string, DrugClass>;
  readonly drugs: ReadonlyMap<string, Drug>;
  readonly atcAliases: ReadonlyMap<string, string>; // old code → current code
  readonly products: ReadonlyMap<string, Product>;
  readonly productsByDrug: ReadonlyMap<string, readonly Product[]>;
  readonly hisCodes: ReadonlyMap<string, string>; // HIS code → product code
  readonly regimens: ReadonlyMap<string, Regimen>;
  readonly regimenSwitches: readonly RegimenSwitch[];
  readonly substitutionGroups: readonly SubstitutionGroup[];
  /** rules.json and the compiled contraindications (safety rules), in that order. */
  readonly rules: readonly GuidelineRule[];
  readonly contraindications: readonly Contraindication[];
  readonly variantClasses: readonly VariantClassification[];
  readonly drgTariffs: DrgTariffs;
  /** The compiled grouping scheme named by `drgTariffs.grouper` (absent for packs without one). */
  readonly drgScheme?: CompiledScheme;
  readonly policies: HospitalPolicies;
  readonly payerPolicy: PayerPolicy;
  /** RxNorm / SNOMED CT / ICD-10-CM / NHSA mappings (terminology.json); optional for hand-built packs. */
  readonly terminology?: Terminology;
  /** sha256 over the pack files, for provenance. */
  readonly digest: string;
  /**
   * Every index the pipeline reads, compiled once at load (compile/compiled-pack.ts; not enumerable).
   * Read it through `packIndex(pack)`, which also serves packs assembled by hand in tests.
   */
  readonly index: CompiledPack;
}
