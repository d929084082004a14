/**
 * The oracle's derived measures against values worked by hand from the published equations
 * (each expectation shows its arithmetic), so that a wrong exponent or constant fails here.
 */
import { ageAt, altTimesUln, bsaMosteller, ckdEpi2021, cockcroftGault, creatinineMgDl } from './derived-measures';

describe('age at the assessment date', () => {
  it('counts completed years; the birthday counts on the day itself', () => {
    expect(ageAt('1954-11-23', '2026-11-23')).toBe(72);
    expect(ageAt('1954-11-24', '2026-11-23')).toBe(71);
    expect(ageAt('1954-12-01', '2026-11-23')).toBe(71);
    expect(ageAt('2000-02-29', '2026-02-28')).toBe(25);
  });

  it('is unknown without a birth date', () => {
    expect(ageAt(undefined, '2026-11-23')).toBeUndefined();
  });
});

describe('creatinine units', () => {
  it('converts µmol/L to mg/dL by 88.4', () => {
    expect(creatinineMgDl(88.4, 'µmol/L')).toBeCloseTo(1, 10);
    expect(creatinineMgDl(282.88, 'umol/L')).toBeCloseTo(3.2, 10);
    expect(creatinineMgDl(1.1, 'mg/dL')).toBe(1.1);
  });

  it('treats zero or negative creatinine as unusable, never as perfect kidneys', () => {
    expect(creatinineMgDl(0, 'mg/dL')).toBeUndefined();
    expect(creatinineMgDl(-1, 'mg/dL')).toBeUndefined();
  });
});

describe('Cockcroft-Gault creatinine clearance (actual weight)', () => {
  it('a 60-year-old man, 72 kg, creatinine 1.0 mg/dL: (140 − 60) × 72 / (72 × 1.0) = 80 mL/min', () => {
    expect(cockcroftGault({ ageYears: 60, weightKg: 72, scrMgDl: 1.0, sex: 'male' })).toBeCloseTo(80, 10);
  });

  it('a woman gets 0.85 of the male value: 72 y, 60 kg, 3.2 mg/dL → 68 × 60 / 230.4 × 0.85 = 15.05 mL/min', () => {
    expect(cockcroftGault({ ageYears: 72, weightKg: 60, scrMgDl: 3.2, sex: 'female' })).toBeCloseTo(15.0521, 3);
  });

  it('is unknown when weight or sex is missing', () => {
    expect(cockcroftGault({ ageYears: 60, scrMgDl: 1, sex: 'male' })).toBeUndefined();
    expect(cockcroftGault({ ageYears: 60, weightKg: 70, scrMgDl: 1 })).toBeUndefined();
  });
});

describe('CKD-EPI 2021 race-free eGFR', () => {
  it('man, 50 y, 1.0 mg/dL: 142 × (1.0/0.9)^−1.200 × 0.9938^50 = 91.7', () => {
    expect(ckdEpi2021({ ageYears: 50, scrMgDl: 1.0, sex: 'male' })).toBeCloseTo(91.69, 1);
  });

  it('woman, 60 y, 0.8 mg/dL: 142 × (0.8/0.7)^−1.200 × 0.9938^60 × 1.012 = 84.3', () => {
    expect(ckdEpi2021({ ageYears: 60, scrMgDl: 0.8, sex: 'female' })).toBeCloseTo(84.3, 1);
  });

  it('woman, 40 y, 0.6 mg/dL (below κ, so the α exponent applies): 142 × (0.6/0.7)^−0.241 × 0.9938^40 × 1.012 = 116.3', () => {
    expect(ckdEpi2021({ ageYears: 40, scrMgDl: 0.6, sex: 'female' })).toBeCloseTo(116.3, 1);
  });

  it("the issue's case: a 72-year-old woman with creatinine 3.2 mg/dL has an eGFR of about 15 (metformin contraindicated)", () => {
    expect(ckdEpi2021({ ageYears: 72, scrMgDl: 3.2, sex: 'female' })).toBeCloseTo(14.82, 1);
    expect(ckdEpi2021({ ageYears: 72, scrMgDl: 3.2, sex: 'male' })).toBeCloseTo(19.8, 1);
  });

  it('is unknown without sex (the equation has no sex-neutral form)', () => {
    expect(ckdEpi2021({ ageYears: 50, scrMgDl: 1 })).toBeUndefined();
  });
});

describe('body-surface area and ALT', () => {
  it('Mosteller: 170 cm, 68 kg → √(170 × 68 / 3600) = 1.792 m²', () => {
    expect(bsaMosteller(170, 68)).toBeCloseTo(1.792, 3);
    expect(bsaMosteller(0, 68)).toBeUndefined();
  });

  it('ALT 120 U/L with an upper limit of 40 is 3 × ULN; without the limit it is unknown', () => {
    expect(altTimesUln(120, 40)).toBe(3);
    expect(altTimesUln(120, undefined)).toBeUndefined();
  });
});
