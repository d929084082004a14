/**
 * Resolve stage: every code in the case against the knowledge pack. A proposal component,
 * regimen id or principal diagnosis that cannot be resolved is an error naming it (HTTP 422);
 * any other unknown code (a comorbidity, an allergy, a supportive drug) is kept in `unassessed`.
 * Nothing is silently dropped. Which library regimen the order is, and what it costs as a
 * regimen (protocol doses, supportive drugs, cycles), is the next stage's job (regimen-match).
 */
import type { Case } from '../../domain/case';
import type { PipelineIssue } from '../core/pipeline-issue';
import type { KnowledgePack, Regimen } from '../../knowledge/types';
import { dedupeIssues, UnresolvableCaseError } from '../core/pipeline-issue';
import { classesWithParents, conditionFor, drugByAtc, isIcd10, resolveMedicationCode } from './codes';
import { canonicalGene } from '../../domain/genes';
import { resolveAllergies } from './allergies';
import { derivePatientMeasures } from '../../domain/patient-measures';
import type { LookedUpComponent, ResolvedInputs, UnassessedItem } from './resolved-case';

export function resolveInputs(kase: Case, pack: KnowledgePack): ResolvedInputs {
  const errors: PipelineIssue[] = [];
  const unassessed: UnassessedItem[] = [];
  const assumptions: string[] = [];

  // Principal diagnosis → condition
  const diagnoses = kase.patient.diagnoses;
  const principalIndex = Math.max(
    0,
    diagnoses.findIndex((d) => d.principal),
  );
  const principal = diagnoses[principalIndex];
  const condition = principal && isIcd10(principal.code) ? conditionFor(pack, principal.code) : undefined;
  if (!principal) {
    errors.push({
      pointer: '/patient/diagnoses',
      message: 'a principal diagnosis is required',
      code: 'missing-diagnosis',
    });
  } else if (!isIcd10(principal.code)) {
    errors.push({
      pointer: `/patient/diagnoses/${principalIndex}/code`,
      message: `${principal.code} is not an ICD-10 code`,
      code: 'unknown-code',
    });
  } else if (!condition) {
    errors.push({
      pointer: `/patient/diagnoses/${principalIndex}/code`,
      message: `principal diagnosis ${principal.code} is not a condition the knowledge pack ${pack.manifest.id} covers (${pack.manifest.conditions.map((c) => c.id).join(', ')})`,
      code: 'unknown-code',
    });
  }
  diagnoses.forEach((d, i) => {
    if (i !== principalIndex && !isIcd10(d.code))
      unassessed.push({
        code: d.code,
        system: 'icd-10',
        where: `patient.diagnoses[${i}]`,
        reason: 'not an ICD-10 code',
      });
  });

  // Library regimen named by id
  let named: Regimen | null = null;
  if (kase.proposal.regimenId !== undefined) {
    named = pack.regimens.get(kase.proposal.regimenId) ?? null;
    if (!named)
      errors.push({
        pointer: '/proposal/regimenId',
        message: `regimen ${kase.proposal.regimenId} is not in the regimen library`,
        code: 'unknown-regimen',
      });
  }

  // Therapeutic components (ordered, or the named regimen's protocol)
  const looked: LookedUpComponent[] = [];
  kase.proposal.components.forEach((component, i) => {
    const pointer = `/proposal/components/${i}`;
    const r = resolveMedicationCode(pack, component.code, component.system);
    if ('error' in r) errors.push({ pointer: `${pointer}/code`, message: r.error, code: 'unknown-code' });
    else looked.push({ component, pointer, drug: r.drug, product: r.product });
  });

  const supportiveLooked: LookedUpComponent[] = [];
  kase.proposal.supportive.forEach((component, i) => {
    const pointer = `/proposal/supportive/${i}`;
    const r = resolveMedicationCode(pack, component.code, component.system);
    if ('error' in r)
      unassessed.push({
        code: component.code,
        system: component.system,
        where: `proposal.supportive[${i}]`,
        reason: r.error,
      });
    else supportiveLooked.push({ component, pointer, drug: r.drug, product: r.product });
  });

  // Comorbidities and allergies: resolved or listed as not assessed
  kase.patient.comorbidities.forEach((c, i) => {
    const system = c.system.toLowerCase();
    const icd = system === 'icd-10' || system === 'http://hl7.org/fhir/sid/icd-10';
    if (!icd || !isIcd10(c.code))
      unassessed.push({
        code: c.code,
        system: c.system,
        where: `patient.comorbidities[${i}]`,
        reason: icd ? 'not a valid ICD-10 code' : `code system ${c.system} is not read for comorbidities (ICD-10 only)`,
      });
  });
  const allergyTargets = resolveAllergies(pack, kase.patient.allergies, unassessed);

  // Biomarkers under the gene symbols the rules read; an unknown gene is not assessed, never dropped.
  const biomarkers = kase.patient.biomarkers.flatMap((b, i) => {
    const gene = canonicalGene(b.gene);
    if (gene === undefined) {
      unassessed.push({
        code: b.gene,
        system: 'hgnc',
        where: `patient.biomarkers[${i}]`,
        reason: 'gene not known to the service (HGNC symbol, HGNC id or a pathology alias such as HER2, ER, PR)',
      });
      return [];
    }
    return [{ ...b, gene }];
  });

  // Prior therapy failures: drugs and classes, with their parent classes (a failed adalimumab is a failed TNF inhibitor).
  const priorTherapyFailures = new Set<string>();
  kase.patient.priorTherapyFailures.forEach((t, i) => {
    const system = t.system.toLowerCase();
    const drug = system === 'atc' || system === 'http://www.whocc.no/atc' ? drugByAtc(pack, t.code) : undefined;
    if (drug) {
      priorTherapyFailures.add(drug.code);
      classesWithParents(pack, drug.classes).forEach((k) => priorTherapyFailures.add(k));
    } else if (system === 'drug-class' && pack.drugClasses.has(t.code)) {
      classesWithParents(pack, [t.code]).forEach((k) => priorTherapyFailures.add(k));
    } else {
      unassessed.push({
        code: t.code,
        system: t.system,
        where: `patient.priorTherapyFailures[${i}]`,
        reason: 'not an ATC code of the formulary or a drug-class id',
      });
    }
  });

  const measures = derivePatientMeasures(kase.patient, pack.policies.defaultAltUpperLimit);

  if (errors.length > 0 || !condition || !principal) throw new UnresolvableCaseError(dedupeIssues(errors));
  return {
    source: kase,
    principalDiagnosis: principal.code,
    condition,
    measures,
    unassessed,
    biomarkers,
    priorTherapyFailures,
    allergyTargets,
    assumptions,
    order: { named, components: looked, supportive: supportiveLooked },
  };
}
