/** What the resolve stage hands to the rest of the pipeline: every code looked up in the pack. */
import type { NotAssessed } from '../../domain/not-assessed';
import type { Case, CaseBiomarker, ProposedComponent } from '../../domain/case';
import type { ConditionDefinition, Drug, Product, Regimen, Route } from '../../knowledge/types';
import type { AllergyTargets } from './allergies';
import type { PatientMeasures } from '../../domain/patient-measures';

export interface ResolvedDose {
  value: number;
  /** 'mg' (flat), 'mg/m2', 'mg/kg', 'AUC', or another flat unit (µg, IU, unit, dose). */
  unit: string;
  /** Where the dose came from: the order, or the library protocol when the order gave none. */
  from: 'order' | 'protocol';
  /** Label cap per administration (mg), from the protocol. */
  maxMg?: number;
  /**
   * (Dose-rounding options) The amount per administration in mg after rounding to whole vials; the
   * ordered value and unit stay, so rules still compare the ordered dose with the protocol.
   */
  roundedToMg?: number;
}

export interface ProductPhase {
  product: Product;
  /** Number of cycles on this product; the last phase takes the remaining cycles when undefined. */
  cycles?: number;
}

export interface ResolvedComponent {
  drug: Drug;
  /** Products in the order they are dispensed (one phase, or e.g. originator for induction then biosimilar). */
  phases: ProductPhase[];
  /** The product was named in the order (product, HIS or RxNorm code), not chosen by the pack default. */
  productExplicit: boolean;
  dose: ResolvedDose;
  route: Route;
  administrationsPerCycle: number;
  timesPerAdministration: number;
  role: 'therapeutic' | 'supportive';
  /** JSON pointer of the component in the request. */
  pointer: string;
  orderRef?: string;
}

/** A not-assessed item of the pipeline: always names the code it could not read. */
export type UnassessedItem = NotAssessed & { code: string };

export interface ResolvedRegimen {
  components: ResolvedComponent[];
  supportive: ResolvedComponent[];
  cycles: number;
  cycleLengthDays: number;
  /** Library regimen the therapeutic components match, if any. */
  library: Regimen | null;
  /** Library regimen whose pack averages stand in for non-drug costs (the match, or the closest one). */
  averagesFrom: Regimen | null;
  /** The order listed its supportive drugs (missing required ones are deviations); otherwise the protocol's were assumed. */
  supportiveListed: boolean;
}

export interface ResolvedCase {
  source: Case;
  principalDiagnosis: string;
  condition: ConditionDefinition;
  measures: PatientMeasures;
  regimen: ResolvedRegimen;
  unassessed: UnassessedItem[];
  /** Biomarkers whose gene the service knows, under its HGNC symbol (others are in `unassessed`). */
  biomarkers: CaseBiomarker[];
  /** Drug codes and class ids (with parents) of therapies recorded as failed or not tolerated. */
  priorTherapyFailures: ReadonlySet<string>;
  /** Resolved allergy targets: drug codes, product codes or class ids. */
  allergyTargets: AllergyTargets;
  assumptions: string[];
}

/** A proposal component looked up in the pack (drug, and product when the order named one). */
export interface LookedUpComponent {
  component: ProposedComponent;
  pointer: string;
  drug: Drug;
  product: Product | null;
}

/** The resolve stage's result: the case's codes looked up; the regimen is built by regimen-match. */
export type ResolvedInputs = Omit<ResolvedCase, 'regimen'> & {
  order: {
    /** The library regimen named by id, if the order named one. */
    named: Regimen | null;
    components: LookedUpComponent[];
    supportive: LookedUpComponent[];
  };
};
