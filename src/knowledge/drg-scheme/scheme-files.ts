/**
 * The shapes of a DRG grouping scheme's data files (`rules/drg-schemes/<id>-<version>/`), as
 * described in that folder's README. They hold no code: every rule is one of a closed set of
 * condition kinds that `compile-scheme.ts` turns into look-ups.
 */

export interface SchemeManifest {
  id: string;
  version: string;
  name: { en: string; zh: string };
  codeSystems: { diagnoses: string; procedures: string };
  provenance: { derivedFrom: string; commit?: string; licence: string; notice: string; description: string };
  /** Optional code translation (README §4.1). Off in the published scheme. */
  translation: boolean;
}

export type MdcEntry =
  | { kind: 'first_proc_or' }
  | { kind: 'principal_dx'; diagnoses: string[] }
  | { kind: 'principal_dx_and_age_zero'; diagnoses: string[]; age_years: number }
  | { kind: 'principal_dx_and_sex'; diagnoses: string[]; sex: string }
  | {
      kind: 'multiple_trauma';
      region_order: string[];
      regions: Record<string, string[]>;
      min_regions: number;
      principal_also_accepts_region_labels: boolean;
    };

export interface QyCheck {
  enabled: boolean;
  position: number;
  condition: 'any_or_proc';
  result_drg: string;
}

export interface MdcFile {
  code: string;
  mdc: string;
  order: number;
  name: string;
  entry: MdcEntry;
  adrgs: string[];
  qy_check: QyCheck;
}

export type AdrgCondition =
  | { kind: 'principal_dx'; diagnoses: string[] }
  | { kind: 'first_proc'; procedures: string[] }
  | { kind: 'principal_dx_and_first_proc'; diagnoses: string[]; procedures: string[] }
  | { kind: 'two_proc_lists'; procedures_a: string[]; procedures_b: string[] }
  | { kind: 'principal_dx_and_two_proc_lists'; diagnoses: string[]; procedures_a: string[]; procedures_b: string[] }
  | {
      kind: 'principal_dx_and_proc_categories';
      diagnoses: string[];
      procedure_categories: Record<string, string>;
      category_rule: string[][];
    }
  | { kind: 'first_proc_newborn'; procedures: string[]; max_age_days: number }
  | { kind: 'principal_dx_newborn'; diagnoses: string[]; max_age_days: number }
  | {
      kind: 'any_dx_newborn_weight';
      diagnoses: string[];
      weight_min_g: number | null;
      weight_max_g: number | null;
      max_age_days: number;
    }
  | { kind: 'always' }
  | { kind: 'first_proc_or' }
  | { kind: 'any_dx_and_first_proc_or'; diagnoses: string[] }
  | { kind: 'no_or_proc' };

export interface AdrgFile {
  code: string;
  mdc: string;
  name: string;
  drgs: string[];
  condition: AdrgCondition;
}

export type SplitKind = 'always' | 'mcc' | 'mcc_or_cc';

export interface DrgFile {
  code: string;
  adrg: string;
  mdc: string;
  name: string;
  split: SplitKind;
}

export interface CheckTest {
  field: 'gender' | 'age' | 'age_days' | 'weight' | 'diagnoses';
  op: 'is_empty' | 'num_eq' | 'num_le' | 'list_is_empty';
  value?: number;
}

export interface InputCheck {
  order: number;
  id: string;
  status: string;
  message: string;
  rule: string;
  all_of: CheckTest[];
}

export interface ChecksFile {
  checks: InputCheck[];
  gender_normalisation: Record<string, string>;
  sex_codes: Record<string, string>;
  newborn_max_age_days: number;
}

/** Every file of a scheme, parsed. */
export interface SchemeFiles {
  manifest: SchemeManifest;
  mdcs: MdcFile[];
  adrgs: AdrgFile[];
  drgs: DrgFile[];
  cc: Record<string, string>;
  mcc: Record<string, string>;
  ccExclusions: Record<string, string>;
  orProcedures: string[];
  checks: ChecksFile;
  diagnosisNames: Record<string, string>;
  procedureNames: Record<string, string>;
  /** Only read when the manifest switches translation on. */
  diagnosisMap?: Record<string, string>;
  procedureMap?: Record<string, string>;
}
