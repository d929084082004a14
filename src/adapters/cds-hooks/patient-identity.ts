/**
 * Every prefetched or fetched resource must be about the patient of the hook call
 * (`context.patientId`): a Patient by its id, every other resource by its subject / patient /
 * beneficiary reference. Anything else (another patient's, or one whose patient cannot be told)
 * is dropped and listed as not assessed; another patient's allergy or weight must never drive a
 * card. Messages never quote the other patient's id.
 */
import type { LocalizedText } from '../../knowledge/types';
import { isObject, type JsonObject } from './fhir-read';
import type { SourcedResource } from './fhir/types';
import type { NotAssessed } from './not-assessed';

/** Where each resource type names its patient (FHIR R4). */
const PATIENT_ELEMENT: Readonly<Record<string, readonly string[]>> = {
  Observation: ['subject'],
  Condition: ['subject'],
  Encounter: ['subject'],
  AllergyIntolerance: ['patient'],
  Coverage: ['beneficiary'],
  MedicationRequest: ['subject'],
  MedicationStatement: ['subject'],
  DeviceRequest: ['subject'],
  Procedure: ['subject'],
  ServiceRequest: ['subject'],
  DiagnosticReport: ['subject'],
};

/** Resources that are not about a patient (a Medication, a Practitioner …) pass unchanged. */
const NOT_PATIENT_SPECIFIC = new Set([
  'Medication',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Substance',
]);

export type Belongs = 'yes' | 'no' | 'unknown';

/** The patient id a Reference names (`Patient/x`, an absolute `…/Patient/x`, `…/_history/n`), if any. */
export function referencedPatient(reference: unknown): string | undefined {
  if (!isObject(reference) || typeof reference.reference !== 'string') return undefined;
  const parts = reference.reference.split('?')[0]?.split('/') ?? [];
  const i = parts.lastIndexOf('Patient');
  const id = i >= 0 ? parts[i + 1] : undefined;
  return id && id !== '' ? id : undefined;
}

export function belongsTo(resource: JsonObject, patientId: string): Belongs {
  const type = typeof resource.resourceType === 'string' ? resource.resourceType : '';
  if (type === 'Patient')
    return typeof resource.id === 'string' ? (resource.id === patientId ? 'yes' : 'no') : 'unknown';
  if (NOT_PATIENT_SPECIFIC.has(type)) return 'yes';
  const elements = PATIENT_ELEMENT[type] ?? ['subject', 'patient'];
  for (const e of elements) {
    const id = referencedPatient(resource[e]);
    if (id !== undefined) return id === patientId ? 'yes' : 'no';
  }
  return 'unknown';
}

const t = (en: string, zh: string): LocalizedText => ({ en, zh });

/** Chinese names of resource types, so no English leaks into a Chinese card. */
export const RESOURCE_ZH: Readonly<Record<string, string>> = {
  Patient: '患者信息',
  Observation: '检验检查结果',
  Condition: '诊断',
  AllergyIntolerance: '过敏记录',
  Encounter: '就诊记录',
  Coverage: '医保信息',
  Medication: '药品',
  MedicationRequest: '用药医嘱',
  DeviceRequest: '器械医嘱',
};

export function resourceZh(type: string): string {
  return RESOURCE_ZH[type] ?? '临床数据';
}

/** Keeps the resources of this patient; the rest become not-assessed lines (no ids quoted). */
export function keepPatientResources(
  resources: readonly SourcedResource[],
  patientId: string,
): { kept: SourcedResource[]; notAssessed: NotAssessed[] } {
  const kept: SourcedResource[] = [];
  const notAssessed: NotAssessed[] = [];
  for (const r of resources) {
    const verdict = belongsTo(r.resource, patientId);
    if (verdict === 'yes') {
      kept.push(r);
      continue;
    }
    const type = String(r.resource.resourceType);
    notAssessed.push({
      where: r.origin === 'request' ? r.path : `fhirServer:${type}`,
      reason:
        verdict === 'no'
          ? t(
              `One ${type} belongs to another patient (not the patient of this order); it was ignored.`,
              `一条${resourceZh(type)}属于其他患者（非本医嘱患者），已忽略。`,
            )
          : t(
              `One ${type} does not say which patient it belongs to; it was ignored.`,
              `一条${resourceZh(type)}未注明所属患者，已忽略。`,
            ),
    });
  }
  return { kept, notAssessed };
}
