/**
 * Observations whose value is a finding rather than a measurement: ECOG performance status, tumour
 * stage, HER2 by IHC and by ISH, pregnancy and breastfeeding status.
 */
import type { CaseBiomarker } from '../../../domain/case';
import { type FhirIssues, child, optNumber, readQuantity } from '../fhir-read';
import { LOINC } from '../code-systems';
import { type ObsRecord, type ObservationReader, conceptText, observed } from './observation-values';
import { t } from './reading';

const ECOG_ANSWERS: Record<string, number> = {
  'LA9622-7': 0,
  'LA9623-5': 1,
  'LA9624-3': 2,
  'LA9625-0': 3,
  'LA9626-8': 4,
  'LA9627-6': 5,
};

const POSITIVE_NEGATIVE: Record<string, 'positive' | 'negative' | 'equivocal'> = {
  'LA6576-8': 'positive',
  'LA6577-6': 'negative',
  'LA11884-6': 'equivocal',
  positive: 'positive',
  negative: 'negative',
  equivocal: 'equivocal',
  pos: 'positive',
  neg: 'negative',
  amplified: 'positive',
  'not amplified': 'negative',
};

const HER2_IHC: Record<string, CaseBiomarker['result']> = {
  '0': 'IHC 0',
  '1+': 'IHC 1+',
  '2+': 'IHC 2+',
  '3+': 'IHC 3+',
};

export const readEcog: ObservationReader = (rec, patient, issues, notAssessed) => {
  const value = ecogValue(rec, issues);
  if (value === undefined)
    notAssessed.push({
      where: rec.r.path,
      reason: t('ECOG value not readable (expected 0–5).', 'ECOG 评分无法读取（应为 0–5）。'),
    });
  else patient.ecog = observed(value, rec.date);
};

function ecogValue(rec: ObsRecord, issues: FhirIssues): number | undefined {
  const o = rec.r.resource;
  let v: number | undefined;
  if (o.valueInteger !== undefined) v = optNumber(o, 'valueInteger', rec.r.path, issues, { integer: true });
  else if (o.valueQuantity !== undefined)
    v = readQuantity(o.valueQuantity, child(rec.r.path, 'valueQuantity'), issues)?.value;
  else {
    const c = conceptText(o, rec.r.path, issues);
    for (const coding of c?.codes ?? []) {
      if (coding.code && ECOG_ANSWERS[coding.code] !== undefined) v = ECOG_ANSWERS[coding.code];
      else if (coding.code && /^[0-5]$/.test(coding.code)) v = Number(coding.code);
    }
    if (v === undefined && c?.text && /^\s*[0-5]\b/.test(c.text)) v = Number(c.text.trim()[0]);
  }
  return v !== undefined && Number.isInteger(v) && v >= 0 && v <= 5 ? v : undefined;
}

export const readStage: ObservationReader = (rec, patient, issues) => {
  const v = conceptText(rec.r.resource, rec.r.path, issues);
  const raw = v?.text ?? v?.codes.find((c) => c.display)?.display ?? v?.codes.find((c) => c.code)?.code;
  if (raw) patient.stage = observed(normaliseStage(raw), rec.date);
};

export function normaliseStage(raw: string): string {
  return raw
    .replace(/^\s*(stage|clinical stage|pathological stage|分期)\s*/i, '')
    .replace(/期$/, '')
    .trim()
    .toUpperCase();
}

export const readHer2Ihc: ObservationReader = (rec, patient, issues, notAssessed) => {
  const v = conceptText(rec.r.resource, rec.r.path, issues);
  const raw = (v?.codes.find((c) => c.code)?.code ?? v?.text ?? '').replace(/\s/g, '').replace(/^IHC/i, '');
  const result = HER2_IHC[raw];
  if (result)
    patient.biomarkers.push({ gene: 'ERBB2', result, method: 'IHC', ...(rec.date ? { date: rec.date } : {}) });
  else
    notAssessed.push({
      where: rec.r.path,
      reason: t(
        'HER2 IHC result not readable (expected 0, 1+, 2+ or 3+).',
        'HER2 免疫组化结果无法读取（应为 0、1+、2+ 或 3+）。',
      ),
    });
};

export const readHer2Ish: ObservationReader = (rec, patient, issues, notAssessed) => {
  const v = conceptText(rec.r.resource, rec.r.path, issues);
  const raw = v?.codes.map((c) => c.code ?? '').find((c) => POSITIVE_NEGATIVE[c]) ?? v?.text?.toLowerCase() ?? '';
  const result = POSITIVE_NEGATIVE[raw];
  if (result)
    patient.biomarkers.push({ gene: 'ERBB2', result, method: 'ISH', ...(rec.date ? { date: rec.date } : {}) });
  else
    notAssessed.push({
      where: rec.r.path,
      reason: t(
        'HER2 ISH result not readable (expected positive or negative).',
        'HER2 原位杂交结果无法读取（应为阳性或阴性）。',
      ),
    });
};

/** Only a recorded yes or no decides; "unknown" leaves the status unknown (drugs it restricts are not offered). */
export const readReproductiveStatus: ObservationReader = (rec, patient, issues) => {
  const codes = conceptText(rec.r.resource, rec.r.path, issues)?.codes.map((c) => c.code) ?? [];
  const [yes, no] =
    rec.kind === 'pregnancy' ? [LOINC.pregnant, LOINC.notPregnant] : [LOINC.breastfeeding, LOINC.notBreastfeeding];
  const value = codes.includes(yes) ? true : codes.includes(no) ? false : undefined;
  if (value !== undefined) patient[rec.kind === 'pregnancy' ? 'pregnant' : 'breastfeeding'] = value;
};
