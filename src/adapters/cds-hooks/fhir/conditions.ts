/**
 * Conditions → the diagnoses (the principal one first) and the comorbidities. Active, not refuted
 * conditions with an ICD-10 code (or an ICD-10-CM / SNOMED CT code the pack's terminology maps);
 * the principal is the order's reason, else the first condition the pack covers, else the first.
 */
import type { CasePatient } from '../../../domain/case';
import { SYSTEMS, canonicalSystem } from '../code-systems';
import { type CodingValue, child, isObject, readCodeableConcept, referenceId } from '../fhir-read';
import { type Reading, firstCoding, t } from './reading';
import type { FhirToCaseConfig, SourcedResource } from './types';

const ICD10 = /^[A-Z]\d{2}(\.[0-9A-Za-z]{1,4}(x\d{3})?)?$|^[A-Z]\d{2}\.?[0-9A-Za-z]{0,8}$/;

interface ConditionCode {
  code: string;
  id?: string;
  path: string;
}

export function readConditions(
  conditions: readonly SourcedResource[],
  draft: readonly SourcedResource[],
  patient: CasePatient,
  reading: Reading,
): void {
  const codes = conditions.flatMap((r) => {
    const code = conditionCode(r, reading);
    return code ? [code] : [];
  });
  if (codes.length === 0) {
    reading.notAssessed.push({
      where: 'Condition',
      reason: t(
        'No active diagnosis with an ICD-10 code; the principal diagnosis is missing.',
        '无带 ICD-10 编码的有效诊断；缺少主要诊断。',
      ),
    });
    return;
  }
  const inPack = (code: string) =>
    reading.config.conditionPrefixes.some((p) => code.toUpperCase().startsWith(p.toUpperCase()));
  const reasons = orderReasons(draft);
  const principal =
    codes.find((c) => (c.id && reasons.has(`id:${c.id}`)) || reasons.has(`code:${c.code.toUpperCase()}`)) ??
    codes.find((c) => inPack(c.code)) ??
    codes[0];
  const seen = new Set<string>();
  for (const c of codes) {
    if (seen.has(c.code)) continue;
    seen.add(c.code);
    if (c === principal) patient.diagnoses.unshift({ code: c.code, principal: true });
    else if (inPack(c.code)) patient.diagnoses.push({ code: c.code, principal: false });
    else patient.comorbidities.push({ code: c.code, system: 'icd-10' });
  }
}

/** The ICD-10 code of an active, confirmed condition; an unreadable code is said. */
function conditionCode(r: SourcedResource, reading: Reading): ConditionCode | undefined {
  const issues = reading.issuesFor(r);
  const clinical = readCodeableConcept(r.resource.clinicalStatus, child(r.path, 'clinicalStatus'), issues);
  if (clinical?.codings.some((c) => c.code === 'inactive' || c.code === 'resolved')) return undefined;
  const verification = readCodeableConcept(r.resource.verificationStatus, child(r.path, 'verificationStatus'), issues);
  if (verification?.codings.some((c) => c.code === 'refuted' || c.code === 'entered-in-error')) return undefined;
  const cc = readCodeableConcept(r.resource.code, child(r.path, 'code'), issues);
  const icd = icd10Coding(cc?.codings ?? [], reading.config);
  if (!icd?.code) {
    const first = cc?.codings[0];
    reading.notAssessed.push({
      ...firstCoding(cc?.codings),
      where: child(r.path, 'code'),
      reason: t(
        `Condition ${cc?.text ?? first?.display ?? first?.code ?? ''} has no ICD-10 code (nor an ICD-10-CM or SNOMED CT code the knowledge pack maps); not assessed.`,
        `诊断 ${first?.code ?? ''} 没有 ICD-10 编码（也没有知识包可映射的 ICD-10-CM 或 SNOMED CT 编码），未评估。`,
      ),
    });
    return undefined;
  }
  const code = icd.code
    .trim()
    .toUpperCase()
    .replace(/X(\d{3})$/, 'x$1');
  if (!ICD10.test(code)) {
    reading.notAssessed.push({
      code: icd.code,
      system: SYSTEMS.icd10,
      where: icd.path,
      reason: t(`"${icd.code}" is not an ICD-10 code; not assessed.`, `“${icd.code}”不是 ICD-10 编码，未评估。`),
    });
    return undefined;
  }
  return { code, path: icd.path, ...(typeof r.resource.id === 'string' ? { id: r.resource.id } : {}) };
}

/** The ICD-10 coding, else an ICD-10-CM or SNOMED CT one (US clients, the CDS Hooks sandbox) through terminology.json. */
function icd10Coding(codings: readonly CodingValue[], config: FhirToCaseConfig): CodingValue | undefined {
  const icd = codings.find((c) => c.system === SYSTEMS.icd10 && c.code);
  if (icd?.code || !config.mapCondition) return icd;
  for (const c of codings) {
    const kind = c.system === SYSTEMS.icd10cm ? 'icd-10-cm' : c.system === SYSTEMS.snomed ? 'snomed' : undefined;
    const mapped = kind && c.code ? config.mapCondition(kind, c.code) : undefined;
    if (mapped) return { ...c, system: SYSTEMS.icd10, code: mapped };
  }
  return icd;
}

/** The reasons the draft orders give: referenced Conditions (`id:…`) and ICD-10 reason codes (`code:…`). */
function orderReasons(draft: readonly SourcedResource[]): Set<string> {
  const reasons = new Set<string>();
  for (const r of draft) {
    for (const rc of Array.isArray(r.resource.reasonReference) ? r.resource.reasonReference : []) {
      const id = isObject(rc) && typeof rc.reference === 'string' ? referenceId(rc.reference, 'Condition') : undefined;
      if (id) reasons.add(`id:${id}`);
    }
    for (const rc of Array.isArray(r.resource.reasonCode) ? r.resource.reasonCode : []) {
      for (const c of isObject(rc) && Array.isArray(rc.coding) ? rc.coding : []) {
        if (
          isObject(c) &&
          canonicalSystem(typeof c.system === 'string' ? c.system : undefined) === SYSTEMS.icd10 &&
          typeof c.code === 'string'
        )
          reasons.add(`code:${c.code.toUpperCase()}`);
      }
    }
  }
  return reasons;
}
