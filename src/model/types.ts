/**
 * The cost-outcome model's contract with the service: one ModelInput per option (the proposal and each
 * candidate regimen), one ModelPrediction back, in the same order.
 */

/** Raw, un-encoded model input for one patient + regimen. Encodings live in the model's manifest. */
export interface ModelInput {
  /** One of the covered conditions: the service only calls the model when covers(condition) is true. */
  condition: string;
  ageYears?: number;
  sex?: 'male' | 'female';
  bsaM2?: number;
  ecog?: number;
  egfrMlMin?: number;
  altRatioToUln?: number;
  comorbidityCount?: number;
  /** 1..4; 0 = not staged */
  stage?: number;
  lineOfTherapy?: number;
  hospitalTier: 'primary' | 'secondary' | 'tertiary';
  agentCount: number;
  /** Agents per drug class, e.g. {chemotherapy: 2, immunotherapy: 1}; absent classes count 0. */
  classCounts: Partial<Record<string, number>>;
  route: 'iv' | 'oral' | 'sc' | 'mixed';
  intensity: 'low' | 'standard' | 'intensive';
  /** Regimen febrile-neutropenia risk over the course, 0..1 */
  febrileNeutropeniaRisk: number;
  cycles: number;
  horizonMonths: number;
}

export interface ModelPrediction {
  /** CNY per admission */
  adverseEventCostPerAdmission: number;
  /** CNY per admission */
  unplannedStayCostPerAdmission: number;
  /** probability of >= 1 grade >= 3 adverse event over the planned course, in [0, 1] */
  grade3AdverseEventProbability: number;
  /** days per admission */
  lengthOfStayDays: number;
  /** QALYs over horizonMonths */
  qalys: number;
  /** CNY per admission: interval for AE + unplanned-stay cost (coverage in manifest.interval.coverage) */
  nonDrugCostLower: number;
  nonDrugCostUpper: number;
  /** ModelInput fields that were missing and took the manifest default (e.g. "egfrMlMin") */
  imputed: string[];
  /**
   * ModelInput fields outside the manifest's training range, or categorical values the model does not
   * know (e.g. "ageYears", "route", "classCounts.hormonal"). Numeric values are clamped to the range when
   * the manifest's outOfRangePolicy is "clamp" (the default model), passed unchanged for "pass-through".
   */
  outOfRange: string[];
}

/** The ModelPrediction fields that come from the ONNX graph (manifest output roles). */
export const OUTPUT_ROLES = [
  'adverseEventCostPerAdmission',
  'unplannedStayCostPerAdmission',
  'grade3AdverseEventProbability',
  'lengthOfStayDays',
  'qalys',
  'nonDrugCostLower',
  'nonDrugCostUpper',
] as const;
export type OutputRole = (typeof OUTPUT_ROLES)[number];
