/** regimens.json, regimen-switches.json, substitution-groups.json: regimens and their equivalents. */

import type { LocalizedText, EvidenceLevel } from './sources';
import type { Route } from './formulary';
import type { Condition } from './rules';

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
