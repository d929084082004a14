/**
 * The knowledge pack: everything the service knows, as data. Each file under `rules/<pack>/`
 * has a JSON Schema under `rules/schemas/` that mirrors these types; the loader validates every
 * file with ajv and then checks the references between files.
 *
 * Conventions
 * - Money is CNY. Every price says whether it is illustrative or sourced (with a source id).
 * - Every rule, regimen, switch and equivalence names a source id from `sources.json`, and
 *   carries an evidence level.
 * - Drug codes are ATC level-5 codes (current edition). Devices (stents) use pack-local codes
 *   prefixed `DEV-`. Older ATC codes resolve through `atc-aliases.json`.
 */

import type { CompiledScheme } from './drg-scheme/compile-scheme';

export interface LocalizedText {
  en: string;
  zh: string;
}

export type EvidenceLevel = 'A' | 'B' | 'C' | 'expert-opinion' | 'policy' | 'illustrative';

export type SourceKind = 'guideline' | 'label' | 'trial' | 'digest' | 'policy' | 'hospital' | 'illustrative';

/** sources.json: every citation the pack uses. */
export interface Source {
  id: string;
  kind: SourceKind;
  /** Title, issuing body or authors, year, section. Enough for a clinician to find it. */
  citation: string;
  year?: number;
  url?: string;
  /** Why a figure is kept as an illustrative default, contradictions, caveats. */
  note?: string;
}

/** manifest.json: identity and validity of the pack. */
export interface PackManifest {
  id: string;
  version: string;
  name: LocalizedText;
  effectiveFrom: string; // ISO date
  effectiveTo?: string; // ISO date, exclusive
  description: string;
  /** The conditions this pack covers (condition ids used by regimens and rules). */
  conditions: ConditionDefinition[];
}

export interface ConditionDefinition {
  id: string; // e.g. 'nsclc', 'rheumatoid-arthritis'
  name: LocalizedText;
  icd10Prefixes: string[]; // 'C34' matches 'C34.9' and 'C34.900x001'
}

export type Route = 'iv' | 'oral' | 'sc' | 'im' | 'intravitreal' | 'device';

/** formulary.json → drugs: the molecule (or device type) level. */
export interface Drug {
  code: string; // ATC level 5, or 'DEV-…' for a device type
  system: 'atc' | 'device';
  name: LocalizedText;
  /** Therapeutic classes, from the vocabulary in `drug-classes.json` (e.g. 'chemotherapy', 'egfr-tki'). */
  classes: string[];
  biologic: boolean;
}

/** drug-classes.json: the class vocabulary, so rules and the linter agree on class names. */
export interface DrugClass {
  id: string;
  name: LocalizedText;
  /** Broader class this one belongs to, e.g. 'egfr-tki' → 'targeted'. */
  parent?: string;
  /** An allergy to one member is an allergy to every member (labels: "or other platinum-containing compounds"). */
  allergyCrossReactive?: boolean;
  /** Source of the cross-reactivity. */
  allergySource?: string;
}

/** atc-aliases.json: older ATC codes that Chinese drug dictionaries still send. */
export interface AtcAlias {
  code: string; // the old code, e.g. 'L01XE02'
  current: string; // the current code, e.g. 'L01EB01'
  source: string; // source id
}

export interface Price {
  amount: number; // CNY per pack
  currency: 'CNY';
  basis: 'illustrative' | 'sourced';
  source?: string; // required when basis = 'sourced'
  note?: string;
}

export type ProductKind = 'originator' | 'generic' | 'biosimilar' | 'device';
export type Procurement = 'national-vbp' | 'provincial-vbp' | 'regional-consortium' | 'negotiated' | 'none';

/** formulary.json → products: what the pharmacy actually stocks and bills. */
export interface Product {
  code: string; // national insurance drug code (pack-local, illustrative unless sourced)
  drug: string; // Drug.code
  name: LocalizedText;
  kind: ProductKind;
  /** For a generic or biosimilar: the originator/reference product code. */
  referenceProduct?: string;
  /** Generic that passed China's quality and efficacy consistency evaluation (一致性评价). */
  consistencyEvaluated?: boolean;
  procurement: Procurement;
  reimbursementClass: 'A' | 'B' | 'none';
  form: 'vial' | 'tablet' | 'capsule' | 'prefilled-syringe' | 'pen' | 'bag' | 'infusion' | 'device';
  route: Route;
  /** Content of one unit (one vial, one tablet, one pen, one stent). */
  strength: { value: number; unit: 'mg' | 'µg' | 'IU' | 'unit' | 'dose' };
  unitsPerPack: number;
  /**
   * (Added) One unit serves several administrations (insulin and GLP-1 pens, multi-dose vials):
   * cost by the total content needed over the cycle, not one unit per administration. Absent =
   * single use for vials, syringes, pens and bags.
   */
  multiDose?: boolean;
  price: Price; // per pack
  rxnorm?: string;
}

/** terminology.json: codes foreign EHR clients send, mapped onto the pack's vocabulary (each sourced). */
export interface Terminology {
  rxnorm: {
    rxcui: string;
    tty: 'IN' | 'PIN' | 'SCD' | 'SBD';
    drug?: string;
    product?: string;
    name: string;
    source: string;
    verified: boolean;
  }[];
  conditions: {
    system: 'snomed' | 'icd-10-cm';
    code: string;
    match: 'exact' | 'prefix';
    icd10: string;
    condition: string;
    display?: string;
    source: string;
    verified: boolean;
  }[];
  nhsaDrugCodes: { product: string; code: string; illustrative: boolean; source: string }[];
}

/** his-codes.json: a hospital's own HIS item codes mapped to pack product codes. */
export interface HisCodeMapping {
  hisCode: string;
  product: string;
}

export type DoseBasis = 'mg/m2' | 'mg/kg' | 'flat' | 'auc';

export interface Dose {
  basis: DoseBasis;
  /** mg/m² or mg/kg value, flat amount in `unit`, or target AUC (mg/mL·min) for the Calvert formula. */
  value: number;
  unit?: 'mg' | 'µg' | 'IU' | 'unit' | 'dose'; // flat doses only; default mg
  /** Absolute cap per administration in mg, where the label sets one. */
  maxMg?: number;
}

export interface RegimenComponent {
  drug: string; // Drug.code
  dose: Dose;
  route: Route;
  administrationsPerCycle: number;
  /** For daily oral drugs: administrations per day (e.g. 2 for bid). Defaults to 1. */
  timesPerAdministration?: number;
}

export interface SupportiveRequirement {
  drug: string; // Drug.code
  /** 'always', or only when the regimen's febrile-neutropenia risk is ≥ the pack threshold. */
  requiredWhen: 'always' | 'fn-risk-high';
  dose: Dose;
  route: Route;
  administrationsPerCycle: number;
  reason: LocalizedText;
  source: string;
}

export interface BiomarkerRequirement {
  gene: string; // HGNC symbol, e.g. 'EGFR'
  /** 'sensitising' = present with a sensitising variant; 'absent' = wild type. */
  status: 'sensitising' | 'present' | 'absent' | 'positive' | 'negative';
}

/** Pack averages per cycle, used until (and where) the cost-outcome model does not cover the case. */
export interface PerCycleAverages {
  administration: number;
  monitoring: number;
  adverseEventManagement: number;
  hospitalStayDays: number;
  bedDayCost: number;
  /** Relative half-width of the cost interval, e.g. 0.25 → ±25 % on the non-drug parts. */
  intervalHalfWidth: number;
  basis: 'illustrative' | 'sourced';
  source: string;
}

export interface OutcomeParameters {
  /** Expected QALYs per year on this regimen for the indicated population. */
  qalysPerYear: number;
  grade3AdverseEventProbability?: number;
  source: string;
  illustrative: boolean;
}

/** regimens.json: the regimen library. */
export interface Regimen {
  id: string;
  name: LocalizedText;
  condition: string; // ConditionDefinition.id
  indications: string[]; // ICD-10 prefixes
  linesOfTherapy?: number[];
  requiredBiomarkers: BiomarkerRequirement[];
  components: RegimenComponent[];
  supportive: SupportiveRequirement[];
  cycleLengthDays: number;
  cycles: number; // per course (for chronic therapy: cycles in one year)
  setting: 'inpatient' | 'outpatient' | 'day-case';
  intensity: 'low' | 'standard' | 'intensive';
  febrileNeutropeniaRisk: number; // 0..1
  perCycle: PerCycleAverages;
  outcome: OutcomeParameters;
  /** ADRG an admission for one cycle is expected to group to (e.g. 'RE1'); the grouper decides, a difference is reported. */
  drgGroup?: string;
  source: string;
  evidenceLevel: EvidenceLevel;
}

/** 'therapy-change': a change of mechanism (e.g. TNF inhibitor → JAK inhibitor) a guideline allows under its `when`; never a cheaper equivalent. */
export type SwitchBasis =
  | 'therapeutic-equivalence'
  | 'iv-to-oral'
  | 'step-down'
  | 'guideline-preferred'
  | 'therapy-change';

/** regimen-switches.json: regimen-level alternatives (cheaper equivalents, step-down, guideline-preferred). */
export interface RegimenSwitch {
  id: string;
  from: string; // Regimen.id
  to: string; // Regimen.id
  basis: SwitchBasis;
  /** Facts that must hold for the switch to be offered (e.g. blood pressure at target ≥ 3 years). */
  when?: Condition;
  rationale: LocalizedText;
  constraints: LocalizedText[];
  source: string;
  evidenceLevel: EvidenceLevel;
  /** Off by default when a newer source overrides the digest; the reason says why. */
  enabled?: boolean;
  disabledReason?: string;
}

/** substitution-groups.json: product-level equivalence, for the pharmacist's look-up and for candidates. */
export interface SubstitutionGroup {
  id: string;
  name: LocalizedText;
  basis: 'consistency-evaluated-generic' | 'biosimilar' | 'procured-product' | 'therapeutic-equivalence';
  /** Product codes. Mixing molecules requires basis 'therapeutic-equivalence' and `equivalenceBasis`. */
  members: string[];
  equivalenceBasis?: string;
  source: string;
  evidenceLevel: EvidenceLevel;
}

// ---------------------------------------------------------------------------------------------
// Guideline rules: one declarative format; every input is a named fact path (see src/rules/facts.ts)

export type Scalar = string | number | boolean;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: string; op: 'exists' | 'missing' }
  | { fact: string; op: 'eq' | 'ne'; value: Scalar }
  | { fact: string; op: 'lt' | 'lte' | 'gt' | 'gte'; value: number }
  | { fact: string; op: 'in' | 'notIn'; value: Scalar[] }
  | { fact: string; op: 'includes' | 'excludes'; value: string }
  | { fact: string; op: 'includesAny' | 'includesNone'; value: string[] }
  | { fact: string; op: 'startsWithAny'; value: string[] };

export type Severity = 'info' | 'warning' | 'critical';

export type RuleCategory =
  | 'biomarker-testing'
  | 'biomarker-mismatch'
  | 'contraindication'
  | 'interaction'
  | 'stop-criteria'
  | 'over-treatment'
  | 'step-down'
  | 'dose'
  | 'pathway'
  | 'data-quality';

export interface SuggestedAction {
  kind: 'order-test' | 'stop-drug' | 'switch-regimen' | 'reduce-dose' | 'review' | 'discuss-bsc' | 'add-supportive';
  text: LocalizedText;
  /** For order-test: the LOINC code of the test to order. */
  loinc?: string;
  /** For stop-drug: the drug class (or drug code) to stop. */
  stop?: string;
}

/**
 * contraindications.json: a label contraindication or safety limit by drug and/or class. Compiled
 * at load into a safety rule (`compileContraindications`): it applies to a regimen containing one of
 * its drugs or a drug of one of its classes (neither listed: every regimen).
 */
export interface Contraindication {
  id: string;
  kind:
    | 'renal'
    | 'hepatic'
    | 'age'
    | 'pregnancy'
    | 'breastfeeding'
    | 'allergy'
    | 'history'
    | 'endocrine-status'
    | 'combination'
    | 'dose-frequency'
    | 'dose';
  drugs?: string[];
  classes?: string[];
  severity: Severity;
  when: Condition;
  title: LocalizedText;
  message: LocalizedText;
  action?: SuggestedAction;
  source: string;
  evidenceLevel: EvidenceLevel;
  enabled?: boolean;
  disabledReason?: string;
}

export interface GuidelineRule {
  id: string; // e.g. 'G-01'
  title: LocalizedText;
  category: RuleCategory;
  /** 'critical' is kept for patient safety; money is at most 'warning'. */
  severity: Severity;
  /** When the rule is relevant at all (diagnosis, regimen classes). Not relevant → not evaluated. */
  appliesWhen: Condition;
  /**
   * Fires when true. Evaluated in three-valued logic: a comparison on a missing fact is unknown;
   * when the result is unknown the rule reports the missing facts instead of guessing
   * ("no EGFR result recorded" is not "EGFR negative").
   */
  when: Condition;
  /** What to say when `when` cannot be decided for missing facts. Default: an info finding naming them. */
  onMissing?: { severity: Severity; message?: LocalizedText };
  message: LocalizedText;
  action?: SuggestedAction;
  /** A rule every candidate must obey as well: a candidate that makes it fire is never offered. */
  safety: boolean;
  source: string;
  evidenceLevel: EvidenceLevel;
  enabled?: boolean;
  disabledReason?: string;
}

/** variant-classes.json: how a recorded variant reads for a drug class (EGFR exon-20 insertions resist EGFR TKIs). */
export interface VariantClassification {
  gene: string; // HGNC symbol
  /** Regular expression over the HGVS p. notation or a free-text label (case-insensitive). */
  pattern: string;
  label: string; // e.g. 'exon 19 deletion'
  class: 'sensitising' | 'resistance' | 'other';
  /**
   * (Added) Drug classes this reading holds for, e.g. EGFR T790M is 'resistance' for
   * 'egfr-tki-first-generation' and 'sensitising' for 'egfr-tki-third-generation'. Absent = any
   * class. Entries are listed in priority order: for a regimen, the first entry whose pattern
   * matches and whose appliesToClasses (if any) meets the regimen's classes wins.
   */
  appliesToClasses?: string[];
  /** (Added) Caveat for the clinician reading the classification. */
  note?: string;
  source: string;
}

// ---------------------------------------------------------------------------------------------
// DRG / DIP tariffs and payer policy

export type HospitalTier = 'tertiary' | 'secondary' | 'primary';

export interface DrgGroup {
  /** DRG code of the pack's grouping scheme (e.g. 'RE13'); checked against the scheme at load. */
  code: string;
  /** True only for a code that is not in any scheme (packs without a grouper). */
  codeIllustrative: boolean;
  name: LocalizedText;
  system: 'CHS-DRG' | 'DIP';
  /** CHS-DRG: relative weight. DIP: score (分值). */
  relativeWeight: number;
  /** The weight (and base rates) are illustrative defaults, not a published city table. */
  illustrative: boolean;
  /** Base rate per insurance type (`default` for all types), when the city publishes one; overrides `DrgTariffs.baseRate`. */
  baseRates?: Record<string, number>;
  dailyCostStandard?: number;
  /** High-cost outlier: cost above this multiple of the payment standard is paid case by case. */
  highCostOutlierMultiple?: number;
  /** Drugs paid outside this group (carve-outs), by drug code. */
  carveOutDrugs: string[];
  source: string;
}

/** How an admission for a regimen is coded for the grouper (drg-tariffs.json → admissionCoding). */
export interface AdmissionCoding {
  id: string;
  when: { regimens?: string[]; classes?: string[]; routes?: Route[]; drugs?: string[] };
  /** Principal diagnosis of the admission (e.g. Z51.103); the patient's principal becomes secondary. */
  encounterDiagnosis?: string;
  /** ICD-9-CM-3 codes, main procedure first. */
  procedures: string[];
  note?: string;
  source: string;
  illustrative: boolean;
}

export interface ApprovalThreshold {
  id: string;
  /** Regimens whose classes satisfy this condition need approval above `amount` per course. */
  when: Condition;
  amount: number;
  approver: LocalizedText;
  source: string;
}

/** drg-tariffs.json */
export interface DrgTariffs {
  region: string;
  system: 'CHS-DRG' | 'DIP';
  /** CHS-DRG: base rate (费率) per weight unit. DIP: point value (点值) per score unit. */
  baseRate: number;
  tierCoefficients: Record<HospitalTier, number>;
  /** Overspend warning above this fraction over the payment standard (default 0.10). */
  overspendThreshold: number;
  /** The grouping scheme admissions are grouped with (rules/drg-schemes/<scheme>-<version>/). */
  grouper?: { scheme: string; version: string };
  /** Drugs paid outside every DRG. */
  carveOutDrugs?: string[];
  admissionCoding?: AdmissionCoding[];
  groups: DrgGroup[];
  approvalThresholds: ApprovalThreshold[];
  source: string;
  illustrative: boolean;
}

/** policies.json: hospital settings, changed as data. */
export interface HospitalPolicies {
  /** Savings below both of these are not shown (to keep cards worth reading). */
  savingsDisplayThreshold: { absolute: number; fraction: number };
  /** Dose rounding to whole vials allowed within this fraction of the calculated dose. */
  doseRoundingTolerance: number;
  /** Source id of the dose-rounding (dose-banding) policy. */
  doseRoundingSource?: string;
  /** A dose more than this fraction above the protocol dose is a deviation. */
  protocolDoseTolerance: number;
  /** Febrile-neutropenia risk at or above which growth-factor support is required. */
  highFebrileNeutropeniaRisk: number;
  biosimilarSwitch: { allowed: boolean; afterInductionWeeks: number; source: string };
  genericSubstitution: { originatorNeedsCommitteeApproval: boolean; source: string };
  /** Observations older than this (days, at `asOf`) are flagged; dosing inputs have their own limits. */
  recencyDays: {
    weight: number;
    height: number;
    creatinine: number;
    labs: number;
    biomarker: number;
    performanceStatus: number;
  };
  willingnessToPayPerQaly: number;
  wtpSource: string;
  /** Calvert formula: creatinine clearance cap in mL/min. */
  calvertClearanceCapMlMin: number;
  /** Default ALT upper limit of normal (U/L) when the observation carries none. */
  defaultAltUpperLimit: number;
  /** Plausible range of each clinical measure; a value outside is refused, never used. */
  plausibleRanges: Record<
    | 'ageYears'
    | 'weightKg'
    | 'heightCm'
    | 'adultWeightKg'
    | 'adultHeightCm'
    | 'serumCreatinineMgDl'
    | 'egfr'
    | 'altUnitsPerLitre'
    | 'altUpperLimitOfNormal'
    | 'hba1cPercent'
    | 'bsaM2'
    | 'ageDiscrepancyYears',
    PlausibleRange
  > & { source: string };
  /** An ordered dose at or above this multiple of the protocol dose is a critical dose error. */
  criticalDoseRatio: number;
  /** Females in this age range have an unknown pregnancy/breastfeeding status until it is recorded. */
  reproductiveAgeYears: { min: number; max: number; source: string };
  /**
   * (Added, CDS Hooks) Card types this hospital shows; a type set to false is not sent. Absent =
   * all shown. A critical card is always shown (safety is never switched off).
   */
  cdsCards?: Partial<Record<'cost' | 'finding' | 'deviation' | 'alternative' | 'preferred' | 'not-assessed', boolean>>;
}

export interface PlausibleRange {
  min: number;
  max: number;
  unit: string;
}

/** payer-policy.json: insurance layers → patient out-of-pocket (issue 5 extends it). */
export interface PayerPolicy {
  region: string;
  insuranceTypes: InsuranceType[];
  /**
   * (Added) Caps on what a patient pays for given items (e.g. CAR-T at the temporary insurance
   * payment price: patient self-pay ≤ 200,000, digest I-05). Applied in out-of-pocket.
   */
  patientCaps?: PatientCap[];
  source: string;
  illustrative: boolean;
}

/** What a payer layer pays for besides the in-catalogue remainder after basic insurance. */
export type LayerCoverage = 'self-pay' | 'class-b-self-pay';

export interface PatientCap {
  id: string;
  name: LocalizedText;
  /** The items the cap applies to: products (e.g. one product at a negotiated price) and/or drugs. */
  appliesTo: { products?: string[]; drugs?: string[] };
  /** Insurance types it applies to; all when absent. */
  insuranceTypes?: string[];
  /** Most the patient pays for those items per course. */
  maxPatientPays: number;
  /** Who carries the amount above the cap (shown as a payer layer). */
  paidBy: LocalizedText;
  source: string;
  illustrative: boolean;
}

export interface InsuranceType {
  id: string; // e.g. 'urban-employee', 'urban-rural-resident', 'low-income'
  name: LocalizedText;
  deductible: number;
  reimbursementByTier: Record<HospitalTier, number>;
  /** Class B drugs: this share is paid by the patient first, before reimbursement. */
  classBSelfPayShare: number;
  annualCap: number;
  /**
   * Further layers applied in order to what remains of the in-catalogue cost (critical-illness,
   * medical assistance, commercial). Self-pay items and the class B self-pay share stay with the
   * patient unless a layer lists them in `covers`.
   */
  layers: { id: string; name: LocalizedText; share: number; cap?: number; covers?: LayerCoverage[] }[];
}

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
}
