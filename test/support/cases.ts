/** Request builders that read like the clinical situation they describe. */
import type { components } from '../../src/generated/api';

export type AssessmentRequest = components['schemas']['AssessmentRequest'];
export type Assessment = components['schemas']['Assessment'];

export const AS_OF = '2026-11-23';

export function nsclcPatient(overrides: Partial<AssessmentRequest['patient']> = {}): AssessmentRequest['patient'] {
  return {
    age: 62,
    sex: 'male',
    weight: { value: 68, unit: 'kg', date: '2026-11-20' },
    height: { value: 170, unit: 'cm', date: '2026-11-20' },
    serumCreatinine: { value: 0.9, unit: 'mg/dL', date: '2026-11-20' },
    ecog: { value: 1, date: '2026-11-20' },
    diagnoses: [{ code: 'C34.900x001', system: 'icd-10', principal: true }],
    stage: { value: 'IV', date: '2026-11-02' },
    biomarkers: [],
    lineOfTherapy: 1,
    ...overrides,
  };
}

export const GEFITINIB = {
  code: 'L01EB01',
  system: 'atc',
  dose: { value: 250, unit: 'mg' },
  route: 'oral',
  administrationsPerCycle: 21,
} as const;
export const PEMETREXED = { code: 'L01BA04', system: 'atc', dose: { value: 500, unit: 'mg/m2' }, route: 'iv' } as const;
export const CARBOPLATIN = { code: 'L01XA02', system: 'atc', dose: { value: 5, unit: 'AUC' }, route: 'iv' } as const;
export const PEMBROLIZUMAB = { code: 'L01FF02', system: 'atc', dose: { value: 200, unit: 'mg' }, route: 'iv' } as const;

/** Advanced NSCLC, first line: gefitinib + pemetrexed + carboplatin ("chemotherapy + targeted"). */
export function nsclcChemoTargeted(
  patient: Partial<AssessmentRequest['patient']> = {},
  context: Partial<AssessmentRequest['context']> = {},
): AssessmentRequest {
  return {
    caseRef: 'test-nsclc',
    patient: nsclcPatient(patient),
    proposal: { components: [{ ...GEFITINIB }, { ...PEMETREXED }, { ...CARBOPLATIN }], cycles: 4 },
    context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'inpatient', ...context },
  };
}

export const EGFR_EXON19 = {
  gene: 'EGFR',
  result: 'present',
  method: 'NGS',
  variant: 'p.E746_A750del',
  clinicalSignificance: 'pathogenic',
  date: '2026-11-10',
} as const;
export const EGFR_EXON20_INS = {
  gene: 'HGNC:3236',
  result: 'present',
  method: 'NGS',
  variant: 'p.A767_V769dup (exon 20 insertion)',
  clinicalSignificance: 'pathogenic',
  date: '2026-11-10',
} as const;
export const EGFR_ABSENT = { gene: 'EGFR', result: 'absent', method: 'NGS', date: '2026-11-10' } as const;

export const ADALIMUMAB = { code: 'L04AB04', system: 'atc', dose: { value: 40, unit: 'mg' }, route: 'sc' } as const;
export const TOFACITINIB = {
  code: 'L04AF01',
  system: 'atc',
  dose: { value: 5, unit: 'mg' },
  route: 'oral',
  administrationsPerCycle: 14,
  timesPerAdministration: 2,
} as const;
export const METHOTREXATE = { code: 'L04AX03', system: 'atc' } as const;

export function raCase(
  patient: Partial<AssessmentRequest['patient']>,
  components: components['schemas']['ProposedComponent'][],
  proposal: { cycles?: number; cycleLengthDays?: number } = {},
): AssessmentRequest {
  return {
    caseRef: 'test-ra',
    patient: {
      age: 54,
      sex: 'female',
      weight: { value: 60, unit: 'kg', date: '2026-11-20' },
      diagnoses: [{ code: 'M05.9', principal: true }],
      ...patient,
    },
    proposal: { components, ...proposal },
    context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'outpatient' },
  };
}

export function findingIds(a: Assessment): string[] {
  return a.findings.map((f) => f.ruleId);
}

/** The same request with other proposed components (the rest of the proposal kept). */
export function withComponents(
  request: AssessmentRequest,
  components: components['schemas']['ProposedComponent'][],
): AssessmentRequest {
  return { ...request, proposal: { ...(request.proposal as object), components } };
}
