/**
 * Request builders for the corpus: one measured patient per condition, changed only where the case
 * says so, so each case reads as "this patient, but ...".
 */
import type { components } from '../../src/generated/api';
import type { CorpusBiomarker, CorpusPatient, CorpusRequest } from './clinical-case';

export const AS_OF = '2026-11-23';
const MEASURED_ON = '2026-11-20';

type Component = components['schemas']['ProposedComponent'];
/** The order: a library regimen id or components (the generated type is an `anyOf`, so it is restated). */
export interface Proposal {
  regimenId?: string;
  components?: Component[];
  supportive?: Component[];
  cycles?: number;
  cycleLengthDays?: number;
}
type Context = components['schemas']['Context'];

export const kg = (value: number) => ({ value, unit: 'kg' as const, date: MEASURED_ON });
export const cm = (value: number) => ({ value, unit: 'cm' as const, date: MEASURED_ON });
export const creatinine = (mgPerDl: number) => ({ value: mgPerDl, unit: 'mg/dL' as const, date: MEASURED_ON });
export const egfr = (value: number) => ({ value, unit: 'mL/min/1.73m2', date: MEASURED_ON });
export const ecog = (value: number) => ({ value, date: MEASURED_ON });
export const alt = (value: number, upperLimitOfNormal = 40) => ({ value, upperLimitOfNormal, date: MEASURED_ON });
export const marker = (
  gene: string,
  result: CorpusBiomarker['result'],
  method?: CorpusBiomarker['method'],
  variant?: string,
): CorpusBiomarker => ({
  gene,
  result,
  ...(method ? { method } : {}),
  ...(variant ? { variant } : {}),
  date: '2026-11-10',
});
export const icd = (code: string) => ({ code, system: 'icd-10' });
export const atcAllergy = (code: string) => ({ code, system: 'atc' });
export const classAllergy = (code: string) => ({ code, system: 'drug-class' });

export const atc = (code: string, extra: Omit<Component, 'code' | 'system'> = {}): Component => ({
  code,
  system: 'atc',
  ...extra,
});

function request(
  caseRef: string,
  patient: CorpusPatient,
  proposal: Proposal,
  context: Partial<Context> = {},
): CorpusRequest {
  return {
    caseRef,
    patient,
    proposal,
    context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'inpatient', ...context },
  };
}

/** Advanced non-squamous NSCLC, 62-year-old man, 68 kg, 170 cm, creatinine 0.9 (CrCl 81.9 mL/min), ECOG 1. */
export function lung(
  proposal: Proposal,
  patient: Partial<CorpusPatient> = {},
  context: Partial<Context> = {},
): CorpusRequest {
  return request(
    'corpus-lung',
    {
      age: 62,
      sex: 'male',
      weight: kg(68),
      height: cm(170),
      serumCreatinine: creatinine(0.9),
      ecog: ecog(1),
      diagnoses: [{ code: 'C34.9', system: 'icd-10', principal: true }],
      stage: { value: 'IV', date: '2026-11-02' },
      biomarkers: [],
      lineOfTherapy: 1,
      ...patient,
    },
    proposal,
    context,
  );
}

/** Breast cancer, 62-year-old postmenopausal woman (not pregnant by age, not breastfeeding), 60 kg, 162 cm, creatinine 0.7, ALT 22 U/L (docetaxel needs liver tests). */
export function breast(
  proposal: Proposal,
  patient: Partial<CorpusPatient> = {},
  context: Partial<Context> = {},
): CorpusRequest {
  return request(
    'corpus-breast',
    {
      age: 62,
      sex: 'female',
      weight: kg(60),
      height: cm(162),
      serumCreatinine: creatinine(0.7),
      ecog: ecog(0),
      menopausalStatus: 'postmenopausal',
      breastfeeding: false,
      alt: alt(22),
      diagnoses: [{ code: 'C50.9', system: 'icd-10', principal: true }],
      stage: { value: 'IV', date: '2026-11-02' },
      biomarkers: [],
      lineOfTherapy: 1,
      ...patient,
    },
    proposal,
    context,
  );
}

/** Colorectal cancer, 64-year-old man, 70 kg, 172 cm, creatinine 1.0 (CrCl 73.9 mL/min). */
export function colorectal(
  proposal: Proposal,
  patient: Partial<CorpusPatient> = {},
  context: Partial<Context> = {},
): CorpusRequest {
  return request(
    'corpus-crc',
    {
      age: 64,
      sex: 'male',
      weight: kg(70),
      height: cm(172),
      serumCreatinine: creatinine(1.0),
      ecog: ecog(1),
      diagnoses: [{ code: 'C18.7', system: 'icd-10', principal: true }],
      stage: { value: 'IV', date: '2026-11-02' },
      biomarkers: [],
      lineOfTherapy: 1,
      ...patient,
    },
    proposal,
    context,
  );
}

/** Newly diagnosed AML, 68-year-old man, 72 kg, 172 cm, creatinine 0.9. */
export function aml(
  proposal: Proposal,
  patient: Partial<CorpusPatient> = {},
  context: Partial<Context> = {},
): CorpusRequest {
  return request(
    'corpus-aml',
    {
      age: 68,
      sex: 'male',
      weight: kg(72),
      height: cm(172),
      serumCreatinine: creatinine(0.9),
      ecog: ecog(1),
      diagnoses: [{ code: 'C92.0', system: 'icd-10', principal: true }],
      ...patient,
    },
    proposal,
    context,
  );
}

/** Diffuse large B-cell lymphoma, 58-year-old man, 75 kg, 175 cm, creatinine 0.9. */
export function lymphoma(
  proposal: Proposal,
  patient: Partial<CorpusPatient> = {},
  context: Partial<Context> = {},
): CorpusRequest {
  return request(
    'corpus-lymphoma',
    {
      age: 58,
      sex: 'male',
      weight: kg(75),
      height: cm(175),
      serumCreatinine: creatinine(0.9),
      ecog: ecog(1),
      diagnoses: [{ code: 'C83.3', system: 'icd-10', principal: true }],
      stage: { value: 'IV', date: '2026-11-02' },
      lineOfTherapy: 1,
      ...patient,
    },
    proposal,
    context,
  );
}

/** Rheumatoid arthritis, 54-year-old woman, 60 kg, 162 cm, creatinine 0.8, eGFR 85, not pregnant, week 20. */
export function ra(proposal: Proposal, patient: Partial<CorpusPatient> = {}): CorpusRequest {
  return request(
    'corpus-ra',
    {
      age: 54,
      sex: 'female',
      weight: kg(60),
      height: cm(162),
      serumCreatinine: creatinine(0.8),
      egfr: egfr(85),
      pregnant: false,
      breastfeeding: false,
      alt: alt(25),
      treatmentWeek: 20,
      diagnoses: [{ code: 'M05.9', system: 'icd-10', principal: true }],
      ...patient,
    },
    { cycles: 26, cycleLengthDays: 14, ...proposal },
    { setting: 'outpatient' },
  );
}

/** Type 2 diabetes, 60-year-old man, 80 kg, 175 cm, creatinine 1.0, eGFR 80. */
export function diabetes(proposal: Proposal, patient: Partial<CorpusPatient> = {}): CorpusRequest {
  return request(
    'corpus-t2dm',
    {
      age: 60,
      sex: 'male',
      weight: kg(80),
      height: cm(175),
      serumCreatinine: creatinine(1.0),
      egfr: egfr(80),
      diagnoses: [{ code: 'E11.9', system: 'icd-10', principal: true }],
      ...patient,
    },
    proposal,
    { setting: 'outpatient' },
  );
}

/** Essential hypertension, 58-year-old man, 78 kg, 175 cm, creatinine 1.0, eGFR 82. */
export function hypertension(proposal: Proposal, patient: Partial<CorpusPatient> = {}): CorpusRequest {
  return request(
    'corpus-htn',
    {
      age: 58,
      sex: 'male',
      weight: kg(78),
      height: cm(175),
      serumCreatinine: creatinine(1.0),
      egfr: egfr(82),
      diagnoses: [{ code: 'I10', system: 'icd-10', principal: true }],
      ...patient,
    },
    proposal,
    { setting: 'outpatient' },
  );
}

/** Coronary artery disease, 63-year-old man, 80 kg, 176 cm, creatinine 1.0. */
export function coronary(
  proposal: Proposal,
  patient: Partial<CorpusPatient> = {},
  context: Partial<Context> = {},
): CorpusRequest {
  return request(
    'corpus-pci',
    {
      age: 63,
      sex: 'male',
      weight: kg(80),
      height: cm(176),
      serumCreatinine: creatinine(1.0),
      egfr: egfr(80),
      diagnoses: [{ code: 'I25.1', system: 'icd-10', principal: true }],
      ...patient,
    },
    proposal,
    context,
  );
}
