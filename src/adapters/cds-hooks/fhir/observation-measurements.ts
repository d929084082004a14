/**
 * Measured Observations (vital signs and laboratory results): body weight, height, eGFR, serum
 * creatinine, ALT and HbA1c, converted to the units the pipeline uses. A unit that is not read is
 * said, and the value not used.
 */
import { child, isObject, optArray, readQuantity, ucumOf } from '../fhir-read';
import { type ObservationReader, observed, quantityOf, unitMismatch } from './observation-values';
import { round } from './reading';

export const readWeight: ObservationReader = (rec, patient, issues, notAssessed) => {
  const q = quantityOf(rec, issues);
  if (!q) return;
  const u = ucumOf(q);
  const f = u === 'kg' ? 1 : u === 'g' ? 0.001 : u === '[lb_av]' ? 0.45359237 : undefined;
  if (f === undefined) unitMismatch(rec, u, 'kg', notAssessed);
  else patient.weightKg = observed(round(q.value * f, 3), rec.date);
};

export const readHeight: ObservationReader = (rec, patient, issues, notAssessed) => {
  const q = quantityOf(rec, issues);
  if (!q) return;
  const u = ucumOf(q);
  const f = u === 'cm' ? 1 : u === 'm' ? 100 : u === '[in_i]' ? 2.54 : undefined;
  if (f === undefined) unitMismatch(rec, u, 'cm', notAssessed);
  else patient.heightCm = observed(round(q.value * f, 2), rec.date);
};

const EGFR_UNITS = ['mL/min/{1.73_m2}', 'mL/min/1.73m2', 'mL/min/{1.73m2}', 'mL/min'];

export const readEgfr: ObservationReader = (rec, patient, issues, notAssessed) => {
  const q = quantityOf(rec, issues);
  if (!q) return;
  const u = ucumOf(q);
  if (u !== undefined && !EGFR_UNITS.includes(u)) unitMismatch(rec, u, 'mL/min/{1.73_m2}', notAssessed);
  else patient.egfr = observed(q.value, rec.date);
};

export const readCreatinine: ObservationReader = (rec, patient, issues, notAssessed) => {
  const q = quantityOf(rec, issues);
  if (!q) return;
  const u = ucumOf(q);
  if (u === 'mg/dL') patient.serumCreatinineMgDl = observed(round(q.value, 4), rec.date);
  else if (u === 'umol/L' || u === 'µmol/L')
    patient.serumCreatinineMgDl = observed(round(q.value / 88.42, 4), rec.date);
  else unitMismatch(rec, u, 'mg/dL or umol/L', notAssessed);
};

/** ALT, with the upper limit of normal from the first reference range when it has one. */
export const readAlt: ObservationReader = (rec, patient, issues, notAssessed) => {
  const q = quantityOf(rec, issues);
  if (!q) return;
  const u = ucumOf(q);
  if (u !== undefined && u !== 'U/L' && u !== '[IU]/L') {
    unitMismatch(rec, u, 'U/L', notAssessed);
    return;
  }
  let uln: number | undefined;
  const rr = optArray(rec.r.resource, 'referenceRange', rec.r.path, issues)[0];
  if (isObject(rr)) {
    const high = readQuantity(rr.high, child(child(child(rec.r.path, 'referenceRange'), 0), 'high'), issues);
    if (high && high.value > 0) uln = high.value;
  }
  patient.alt = observed(
    uln !== undefined ? { value: q.value, upperLimitOfNormal: uln } : { value: q.value },
    rec.date,
  );
};

export const readHba1c: ObservationReader = (rec, patient, issues, notAssessed) => {
  const q = quantityOf(rec, issues);
  if (!q) return;
  const u = ucumOf(q);
  if (u !== undefined && u !== '%') unitMismatch(rec, u, '%', notAssessed);
  else patient.hba1cPercent = observed(q.value, rec.date);
};
