/**
 * The internal case: what every adapter (REST JSON, CDS Hooks + FHIR R4) normalises a request
 * into, and what every pipeline stage reads. Codes are kept as sent; resolution against the
 * knowledge pack happens in the resolve stage so unknown codes can be reported, never dropped.
 */
import type { HospitalTier } from '../knowledge/types';

export interface Observed<T> {
  value: T;
  /** ISO date (or date-time) the observation was made; recency is judged at `context.asOf`. */
  date?: string;
}

export interface CodedConcept {
  code: string;
  /** 'icd-10' | 'atc' | 'product' | 'his' | 'rxnorm' | 'loinc' | 'text' … as sent. */
  system: string;
  display?: string;
}

export interface CaseDiagnosis {
  code: string; // ICD-10 (Chinese clinical-edition extensions allowed)
  principal: boolean;
}

export type BiomarkerResult =
  | 'present'
  | 'absent'
  | 'positive'
  | 'negative'
  | 'equivocal'
  | 'indeterminate'
  | 'amplified'
  | 'not-amplified'
  | 'IHC 0'
  | 'IHC 1+'
  | 'IHC 2+'
  | 'IHC 3+';

export interface CaseBiomarker {
  /** HGNC symbol as sent, e.g. 'EGFR', 'HGNC:3236' or 'HER2'; the resolve stage maps aliases to the pack's gene symbols. */
  gene: string;
  result: BiomarkerResult;
  method?: 'IHC' | 'ISH' | 'NGS' | 'PCR' | 'other';
  /** HGVS p. notation or a label such as 'exon 19 deletion'. */
  variant?: string;
  clinicalSignificance?: 'pathogenic' | 'likely-pathogenic' | 'uncertain' | 'likely-benign' | 'benign';
  date?: string;
}

export interface CasePatient {
  ageYears?: number;
  sex?: 'male' | 'female' | 'other' | 'unknown';
  weightKg?: Observed<number>;
  heightCm?: Observed<number>;
  /** Serum creatinine in mg/dL (adapters convert µmol/L ÷ 88.42). */
  serumCreatinineMgDl?: Observed<number>;
  egfr?: Observed<number>;
  ecog?: Observed<number>;
  alt?: Observed<{ value: number; upperLimitOfNormal?: number }>;
  hba1cPercent?: Observed<number>;
  diagnoses: CaseDiagnosis[];
  stage?: Observed<string>;
  biomarkers: CaseBiomarker[];
  das28?: Observed<{ current?: number; baseline?: number; fallSinceBaseline?: number }>;
  treatmentWeek?: number;
  treatmentPhase?: 'new' | 'induction' | 'consolidation' | 'maintenance';
  lineOfTherapy?: number;
  riskCategory?: 'low' | 'favourable' | 'intermediate' | 'high' | 'adverse';
  comorbidities: CodedConcept[];
  allergies: CodedConcept[];
  bloodPressureAtTargetYears?: number;
  glycaemiaStable?: boolean;
  fitForIntensiveChemotherapy?: boolean;
  lesionComplexity?: 'simple' | 'complex';
  inFirstRemission?: boolean;
  /** Absent = unknown. */
  pregnant?: boolean;
  breastfeeding?: boolean;
  menopausalStatus?: 'premenopausal' | 'perimenopausal' | 'postmenopausal';
  /** Therapies that failed or could not be taken: ATC codes or drug-class ids. */
  priorTherapyFailures: CodedConcept[];
  /** Birth date as sent (age at asOf is derived from it when no age is sent). */
  birthDate?: string;
}

export type DoseUnit = 'mg' | 'mg/m2' | 'mg/kg' | 'AUC' | 'µg' | 'IU' | 'unit' | 'dose';

export interface ProposedComponent {
  code: string;
  system: 'atc' | 'product' | 'his' | 'rxnorm' | 'device';
  dose?: { value: number; unit: DoseUnit };
  route?: 'iv' | 'oral' | 'sc' | 'im' | 'device';
  administrationsPerCycle?: number;
  timesPerAdministration?: number;
  /** Where the order came from (e.g. a CDS Hooks draft order id), echoed in alternatives. */
  orderRef?: string;
}

export interface CaseProposal {
  regimenId?: string;
  components: ProposedComponent[];
  supportive: ProposedComponent[];
  cycleLengthDays?: number;
  cycles?: number;
}

export interface CaseContext {
  asOf: string; // ISO date
  hospitalTier: HospitalTier;
  region?: string;
  insuranceType?: string;
  /** DRG group assigned by the hospital's grouper, when there is one. */
  drgCode?: string;
  setting: 'inpatient' | 'outpatient';
  horizonMonths?: number;
  /** For a patient already admitted: costs incurred so far this admission (CNY) and days in hospital. */
  incurredCost?: number;
  daysInHospital?: number;
}

export interface Case {
  /** Caller's reference for the case (never a patient identifier; echoed back). */
  caseRef?: string;
  patient: CasePatient;
  proposal: CaseProposal;
  context: CaseContext;
}
