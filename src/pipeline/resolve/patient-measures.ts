/**
 * Derived patient measures: age at asOf, body-surface area (Mosteller), Cockcroft–Gault
 * creatinine clearance, and the recency of each observation. Pure arithmetic; no defaults are
 * invented — a measure whose inputs are missing is undefined.
 */
import type { CasePatient } from '../../domain/case';

/** Mosteller: BSA (m²) = √(height cm × weight kg / 3600). */
export function mostellerBsa(heightCm: number, weightKg: number): number {
  return Math.sqrt((heightCm * weightKg) / 3600);
}

/**
 * Cockcroft–Gault creatinine clearance (mL/min) = (140 − age) × weight kg / (72 × serum creatinine mg/dL),
 * × 0.85 for women. Uses actual body weight.
 */
export function cockcroftGault(ageYears: number, weightKg: number, serumCreatinineMgDl: number, sex: 'male' | 'female'): number {
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
    at.getUTCMonth() < birth.getUTCMonth() || (at.getUTCMonth() === birth.getUTCMonth() && at.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

export function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

export interface PatientMeasures {
  bsaM2?: number;
  creatinineClearanceMlMin?: number;
  altRatioToUln?: number;
}

export function derivePatientMeasures(patient: CasePatient, defaultAltUpperLimit: number): PatientMeasures {
  const weight = patient.weightKg?.value;
  const height = patient.heightCm?.value;
  const creatinine = patient.serumCreatinineMgDl?.value;
  const measures: PatientMeasures = {};
  if (weight !== undefined && height !== undefined) measures.bsaM2 = mostellerBsa(height, weight);
  if (weight !== undefined && creatinine !== undefined && creatinine > 0 && patient.ageYears !== undefined && (patient.sex === 'male' || patient.sex === 'female')) {
    measures.creatinineClearanceMlMin = cockcroftGault(patient.ageYears, weight, creatinine, patient.sex);
  }
  if (patient.alt) {
    const uln = patient.alt.value.upperLimitOfNormal ?? defaultAltUpperLimit;
    measures.altRatioToUln = patient.alt.value.value / uln;
  }
  return measures;
}

/** An observation older than `limitDays` at `asOf` (or dated after it). */
export function isStale(observation: { date?: string } | undefined, asOf: string, limitDays: number): boolean {
  if (!observation?.date) return false;
  const age = daysBetween(observation.date, asOf);
  return age > limitDays;
}
