/**
 * MedicationRequest → a proposed component: the drug (from medicationCodeableConcept, a contained
 * Medication or a referenced one), its dosage and its timing.
 */
import type { ProposedComponent } from '../../../domain/case';
import {
  type CodingValue,
  type FhirIssues,
  type JsonObject,
  child,
  isObject,
  optArray,
  optObject,
  optString,
  readCodeableConcept,
  referenceId,
} from '../fhir-read';
import type { NotAssessed } from '../not-assessed';
import { readDosage } from './dosage';
import { pickCode } from './medication-codes';
import { type Reading, firstCoding, t } from './reading';
import type { TimingInfo } from './timing';
import type { SourcedResource } from './types';

/** What a draft order contributes to the proposal. */
export interface ParsedOrder {
  component: Omit<ProposedComponent, 'orderRef'>;
  timing?: TimingInfo;
}

export function readMedicationRequest(r: SourcedResource, reading: Reading): ParsedOrder | undefined {
  const { issues, notAssessed } = reading;
  optString(r.resource, 'intent', r.path, issues);
  const subject = optObject(r.resource, 'subject', r.path, issues);
  if (subject) optString(subject, 'reference', child(r.path, 'subject'), issues);
  const med = medicationCodings(r, reading.medications, issues, notAssessed);
  const dosage = readDosage(r, issues, notAssessed);
  if (!med) return undefined;
  const code = pickCode(med.codings, reading.config);
  if (!code) {
    const first = med.codings[0];
    notAssessed.push({
      ...firstCoding(med.codings),
      where: med.where,
      reason: t(
        `The medication ${med.text ?? first?.display ?? first?.code ?? ''} has no ATC, product, HIS or RxNorm code; it was not assessed.`,
        `药品 ${med.text ?? first?.display ?? first?.code ?? ''} 没有 ATC、医保药品、HIS 或 RxNorm 编码，未评估。`,
      ),
    });
    return undefined;
  }
  return {
    component: {
      code: code.code,
      system: code.system,
      ...(dosage.dose ? { dose: dosage.dose } : {}),
      ...(dosage.route ? { route: dosage.route } : {}),
    },
    ...(dosage.timing ? { timing: dosage.timing } : {}),
  };
}

function medicationCodings(
  r: SourcedResource,
  medications: ReadonlyMap<string, SourcedResource>,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
): { codings: CodingValue[]; text?: string; where: string } | undefined {
  const res = r.resource;
  if (res.medicationCodeableConcept !== undefined) {
    const cc = readCodeableConcept(res.medicationCodeableConcept, child(r.path, 'medicationCodeableConcept'), issues);
    return cc ? { ...cc, where: child(r.path, 'medicationCodeableConcept') } : undefined;
  }
  const mref = optObject(res, 'medicationReference', r.path, issues);
  if (mref) {
    const ref = optString(mref, 'reference', child(r.path, 'medicationReference'), issues);
    let med: JsonObject | undefined;
    let medPath = '';
    if (ref?.startsWith('#')) {
      optArray(res, 'contained', r.path, issues).forEach((c, i) => {
        if (isObject(c) && c.resourceType === 'Medication' && c.id === ref.slice(1)) {
          med = c;
          medPath = child(child(r.path, 'contained'), i);
        }
      });
    } else if (ref) {
      const found = medications.get(`Medication/${referenceId(ref, 'Medication') ?? ''}`);
      if (found) {
        med = found.resource;
        medPath = found.path;
      }
    }
    if (!med) {
      // Not contained and not fetched (no FHIR access, or the server did not have it): this order
      // is not assessed; the hook is still answered.
      if (ref)
        notAssessed.push({
          where: child(child(r.path, 'medicationReference'), 'reference'),
          reason: t(
            'The ordered Medication is referenced but could not be obtained; this order was not assessed.',
            '医嘱引用的药品信息无法获取，该医嘱未评估。',
          ),
        });
      return undefined;
    }
    const cc = readCodeableConcept(med.code, child(medPath, 'code'), issues);
    return cc ? { ...cc, where: child(medPath, 'code') } : { codings: [], where: child(medPath, 'code') };
  }
  issues.add(r.path, 'MedicationRequest needs medicationCodeableConcept or medicationReference');
  return undefined;
}
