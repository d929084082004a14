/**
 * Derived patient measures: age at asOf, body-surface area (Mosteller), Cockcroft–Gault
 * creatinine clearance, and the recency of each observation. Pure arithmetic; no defaults are
 * invented — a measure whose inputs are missing is undefined.
 */
import type { CasePatient } from './case';

/** Mosteller: BSA (m²) = √(height cm × weight kg / 3600). */
export function mostellerBsa(heightCm: number, weightKg: number): number {
  return Math.sqrt((heightCm * weightKg) / 3600);
}

/**
 * Cockcroft–Gault creatinine clearance (mL/min) = (140 − age) × weight kg / (72 × serum creatinine mg/dL),
 * × 0.85 for women. Uses actual body weight.
 */
export function cockcroftGault(
  ageYears: number,
  weightKg: number,
  serumCreatinineMgDl: number,
  sex: 'male' | 'female',
): number {
  const base = ((140 - ageYears) * weightKg) / (72 * serumCreatinineMgDl);
  return sex === 'female' ? base * 0.85 : base;
}

/** Calvert formula: carboplatin dose (mg) = target AUC × (GFR + 25), GFR estimated by CrCl capped at `capMlMin`. */
export function calvertDose(targetAuc: number, creatinineClearanceMlMin: number, capMlMin: number): number {
  return targetAuc * (Math.min(creatinineClearanceMlMin, capMlMin) + 25);
}

export function ageAt(birthDate: string, asOf: string): number {
  const birth = new Date(birthDate);
  const at = new Date(asOf);
  let age = at.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    at.getUTCMonth() < birth.getUTCMonth() ||
    (at.getUTCMonth() === birth.getUTCMonth() && at.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

export function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/**
 * CKD-EPI 2021 creatinine equation, without race (Inker et al., NEJM 2021;385:1737):
 * eGFR = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age [× 1.012 if female],
 * κ = 0.7 (female) / 0.9 (male), α = −0.241 (female) / −0.302 (male); mL/min/1.73 m².
 */
export function ckdEpi2021(ageYears: number, serumCreatinineMgDl: number, sex: 'male' | 'female'): number {
  const female = sex === 'female';
  const kappa = female ? 0.7 : 0.9;
  const alpha = female ? -0.241 : -0.302;
  const ratio = serumCreatinineMgDl / kappa;
  return 142 * Math.min(ratio, 1) ** alpha * Math.max(ratio, 1) ** -1.2 * 0.9938 ** ageYears * (female ? 1.012 : 1);
}

/** Round to `digits` decimals: measures are compared at the precision they are reported in. */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor + Number.EPSILON * Math.sign(value) * factor) / factor;
}

/** Decimals written in a measured value (5.6 → 1, 4 → 0), for differences of two measurements. */
export function decimalsOf(value: number): number {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 || /e/i.test(text) ? 0 : text.length - dot - 1;
}

export interface MeasureBasis {
  basis: 'sent' | 'derived';
  /** For a derived measure: the formula with the inputs it used. */
  formula?: string;
}

export interface PatientMeasures {
  /** Full precision, for dose arithmetic (BSA × mg/m², Calvert). */
  bsaM2?: number;
  creatinineClearanceMlMin?: number;
  altRatioToUln?: number;
  /** eGFR sent, or CKD-EPI 2021 from creatinine, age and sex. */
  egfr?: number;
  /** How each measure was obtained, for the answer's `measures`. */
  basis: Partial<Record<'ageYears' | 'bsaM2' | 'creatinineClearanceMlMin' | 'egfr' | 'altRatioToUln', MeasureBasis>>;
}

/** Reported precision of each measure, the precision rules compare it at. */
/** eGFR to one decimal (not the whole number labs print): a derived 29.6 must not read as 30 against a limit of 30. */
export const MEASURE_DECIMALS = { bsaM2: 2, creatinineClearanceMlMin: 1, egfr: 1, altRatioToUln: 2 } as const;

export function derivePatientMeasures(patient: CasePatient, defaultAltUpperLimit: number): PatientMeasures {
  const weight = patient.weightKg?.value;
  const height = patient.heightCm?.value;
  const creatinine = patient.serumCreatinineMgDl?.value;
  const age = patient.ageYears;
  const sex = patient.sex === 'male' || patient.sex === 'female' ? patient.sex : undefined;
  const measures: PatientMeasures = { basis: {} };
  if (age !== undefined) {
    measures.basis.ageYears =
      patient.birthDate !== undefined
        ? { basis: 'derived', formula: `whole years from birth date ${patient.birthDate} to asOf` }
        : { basis: 'sent' };
  }
  if (weight !== undefined && height !== undefined && weight > 0 && height > 0) {
    measures.bsaM2 = mostellerBsa(height, weight);
    measures.basis.bsaM2 = { basis: 'derived', formula: `Mosteller √(${height} cm × ${weight} kg / 3600)` };
  }
  const creatinineUsable = creatinine !== undefined && creatinine > 0 && age !== undefined && sex !== undefined;
  if (creatinineUsable && weight !== undefined && weight > 0) {
    measures.creatinineClearanceMlMin = cockcroftGault(age, weight, creatinine, sex);
    measures.basis.creatinineClearanceMlMin = {
      basis: 'derived',
      formula: `Cockcroft–Gault (140 − ${age}) × ${weight} kg / (72 × ${roundTo(creatinine, 2)} mg/dL)${sex === 'female' ? ' × 0.85' : ''}, actual body weight`,
    };
  }
  if (patient.egfr) {
    measures.egfr = patient.egfr.value;
    measures.basis.egfr = { basis: 'sent' };
  } else if (creatinineUsable) {
    measures.egfr = ckdEpi2021(age, creatinine, sex);
    measures.basis.egfr = {
      basis: 'derived',
      formula: `CKD-EPI 2021 (race-free) from creatinine ${roundTo(creatinine, 2)} mg/dL, age ${age}, ${sex}`,
    };
  }
  if (patient.alt) {
    const uln = patient.alt.value.upperLimitOfNormal ?? defaultAltUpperLimit;
    measures.altRatioToUln = patient.alt.value.value / uln;
    measures.basis.altRatioToUln = {
      basis: 'derived',
      formula: `ALT ${patient.alt.value.value} U/L ÷ ULN ${uln} U/L${patient.alt.value.upperLimitOfNormal === undefined ? ' (pack default ULN)' : ''}`,
    };
  }
  return measures;
}

/** An observation older than `limitDays` at `asOf` (or dated after it). */
export function isStale(observation: { date?: string } | undefined, asOf: string, limitDays: number): boolean {
  if (!observation?.date) return false;
  const age = daysBetween(observation.date, asOf);
  return age > limitDays;
}
