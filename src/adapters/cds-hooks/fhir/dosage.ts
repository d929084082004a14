/**
 * MedicationRequest.dosageInstruction: the route, the dose (by doseAndRate type) and the timing of
 * the first dosage instruction. What is not used is said.
 */
import type { DoseUnit, ProposedComponent } from '../../../domain/case';
import { SYSTEMS } from '../code-systems';
import {
  type FhirIssues,
  type JsonObject,
  child,
  isObject,
  optArray,
  readCodeableConcept,
  readQuantity,
  ucumOf,
} from '../fhir-read';
import type { NotAssessed } from '../not-assessed';
import { round, t } from './reading';
import { type TimingInfo, readTiming } from './timing';
import type { SourcedResource } from './types';

export interface DosageValues {
  dose?: ProposedComponent['dose'];
  route?: ProposedComponent['route'];
  timing?: TimingInfo;
}

const UCUM_DOSE: Record<string, { unit: DoseUnit; factor: number }> = {
  mg: { unit: 'mg', factor: 1 },
  g: { unit: 'mg', factor: 1000 },
  ug: { unit: 'µg', factor: 1 },
  µg: { unit: 'µg', factor: 1 },
  mcg: { unit: 'µg', factor: 1 },
  'mg/m2': { unit: 'mg/m2', factor: 1 },
  'mg/m^2': { unit: 'mg/m2', factor: 1 },
  'mg/kg': { unit: 'mg/kg', factor: 1 },
  '[iU]': { unit: 'IU', factor: 1 },
  '[IU]': { unit: 'IU', factor: 1 },
  U: { unit: 'unit', factor: 1 },
  '{unit}': { unit: 'unit', factor: 1 },
  '{dose}': { unit: 'dose', factor: 1 },
  '{AUC}': { unit: 'AUC', factor: 1 },
  'mg/mL.min': { unit: 'AUC', factor: 1 },
  'mg.min/mL': { unit: 'AUC', factor: 1 },
};

const ROUTES: Record<string, ProposedComponent['route']> = {
  // SNOMED CT route of administration
  '47625008': 'iv',
  '26643006': 'oral',
  '34206005': 'sc',
  '78421000': 'im',
  // HL7 v3 RouteOfAdministration
  IVINJ: 'iv',
  IVINFUS: 'iv',
  IV: 'iv',
  PO: 'oral',
  SQ: 'sc',
  SC: 'sc',
  IM: 'im',
  // plain text
  iv: 'iv',
  intravenous: 'iv',
  oral: 'oral',
  sc: 'sc',
  subcutaneous: 'sc',
  im: 'im',
  intramuscular: 'im',
};

export function readDosage(r: SourcedResource, issues: FhirIssues, notAssessed: NotAssessed[]): DosageValues {
  const dosages = optArray(r.resource, 'dosageInstruction', r.path, issues);
  if (dosages.length > 1)
    notAssessed.push({
      where: child(r.path, 'dosageInstruction'),
      reason: t('Only the first dosage instruction of the order was assessed.', '只评估了医嘱的第一条用法用量。'),
    });
  const d = dosages[0];
  const dp = child(child(r.path, 'dosageInstruction'), 0);
  if (d === undefined) return {};
  if (!isObject(d)) {
    issues.add(dp, 'must be a Dosage object');
    return {};
  }
  const out: DosageValues = {};
  const route = readRoute(d, dp, issues);
  if (route) out.route = route;
  const dose = readDose(d, dp, issues, notAssessed);
  if (dose) out.dose = dose;
  const timing = readTiming(d, dp, issues, notAssessed);
  if (timing) out.timing = timing;
  return out;
}

function readRoute(d: JsonObject, dp: string, issues: FhirIssues): ProposedComponent['route'] | undefined {
  const route = readCodeableConcept(d.route, child(dp, 'route'), issues);
  if (!route) return undefined;
  return (
    route.codings.map((c) => (c.code ? ROUTES[c.code] : undefined)).find((x) => x) ??
    (route.text ? ROUTES[route.text.toLowerCase()] : undefined)
  );
}

interface DoseEntry {
  e: JsonObject;
  ep: string;
  kind: string;
}

/**
 * doseAndRate by type: the ordered dose before the calculated one (HL7 dose-rate-type); an
 * STU3-style Dosage.doseQuantity when there is no doseAndRate. What is not used is said.
 */
function readDose(
  d: JsonObject,
  dp: string,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
): ProposedComponent['dose'] | undefined {
  const entries = doseAndRateEntries(d, dp, issues);
  const rank = (k: string) => (k === 'ordered' ? 0 : k === 'calculated' ? 1 : 2);
  const chosen = [...entries].sort((x, y) => rank(x.kind) - rank(y.kind))[0];
  for (const other of entries) {
    if (other === chosen || (other.e.doseQuantity === undefined && other.e.doseRange === undefined)) continue;
    notAssessed.push({
      where: other.ep,
      reason: t(
        `A ${other.kind} dose of this order was not used; the ${chosen?.kind ?? 'ordered'} dose was.`,
        `该医嘱的${other.kind === 'calculated' ? '计算' : other.kind === 'ordered' ? '医嘱' : '其他'}剂量未采用，采用的是${chosen?.kind === 'calculated' ? '计算' : '医嘱'}剂量。`,
      ),
    });
  }
  const doseValue = chosen?.e.doseQuantity ?? (chosen ? undefined : d.doseQuantity);
  const dosePath = chosen ? child(chosen.ep, 'doseQuantity') : child(dp, 'doseQuantity');
  if (doseValue !== undefined) return doseQuantity(readQuantity(doseValue, dosePath, issues), issues, notAssessed);
  if (chosen?.e.doseRange !== undefined)
    notAssessed.push({
      where: child(chosen.ep, 'doseRange'),
      reason: t('A dose range was ordered; the protocol dose was assumed.', '医嘱为剂量范围；按方案剂量计算。'),
    });
  return undefined;
}

function doseAndRateEntries(d: JsonObject, dp: string, issues: FhirIssues): DoseEntry[] {
  return optArray(d, 'doseAndRate', dp, issues).flatMap((e, i) => {
    const ep = child(child(dp, 'doseAndRate'), i);
    if (!isObject(e)) {
      issues.add(ep, 'must be a Dosage.doseAndRate object');
      return [];
    }
    const type = readCodeableConcept(e.type, child(ep, 'type'), issues);
    const kind =
      type?.codings.find((c) => c.code === 'ordered' || c.code === 'calculated')?.code ?? (type ? 'other' : 'ordered');
    return [{ e, ep, kind }];
  });
}

/** A dose quantity in one of the units the pipeline reads; another unit is said, and the protocol dose assumed. */
function doseQuantity(
  q: ReturnType<typeof readQuantity>,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
): ProposedComponent['dose'] | undefined {
  if (!q) return undefined;
  if (q.value <= 0) {
    issues.add(child(q.path, 'value'), 'must be greater than 0');
    return undefined;
  }
  const ucum = ucumOf(q);
  const mapped = ucum ? UCUM_DOSE[ucum] : undefined;
  if (mapped) return { value: round(q.value * mapped.factor, 6), unit: mapped.unit };
  notAssessed.push({
    code: ucum ?? '(none)',
    system: SYSTEMS.ucum,
    where: q.path,
    reason: t(
      `Dose unit "${ucum ?? ''}" is not one of mg, mg/m2, mg/kg, ug, [iU], {AUC}; the protocol dose was assumed.`,
      `剂量单位“${ucum ?? ''}”不是 mg、mg/m2、mg/kg 等可识别单位；按方案剂量计算。`,
    ),
  });
  return undefined;
}
