/**
 * Procedure → the admission's procedures for the DRG grouper: ICD-9-CM-3 codes of Procedure
 * resources of this encounter (or without an encounter), not entered in error or not done, in the
 * order given. None: the pack's coding for the regimen is used.
 */
import type { CaseContext } from '../../../domain/case';
import { SYSTEMS } from '../code-systems';
import { child, isObject, readCodeableConcept, referenceId } from '../fhir-read';
import { type Reading, firstCoding, t } from './reading';
import type { SourcedResource } from './types';

export function readProcedures(
  procedures: readonly SourcedResource[],
  encounterId: string | undefined,
  ctx: CaseContext,
  reading: Reading,
): void {
  const codes: string[] = [];
  for (const r of procedures) {
    const status = typeof r.resource.status === 'string' ? r.resource.status : undefined;
    if (status === 'entered-in-error' || status === 'not-done' || status === 'stopped') continue;
    const enc =
      isObject(r.resource.encounter) && typeof r.resource.encounter.reference === 'string'
        ? referenceId(r.resource.encounter.reference, 'Encounter')
        : undefined;
    if (enc !== undefined && encounterId !== undefined && enc !== encounterId) continue;
    const cc = readCodeableConcept(r.resource.code, child(r.path, 'code'), reading.issuesFor(r));
    const icd9 = cc?.codings.find((c) => c.system === SYSTEMS.icd9cm && c.code);
    if (icd9?.code) codes.push(icd9.code.trim());
    else {
      const first = cc?.codings[0];
      reading.notAssessed.push({
        ...firstCoding(cc?.codings),
        where: child(r.path, 'code'),
        reason: t(
          `Procedure ${cc?.text ?? first?.display ?? first?.code ?? ''} has no ICD-9-CM-3 code; the DRG grouper did not read it.`,
          `手术操作 ${cc?.text ?? first?.display ?? first?.code ?? ''} 没有 ICD-9-CM-3 编码，DRG 分组未读取。`,
        ),
      });
    }
  }
  if (codes.length > 0) ctx.procedures = [...new Set(codes)];
}
