/**
 * The named facts guideline rules may read. Each is derived from the internal Case (plus the
 * resolved regimen) by `derive-facts.ts`. The pack linter checks every rule input against this
 * catalogue, so a rule can never read a path the case does not have.
 *
 * `<GENE>` stands for an HGNC gene symbol known to the pack (EGFR, ALK, ROS1, KRAS, NRAS, BRAF,
 * ERBB2, PIK3CA).
 */
export type FactType = 'number' | 'string' | 'boolean' | 'string[]';

export interface FactDefinition {
  path: string;
  type: FactType;
  description: string;
  /** Short name of the input for "not recorded: …" lines (the description when absent). */
  label?: { en: string; zh: string };
  /** Allowed values for string facts (documentation and linting). */
  values?: readonly string[];
}

export const FACT_CATALOGUE: readonly FactDefinition[] = [
  // Patient
  {
    path: 'patient.ageYears',
    type: 'number',
    label: { en: 'age', zh: '年龄' },
    description: 'Age in whole years at asOf.',
  },
  {
    path: 'patient.sex',
    type: 'string',
    description: 'Administrative sex.',
    values: ['male', 'female', 'other', 'unknown'],
  },
  { path: 'patient.weightKg', type: 'number', description: 'Body weight (LOINC 29463-7).' },
  { path: 'patient.heightCm', type: 'number', description: 'Body height (LOINC 8302-2).' },
  { path: 'patient.bsaM2', type: 'number', description: 'Body-surface area by Mosteller.' },
  {
    path: 'patient.creatinineClearanceMlMin',
    type: 'number',
    label: {
      en: 'creatinine clearance (serum creatinine, age, sex and weight)',
      zh: '肌酐清除率(血肌酐、年龄、性别及体重)',
    },
    description: 'Cockcroft–Gault creatinine clearance from age, sex, weight and serum creatinine.',
  },
  {
    path: 'patient.egfr',
    type: 'number',
    label: { en: 'eGFR (or serum creatinine, age and sex)', zh: 'eGFR(或血肌酐、年龄及性别)' },
    description: 'eGFR in mL/min/1.73 m² (LOINC 62238-1, 33914-3, 98979-8).',
  },
  { path: 'patient.ecog', type: 'number', description: 'ECOG performance status 0–5 (LOINC 89247-1).' },
  {
    path: 'patient.altRatioToUln',
    type: 'number',
    label: { en: 'ALT', zh: 'ALT' },
    description: 'ALT divided by its upper limit of normal (LOINC 1742-6).',
  },
  { path: 'patient.hba1cPercent', type: 'number', description: 'HbA1c in % (LOINC 4548-4).' },
  {
    path: 'patient.stage',
    type: 'string',
    description: 'Cancer stage group as recorded, e.g. IIIB, IV (LOINC 21908-9 / 21902-2).',
  },
  { path: 'patient.stageNumber', type: 'number', description: 'Stage group as a number 1–4 (IIIB → 3).' },
  { path: 'patient.metastatic', type: 'boolean', description: 'Stage IV or M1 recorded.' },
  {
    path: 'patient.das28Fall',
    type: 'number',
    description: 'Fall in DAS28 since baseline (baseline minus current; positive = improvement).',
  },
  { path: 'patient.das28', type: 'number', description: 'Current DAS28.' },
  {
    path: 'patient.das28Recent',
    type: 'boolean',
    label: { en: 'a dated, recent DAS28', zh: '近期且注明日期的DAS28' },
    description: 'The current DAS28 is dated within the labs recency window (policies.json recencyDays.labs) at asOf.',
  },
  { path: 'patient.treatmentWeek', type: 'number', description: 'Weeks since the current regimen started.' },
  {
    path: 'patient.treatmentPhase',
    type: 'string',
    description: 'Phase of the current regimen.',
    values: ['new', 'induction', 'consolidation', 'maintenance'],
  },
  { path: 'patient.lineOfTherapy', type: 'number', description: 'Line of systemic therapy (1 = first line).' },
  {
    path: 'patient.riskCategory',
    type: 'string',
    label: { en: 'risk category', zh: '危险分层' },
    description: 'Risk stratum, e.g. ELN 2022 AML risk or cardiovascular risk.',
    values: ['low', 'favourable', 'intermediate', 'high', 'adverse'],
  },
  { path: 'patient.comorbidities', type: 'string[]', description: 'ICD-10 codes of comorbidities (resolved ones).' },
  { path: 'patient.comorbidityCount', type: 'number', description: 'Number of recorded comorbidities.' },
  {
    path: 'patient.allergyConflicts',
    type: 'string[]',
    description: 'Drug codes in the regimen that match a recorded allergy (molecule, class or product).',
  },
  {
    path: 'patient.allergyConflictCount',
    type: 'number',
    label: { en: 'a readable allergy record', zh: '可识别的过敏记录' },
    description: 'Number of drugs in the regimen (therapeutic or supportive) that match a recorded allergy.',
  },
  {
    path: 'patient.pregnant',
    type: 'boolean',
    label: { en: 'pregnancy status', zh: '妊娠状态' },
    description:
      'Pregnant: as recorded; false for males and outside the reproductive age range of the pack policy; otherwise unknown.',
  },
  {
    path: 'patient.breastfeeding',
    type: 'boolean',
    label: { en: 'breastfeeding status', zh: '哺乳状态' },
    description:
      'Breastfeeding: as recorded; false for males and outside the reproductive age range; otherwise unknown.',
  },
  {
    path: 'patient.menopausalStatus',
    type: 'string',
    label: { en: 'menopausal status', zh: '绝经状态' },
    description: 'Menopausal status as recorded.',
    values: ['premenopausal', 'perimenopausal', 'postmenopausal'],
  },
  {
    path: 'patient.hormoneReceptorStatus',
    type: 'string',
    label: { en: 'ER/PR status', zh: 'ER/PR状态' },
    description:
      'Breast cancer hormone receptors: positive when ER or PR is positive, negative when both are recorded negative; unknown otherwise (equivocal counts as unknown).',
    values: ['positive', 'negative'],
  },
  {
    path: 'patient.priorTherapyFailures',
    type: 'string[]',
    label: { en: 'previous therapy failures', zh: '既往治疗失败记录' },
    description: 'Drug codes and classes (with parent classes) of therapies recorded as failed or not tolerated.',
  },
  {
    path: 'patient.bloodPressureAtTargetYears',
    type: 'number',
    description: 'Years blood pressure has been at target and stable.',
  },
  { path: 'patient.glycaemiaStable', type: 'boolean', description: 'Glucose stable at target on the current regimen.' },
  {
    path: 'patient.fitForIntensiveChemotherapy',
    type: 'boolean',
    description: 'Clinician-assessed fitness for intensive chemotherapy.',
  },
  {
    path: 'patient.lesionComplexity',
    type: 'string',
    description: 'Coronary lesion complexity.',
    values: ['simple', 'complex'],
  },
  {
    path: 'patient.her2Status',
    type: 'string',
    label: { en: 'HER2 status (IHC, ISH)', zh: 'HER2状态(IHC、ISH)' },
    description:
      'HER2 status from IHC and ISH: positive (IHC 3+, or 2+ with ISH positive), low (IHC 1+, or 2+ with ISH negative), zero (IHC 0), equivocal (IHC 2+ without ISH).',
    values: ['positive', 'low', 'zero', 'negative', 'equivocal'],
  },
  { path: 'patient.rasWildType', type: 'boolean', description: 'KRAS and NRAS both recorded absent.' },
  { path: 'patient.inFirstRemission', type: 'boolean', description: 'In first complete remission (haematology).' },
  // Biomarkers
  {
    path: 'biomarker.<GENE>.status',
    type: 'string',
    description: 'Result for the gene: present or absent (variant assessment), or positive / negative.',
    values: ['present', 'absent', 'positive', 'negative', 'equivocal'],
  },
  {
    path: 'biomarker.<GENE>.variantClass',
    type: 'string',
    description:
      'Classification of the recorded variant for targeted therapy; none when the gene is recorded absent (no variant can exist).',
    values: ['sensitising', 'resistance', 'other', 'unclassified', 'none'],
  },
  // Diagnosis
  { path: 'diagnosis.principal', type: 'string', description: 'Principal ICD-10 code.' },
  { path: 'diagnosis.codes', type: 'string[]', description: 'All ICD-10 diagnosis codes (principal and secondary).' },
  {
    path: 'diagnosis.condition',
    type: 'string',
    description: 'The pack condition the principal diagnosis belongs to.',
  },
  // Regimen (the proposal, or the candidate being checked)
  { path: 'regimen.id', type: 'string', description: 'Library regimen id the components match, or "none".' },
  { path: 'regimen.drugs', type: 'string[]', description: 'Drug codes (ATC) of the therapeutic components.' },
  {
    path: 'regimen.classes',
    type: 'string[]',
    description: 'Drug classes of the components, with their parent classes.',
  },
  {
    path: 'regimen.allDrugs',
    type: 'string[]',
    description:
      'Drug codes (ATC) of every ordered drug, therapeutic and supportive (safety limits by drug read this).',
  },
  {
    path: 'regimen.allClasses',
    type: 'string[]',
    description: 'Drug classes, with parents, of every ordered drug, therapeutic and supportive.',
  },
  {
    path: 'regimen.agentCount',
    type: 'number',
    description: 'Number of therapeutic components (supportive drugs excluded).',
  },
  { path: 'regimen.routes', type: 'string[]', description: 'Routes of the components.' },
  {
    path: 'regimen.classesWithSeveralDrugs',
    type: 'string[]',
    description: 'Classes (with parents) that two or more different therapeutic drugs of the regimen belong to.',
  },
  {
    path: 'regimen.protocolDoseRatio.<DRUG>',
    type: 'number',
    description:
      'Dose over the protocol dose of the matched regimen for this patient (therapeutic or supportive drug): the larger of the ratio per administration and the ratio of dose intensity per day; absent without a protocol.',
  },
  {
    path: 'regimen.drugsAtCriticalDoseRatio',
    type: 'string[]',
    description:
      'Drugs dosed at or above the critical multiple of their protocol dose (policies.json criticalDoseRatio); absent without a protocol.',
  },
  {
    path: 'regimen.criticalDoseCount',
    type: 'number',
    description: 'Number of drugs at or above the critical dose ratio; absent without a protocol.',
  },
  {
    path: 'regimen.administrationsPerWeek.<DRUG>',
    type: 'number',
    description:
      'Administrations per week of the drug as ordered (administrations per cycle × times per administration ÷ cycle days × 7).',
  },
  {
    path: 'regimen.doseMg.<DRUG>',
    type: 'number',
    description: 'Dose per administration of the drug in mg (flat, or calculated from mg/m², mg/kg or AUC).',
  },
  {
    path: 'regimen.intensity',
    type: 'string',
    description: 'Intensity of the matched regimen.',
    values: ['low', 'standard', 'intensive'],
  },
  // Context
  {
    path: 'context.setting',
    type: 'string',
    description: 'Inpatient or outpatient.',
    values: ['inpatient', 'outpatient'],
  },
  {
    path: 'context.hospitalTier',
    type: 'string',
    description: 'Hospital tier.',
    values: ['tertiary', 'secondary', 'primary'],
  },
  { path: 'context.daysInHospital', type: 'number', description: 'Days in hospital so far this admission.' },
];

const PLACEHOLDER = /<(GENE|DRUG)>/;
const ATC_OR_DEVICE = /^([A-Z][0-9]{2}[A-Z]{2}[0-9]{2}|DEV-[A-Z0-9-]+)$/;

/**
 * The catalogue entry a concrete path such as `biomarker.EGFR.status` or
 * `regimen.administrationsPerWeek.L04AX03` matches, if any. `<DRUG>` accepts the pack's drug codes
 * when `knownDrugs` is given, any ATC-shaped code otherwise.
 */
export function findFact(
  path: string,
  knownGenes: ReadonlySet<string>,
  knownDrugs?: ReadonlySet<string>,
): FactDefinition | undefined {
  for (const fact of FACT_CATALOGUE) {
    const placeholder = PLACEHOLDER.exec(fact.path);
    if (!placeholder) {
      if (fact.path === path) return fact;
      continue;
    }
    const [prefix, suffix] = fact.path.split(placeholder[0]) as [string, string];
    if (!path.startsWith(prefix) || !path.endsWith(suffix)) continue;
    const name = path.slice(prefix.length, path.length - suffix.length);
    if (placeholder[1] === 'GENE' ? knownGenes.has(name) : knownDrugs ? knownDrugs.has(name) : ATC_OR_DEVICE.test(name))
      return fact;
  }
  return undefined;
}

export { KNOWN_GENES } from '../domain/genes';
