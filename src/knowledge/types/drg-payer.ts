import type { LocalizedText } from './sources';
import type { Route } from './formulary';
import type { Condition } from './rules';

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
