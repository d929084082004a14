/**
 * What every Observation reader shares: the kinds of observation the service reads, the latest
 * record of each, and how a value is read (a quantity, a coded answer or text).
 */
import type { CasePatient, Observed } from '../../../domain/case';
import {
  type CodingValue,
  type FhirIssues,
  type JsonObject,
  type QuantityValue,
  child,
  optNumber,
  optString,
  readCodeableConcept,
  readQuantity,
} from '../fhir-read';
import type { NotAssessed } from '../not-assessed';
import { t } from './reading';
import type { SourcedResource } from './types';

export type ObsKind =
  | 'weight'
  | 'height'
  | 'egfr'
  | 'alt'
  | 'creatinine'
  | 'hba1c'
  | 'ecog'
  | 'stage'
  | 'variant'
  | 'her2Ihc'
  | 'her2Ish'
  | 'pregnancy'
  | 'breastfeeding'
  | `score:${string}`;

export interface ObsRecord {
  r: SourcedResource;
  date?: string;
  kind: ObsKind;
  /** The gene studied (HGNC symbol), for a genomic variant assessment. */
  gene?: string;
}

/** Reads one observation (the latest of its kind) into the patient. */
export type ObservationReader = (
  rec: ObsRecord,
  patient: CasePatient,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
) => void;

export function observed<T>(value: T, date: string | undefined): Observed<T> {
  return date ? { value, date } : { value };
}

export function quantityOf(rec: ObsRecord, issues: FhirIssues): QuantityValue | undefined {
  const o = rec.r.resource;
  if (o.valueQuantity !== undefined) return readQuantity(o.valueQuantity, child(rec.r.path, 'valueQuantity'), issues);
  if (o.valueInteger !== undefined) {
    const v = optNumber(o, 'valueInteger', rec.r.path, issues, { integer: true });
    return v === undefined ? undefined : { value: v, path: child(rec.r.path, 'valueInteger') };
  }
  return undefined;
}

export function conceptText(
  o: JsonObject,
  path: string,
  issues: FhirIssues,
): { codes: CodingValue[]; text?: string } | undefined {
  if (o.valueCodeableConcept !== undefined) {
    const cc = readCodeableConcept(o.valueCodeableConcept, child(path, 'valueCodeableConcept'), issues);
    if (!cc) return undefined;
    return { codes: cc.codings, ...(cc.text !== undefined ? { text: cc.text } : {}) };
  }
  const s = optString(o, 'valueString', path, issues);
  if (s !== undefined) return { codes: [], text: s };
  return undefined;
}

export function unitMismatch(
  rec: ObsRecord,
  unit: string | undefined,
  expected: string,
  notAssessed: NotAssessed[],
): void {
  notAssessed.push({
    where: rec.r.path,
    reason: t(
      `Observation unit "${unit ?? ''}" is not ${expected}; the value was not used.`,
      `检验结果单位“${unit ?? ''}”不是 ${expected}，未使用该值。`,
    ),
  });
}
