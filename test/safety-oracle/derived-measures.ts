/**
 * The oracle's own derived measures, written from the published formulas and NOT imported from
 * src/: the oracle must not share a bug with the service it judges.
 *
 * - age at a date: completed years (the birthday counts on the day itself);
 * - Cockcroft-Gault creatinine clearance (Cockcroft DW, Gault MH. Nephron 1976;16:31-41), actual
 *   body weight, × 0.85 for women, mL/min;
 * - CKD-EPI 2021 race-free eGFR (Inker LA et al. N Engl J Med 2021;385:1737-49), mL/min/1.73 m²;
 * - body-surface area, Mosteller (N Engl J Med 1987;317:1098), m²;
 * - ALT as a multiple of the upper limit of normal.
 *
 * Every function returns `undefined` when an input it needs is missing or unusable: the caller
 * turns that into an "unknown", never into a default.
 */

export type Sex = 'male' | 'female';

/** 1 mg/dL creatinine = 88.4 µmol/L (molar mass 113.12 g/mol). */
export const UMOL_PER_MG_DL = 88.4;

export function creatinineMgDl(value: number | undefined, unit: string | undefined): number | undefined {
  if (value === undefined || !(value > 0) || !Number.isFinite(value)) return undefined;
  if (unit === undefined || unit === 'mg/dL') return value;
  if (unit === 'umol/L' || unit === 'µmol/L') return value / UMOL_PER_MG_DL;
  return undefined;
}

/** Completed years between an ISO birth date and an ISO "as of" date (both YYYY-MM-DD…). */
export function ageAt(birthDate: string | undefined, asOf: string | undefined): number | undefined {
  if (!birthDate || !asOf) return undefined;
  const b = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate);
  const a = /^(\d{4})-(\d{2})-(\d{2})/.exec(asOf);
  if (!b || !a) return undefined;
  const [by, bm, bd] = [Number(b[1]), Number(b[2]), Number(b[3])];
  const [ay, am, ad] = [Number(a[1]), Number(a[2]), Number(a[3])];
  let years = ay - by;
  if (am < bm || (am === bm && ad < bd)) years -= 1;
  return years;
}

/** Cockcroft-Gault, actual body weight: ((140 − age) × weight) / (72 × SCr) [× 0.85 if female]. */
export function cockcroftGault(p: {
  ageYears?: number;
  weightKg?: number;
  scrMgDl?: number;
  sex?: Sex;
}): number | undefined {
  const { ageYears, weightKg, scrMgDl, sex } = p;
  if (ageYears === undefined || weightKg === undefined || scrMgDl === undefined || sex === undefined) return undefined;
  if (!(weightKg > 0) || !(scrMgDl > 0)) return undefined;
  const male = ((140 - ageYears) * weightKg) / (72 * scrMgDl);
  return sex === 'female' ? male * 0.85 : male;
}

/**
 * CKD-EPI 2021 (race-free):
 * 142 × min(SCr/κ, 1)^α × max(SCr/κ, 1)^−1.200 × 0.9938^age [× 1.012 if female],
 * κ = 0.7 (female) / 0.9 (male), α = −0.241 (female) / −0.302 (male).
 */
export function ckdEpi2021(p: { ageYears?: number; scrMgDl?: number; sex?: Sex }): number | undefined {
  const { ageYears, scrMgDl, sex } = p;
  if (ageYears === undefined || scrMgDl === undefined || sex === undefined || !(scrMgDl > 0)) return undefined;
  const female = sex === 'female';
  const kappa = female ? 0.7 : 0.9;
  const alpha = female ? -0.241 : -0.302;
  const ratio = scrMgDl / kappa;
  return 142 * Math.min(ratio, 1) ** alpha * Math.max(ratio, 1) ** -1.2 * 0.9938 ** ageYears * (female ? 1.012 : 1);
}

/** Mosteller: √(height cm × weight kg / 3600). */
export function bsaMosteller(heightCm: number | undefined, weightKg: number | undefined): number | undefined {
  if (heightCm === undefined || weightKg === undefined || !(heightCm > 0) || !(weightKg > 0)) return undefined;
  return Math.sqrt((heightCm * weightKg) / 3600);
}

export function altTimesUln(alt: number | undefined, upperLimitOfNormal: number | undefined): number | undefined {
  if (alt === undefined || upperLimitOfNormal === undefined || !(upperLimitOfNormal > 0) || !(alt >= 0))
    return undefined;
  return alt / upperLimitOfNormal;
}
