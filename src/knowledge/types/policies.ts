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
