import {
  ckdEpi2021,
  cockcroftGault,
  decimalsOf,
  derivePatientMeasures,
  roundTo,
} from '../../src/domain/patient-measures';
import { canonicalGene } from '../../src/domain/genes';
import type { CasePatient } from '../../src/domain/case';

const patient = (p: Partial<CasePatient>): CasePatient => ({
  diagnoses: [],
  biomarkers: [],
  comorbidities: [],
  allergies: [],
  priorTherapyFailures: [],
  ...p,
});

describe('CKD-EPI 2021 (race-free; Inker et al., NEJM 2021)', () => {
  it.each([
    // worked by hand from the published equation: 142 × min(Scr/κ,1)^α × max(Scr/κ,1)^−1.200 × 0.9938^age × 1.012 [female]
    [60, 1.0, 'male', 86.2],
    [50, 0.7, 'female', 105.3],
    [72, 3.2, 'male', 19.8],
    [40, 0.5, 'female', 121.5],
  ] as const)('age %i, creatinine %f mg/dL, %s → %f mL/min/1.73 m²', (age, scr, sex, expected) => {
    expect(ckdEpi2021(age, scr, sex)).toBeCloseTo(expected, 1);
  });
});

describe('Cockcroft–Gault', () => {
  it('(140 − 70) × 60 kg / (72 × 3.5) = 16.7 mL/min; × 0.85 for women', () => {
    expect(roundTo(cockcroftGault(70, 60, 3.5, 'male'), 1)).toBe(16.7);
    expect(roundTo(cockcroftGault(70, 60, 3.5, 'female'), 1)).toBe(14.2);
  });
});

describe('derived measures', () => {
  it('derives eGFR from creatinine, age and sex when none is sent, and says so with its formula', () => {
    const m = derivePatientMeasures(patient({ ageYears: 72, sex: 'male', serumCreatinineMgDl: { value: 3.2 } }), 40);
    expect(m.egfr).toBeCloseTo(19.8, 1);
    expect(m.basis.egfr).toEqual({ basis: 'derived', formula: expect.stringContaining('CKD-EPI 2021') });
  });

  it('a sent eGFR wins over the derived one', () => {
    const m = derivePatientMeasures(
      patient({ ageYears: 72, sex: 'male', serumCreatinineMgDl: { value: 3.2 }, egfr: { value: 44 } }),
      40,
    );
    expect(m.egfr).toBe(44);
    expect(m.basis.egfr).toEqual({ basis: 'sent' });
  });

  it('derives nothing from impossible inputs (creatinine 0, unknown sex) rather than an infinite clearance', () => {
    const zero = derivePatientMeasures(
      patient({ ageYears: 60, sex: 'male', weightKg: { value: 70 }, serumCreatinineMgDl: { value: 0 } }),
      40,
    );
    expect(zero.creatinineClearanceMlMin).toBeUndefined();
    expect(zero.egfr).toBeUndefined();
    const sexUnknown = derivePatientMeasures(
      patient({ ageYears: 60, sex: 'unknown', weightKg: { value: 70 }, serumCreatinineMgDl: { value: 1 } }),
      40,
    );
    expect(sexUnknown.creatinineClearanceMlMin).toBeUndefined();
  });

  it('ALT over its upper limit of normal, with the pack default ULN when the observation has none', () => {
    expect(derivePatientMeasures(patient({ alt: { value: { value: 120 } } }), 40).altRatioToUln).toBe(3);
    expect(
      derivePatientMeasures(patient({ alt: { value: { value: 120, upperLimitOfNormal: 60 } } }), 40).altRatioToUln,
    ).toBe(2);
  });
});

describe('measured precision', () => {
  it('the difference of two measurements is read at their precision: 5.6 − 4.4 = 1.2', () => {
    expect(5.6 - 4.4).not.toBe(1.2);
    expect(roundTo(5.6 - 4.4, Math.max(decimalsOf(5.6), decimalsOf(4.4)))).toBe(1.2);
    expect(decimalsOf(4)).toBe(0);
    expect(decimalsOf(0.25)).toBe(2);
  });
});

describe('gene names', () => {
  it.each([
    ['HER2', 'ERBB2'],
    ['her2/neu', 'ERBB2'],
    ['HGNC:3430', 'ERBB2'],
    ['ER', 'ESR1'],
    ['PgR', 'PGR'],
    ['HGNC:3236', 'EGFR'],
    ['EGFR', 'EGFR'],
  ])('%s is %s', (name, symbol) => {
    expect(canonicalGene(name)).toBe(symbol);
  });

  it('an unknown name is not guessed', () => {
    expect(canonicalGene('FOO1')).toBeUndefined();
  });
});
