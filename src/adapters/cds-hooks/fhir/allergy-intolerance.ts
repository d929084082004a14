/**
 * AllergyIntolerance → the patient's allergies, coded the way orders are (product, HIS, NHSA, ATC,
 * RxNorm); refuted, inactive and resolved ones are skipped. An allergy without a drug code the
 * service reads is said: it was not checked against the regimen.
 */
import type { CasePatient, CodedConcept } from '../../../domain/case';
import { child, readCodeableConcept } from '../fhir-read';
import { pickCode } from './medication-codes';
import { type Reading, firstCoding, t } from './reading';
import type { SourcedResource } from './types';

export function readAllergies(allergies: readonly SourcedResource[], patient: CasePatient, reading: Reading): void {
  for (const r of allergies) {
    const issues = reading.issuesFor(r);
    const verification = readCodeableConcept(
      r.resource.verificationStatus,
      child(r.path, 'verificationStatus'),
      issues,
    );
    if (verification?.codings.some((c) => c.code === 'refuted' || c.code === 'entered-in-error')) continue;
    const clinical = readCodeableConcept(r.resource.clinicalStatus, child(r.path, 'clinicalStatus'), issues);
    if (clinical?.codings.some((c) => c.code === 'inactive' || c.code === 'resolved')) continue;
    const cc = readCodeableConcept(r.resource.code, child(r.path, 'code'), issues);
    if (!cc) continue;
    const code = pickCode(cc.codings, reading.config);
    if (code) {
      const concept: CodedConcept = { code: code.code, system: code.system };
      const display = cc.text ?? cc.codings.find((c) => c.display)?.display;
      if (display) concept.display = display;
      patient.allergies.push(concept);
    } else {
      const first = cc.codings[0];
      reading.notAssessed.push({
        ...firstCoding(cc.codings),
        where: child(r.path, 'code'),
        reason: t(
          `Allergy ${cc.text ?? first?.display ?? first?.code ?? ''} has no drug code the service reads; it was not checked against the regimen.`,
          `过敏 ${first?.code ?? ''} 无可识别的药品编码，未与方案核对。`,
        ),
      });
    }
  }
}
