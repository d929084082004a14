/**
 * Observations → the patient's measurements, findings, biomarkers and scores. Only the kinds the
 * service asked for are read, and of each kind (of each gene, for variant assessments) the latest.
 */
import type { CasePatient } from '../../../domain/case';
import { LOINC, SCORE_CODES, SYSTEMS } from '../code-systems';
import {
  type CodingValue,
  type FhirIssues,
  type JsonObject,
  child,
  optDate,
  optObject,
  optString,
  readCodeableConcept,
} from '../fhir-read';
import { readVariant, variantGene } from './genomic-variants';
import { readEcog, readHer2Ihc, readHer2Ish, readReproductiveStatus, readStage } from './observation-findings';
import { readAlt, readCreatinine, readEgfr, readHba1c, readHeight, readWeight } from './observation-measurements';
import type { ObsKind, ObsRecord, ObservationReader } from './observation-values';
import type { Reading } from './reading';
import { readScore } from './scores';
import type { SourcedResource } from './types';

const READERS: Readonly<Record<Exclude<ObsKind, `score:${string}`>, ObservationReader>> = {
  weight: readWeight,
  height: readHeight,
  egfr: readEgfr,
  creatinine: readCreatinine,
  alt: readAlt,
  hba1c: readHba1c,
  ecog: readEcog,
  stage: readStage,
  variant: readVariant,
  her2Ihc: readHer2Ihc,
  her2Ish: readHer2Ish,
  pregnancy: readReproductiveStatus,
  breastfeeding: readReproductiveStatus,
};

export function readObservations(
  observations: readonly SourcedResource[],
  patient: CasePatient,
  reading: Reading,
): void {
  for (const rec of latestOfEachKind(observations, reading).values()) {
    const reader = rec.kind.startsWith('score:') ? readScore : READERS[rec.kind as keyof typeof READERS];
    reader(rec, patient, reading.issuesFor(rec.r), reading.notAssessed);
  }
}

/** The latest observation of each kind (of each gene for variant assessments), keyed by kind. */
function latestOfEachKind(observations: readonly SourcedResource[], reading: Reading): Map<string, ObsRecord> {
  const latest = new Map<string, ObsRecord>();
  for (const r of observations) {
    const issues = reading.issuesFor(r);
    const status = optString(r.resource, 'status', r.path, issues);
    if (status && ['entered-in-error', 'cancelled', 'registered'].includes(status)) continue;
    const cc = readCodeableConcept(r.resource.code, child(r.path, 'code'), issues);
    if (!cc) {
      issues.add(child(r.path, 'code'), 'is required in an Observation');
      continue;
    }
    const kind = observationKind(cc.codings);
    if (!kind) continue; // only the observations the service asked for are read
    const date = effectiveDate(r.resource, r.path, issues);
    const rec: ObsRecord = { r, kind, ...(date ? { date } : {}) };
    let key: string = kind;
    if (kind === 'variant') {
      const gene = variantGene(r, issues, reading.notAssessed);
      if (!gene) continue;
      rec.gene = gene;
      key = `variant:${gene}`;
    }
    if (newer(latest.get(key), rec)) latest.set(key, rec);
  }
  return latest;
}

function observationKind(codings: CodingValue[]): ObsKind | undefined {
  for (const c of codings) {
    if (c.system === SYSTEMS.loinc && c.code) {
      if (c.code === LOINC.weight) return 'weight';
      if (c.code === LOINC.height) return 'height';
      if (LOINC.egfr.includes(c.code)) return 'egfr';
      if (c.code === LOINC.alt) return 'alt';
      if (c.code === LOINC.creatinineMass || c.code === LOINC.creatinineMolar) return 'creatinine';
      if (c.code === LOINC.hba1c) return 'hba1c';
      if (c.code === LOINC.ecog) return 'ecog';
      if (c.code === LOINC.stageClinical || c.code === LOINC.stagePathological) return 'stage';
      if (c.code === LOINC.variantAssessment) return 'variant';
      if (c.code === LOINC.her2Ihc) return 'her2Ihc';
      if (c.code === LOINC.her2Ish) return 'her2Ish';
      if (c.code === LOINC.pregnancyStatus) return 'pregnancy';
      if (c.code === LOINC.breastfeedingStatus) return 'breastfeeding';
    }
    if (c.system === SYSTEMS.score && c.code && (Object.values(SCORE_CODES) as string[]).includes(c.code))
      return `score:${c.code}`;
  }
  return undefined;
}

function effectiveDate(o: JsonObject, path: string, issues: FhirIssues): string | undefined {
  const dt = optDate(o, 'effectiveDateTime', path, issues);
  if (dt) return dt;
  const period = optObject(o, 'effectivePeriod', path, issues);
  if (period) {
    const start = optDate(period, 'start', child(path, 'effectivePeriod'), issues);
    if (start) return start;
  }
  const inst = optDate(o, 'effectiveInstant', path, issues);
  if (inst) return inst;
  return optDate(o, 'issued', path, issues);
}

function newer(a: ObsRecord | undefined, b: ObsRecord): boolean {
  if (!a) return true;
  if (!a.date) return b.date !== undefined;
  if (!b.date) return false;
  return Date.parse(b.date) > Date.parse(a.date);
}
