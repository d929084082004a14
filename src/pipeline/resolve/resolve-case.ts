/**
 * Resolve stage: every code in the case against the knowledge pack. A proposal component,
 * regimen id or principal diagnosis that cannot be resolved is an error naming it (HTTP 422);
 * any other unknown code (a comorbidity, an allergy, a supportive drug) is kept in `unassessed`.
 * Nothing is silently dropped. Which library regimen the order is, and what it costs as a
 * regimen (protocol doses, supportive drugs, cycles), is the next stage's job (regimen-match).
 */
import type { Case, CaseBiomarker } from '../../domain/case';
import type { PipelineIssue } from '../core/pipeline-issue';
import type { ConditionDefinition, KnowledgePack, Regimen } from '../../knowledge/types';
import { dedupeIssues, UnresolvableCaseError } from '../core/pipeline-issue';
import { classesWithParents, conditionFor, drugByAtc, isIcd10, resolveMedicationCode } from './codes';
import { canonicalGene } from '../../domain/genes';
import { resolveAllergies } from './allergies';
import { derivePatientMeasures } from '../../domain/patient-measures';
import type { LookedUpComponent, ResolvedInputs, UnassessedItem } from './resolved-case';

/** What resolving collects: errors (a 422 at the end) and codes kept as not assessed. */
interface Work {
  pack: KnowledgePack;
  kase: Case;
  errors: PipelineIssue[];
  unassessed: UnassessedItem[];
}

export function resolveInputs(kase: Case, pack: KnowledgePack): ResolvedInputs {
  const work: Work = { pack, kase, errors: [], unassessed: [] };
  const principal = principalCondition(work);
  const named = namedRegimen(work);
  const components = lookUpComponents(work);
  const supportive = lookUpSupportive(work);
  checkComorbidities(work);
  const allergyTargets = resolveAllergies(pack, kase.patient.allergies, work.unassessed);
  const biomarkers = knownBiomarkers(work);
  const priorTherapyFailures = failedTherapies(work);
  const measures = derivePatientMeasures(kase.patient, pack.policies.defaultAltUpperLimit);
  if (work.errors.length > 0 || !principal) throw new UnresolvableCaseError(dedupeIssues(work.errors));
  return {
    source: kase,
    principalDiagnosis: principal.code,
    condition: principal.condition,
    measures,
    unassessed: work.unassessed,
    biomarkers,
    priorTherapyFailures,
    allergyTargets,
    assumptions: [],
    order: { named, components, supportive },
  };
}

/** The principal diagnosis (the one marked, or the first) and the pack condition it belongs to. */
function principalCondition({ pack, kase, errors, unassessed }: Work): {
  code: string;
  condition: ConditionDefinition;
} | null {
  const diagnoses = kase.patient.diagnoses;
  const principalIndex = Math.max(
    0,
    diagnoses.findIndex((d) => d.principal),
  );
  diagnoses.forEach((d, i) => {
    if (i !== principalIndex && !isIcd10(d.code))
      unassessed.push({
        code: d.code,
        system: 'icd-10',
        where: `patient.diagnoses[${i}]`,
        reason: { en: 'not an ICD-10 code', zh: '不是 ICD-10 编码' },
      });
  });
  const principal = diagnoses[principalIndex];
  const pointer = `/patient/diagnoses/${principalIndex}/code`;
  if (!principal) {
    errors.push({
      pointer: '/patient/diagnoses',
      message: 'a principal diagnosis is required',
      code: 'missing-diagnosis',
    });
    return null;
  }
  if (!isIcd10(principal.code)) {
    errors.push({ pointer, message: `${principal.code} is not an ICD-10 code`, code: 'unknown-code' });
    return null;
  }
  const condition = conditionFor(pack, principal.code);
  if (!condition) {
    errors.push({
      pointer,
      message: `principal diagnosis ${principal.code} is not a condition the knowledge pack ${pack.manifest.id} covers (${pack.manifest.conditions.map((c) => c.id).join(', ')})`,
      code: 'unknown-code',
    });
    return null;
  }
  return { code: principal.code, condition };
}

function namedRegimen({ pack, kase, errors }: Work): Regimen | null {
  const id = kase.proposal.regimenId;
  if (id === undefined) return null;
  const named = pack.regimens.get(id) ?? null;
  if (!named)
    errors.push({
      pointer: '/proposal/regimenId',
      message: `regimen ${id} is not in the regimen library`,
      code: 'unknown-regimen',
    });
  return named;
}

/** Therapeutic components: each must resolve (an unknown one is an error naming it). */
function lookUpComponents({ pack, kase, errors }: Work): LookedUpComponent[] {
  return kase.proposal.components.flatMap((component, i) => {
    const pointer = `/proposal/components/${i}`;
    const r = resolveMedicationCode(pack, component.code, component.system);
    if ('error' in r) {
      errors.push({ pointer: `${pointer}/code`, message: r.error, code: 'unknown-code' });
      return [];
    }
    return [{ component, pointer, drug: r.drug, product: r.product }];
  });
}

/** Supportive drugs: an unknown one is not assessed (it does not block the assessment). */
function lookUpSupportive({ pack, kase, unassessed }: Work): LookedUpComponent[] {
  return kase.proposal.supportive.flatMap((component, i) => {
    const r = resolveMedicationCode(pack, component.code, component.system);
    if ('error' in r) {
      unassessed.push({
        code: component.code,
        system: component.system,
        where: `proposal.supportive[${i}]`,
        reason: { en: r.error, zh: `辅助用药编码 ${component.code} 不在知识包中，未评估` },
      });
      return [];
    }
    return [{ component, pointer: `/proposal/supportive/${i}`, drug: r.drug, product: r.product }];
  });
}

function checkComorbidities({ kase, unassessed }: Work): void {
  kase.patient.comorbidities.forEach((c, i) => {
    const system = c.system.toLowerCase();
    const icd = system === 'icd-10' || system === 'http://hl7.org/fhir/sid/icd-10';
    if (!icd || !isIcd10(c.code))
      unassessed.push({
        code: c.code,
        system: c.system,
        where: `patient.comorbidities[${i}]`,
        reason: icd
          ? { en: 'not a valid ICD-10 code', zh: '不是有效的 ICD-10 编码' }
          : {
              en: `code system ${c.system} is not read for comorbidities (ICD-10 only)`,
              zh: `合并症只读取 ICD-10 编码，未读取 ${c.system} 编码`,
            },
      });
  });
}

/** Biomarkers under the gene symbols the rules read; an unknown gene is not assessed, never dropped. */
function knownBiomarkers({ kase, unassessed }: Work): CaseBiomarker[] {
  return kase.patient.biomarkers.flatMap((b, i) => {
    const gene = canonicalGene(b.gene);
    if (gene === undefined) {
      unassessed.push({
        code: b.gene,
        system: 'hgnc',
        where: `patient.biomarkers[${i}]`,
        reason: {
          en: 'gene not known to the service (HGNC symbol, HGNC id or a pathology alias such as HER2, ER, PR)',
          zh: '基因不在服务已知范围（应为 HGNC 符号、HGNC 编号或 HER2、ER、PR 等病理别名）',
        },
      });
      return [];
    }
    return [{ ...b, gene }];
  });
}

/** Prior therapy failures as drugs and classes with their parents (a failed adalimumab is a failed TNF inhibitor). */
function failedTherapies({ pack, kase, unassessed }: Work): Set<string> {
  const failed = new Set<string>();
  kase.patient.priorTherapyFailures.forEach((t, i) => {
    const system = t.system.toLowerCase();
    const drug = system === 'atc' || system === 'http://www.whocc.no/atc' ? drugByAtc(pack, t.code) : undefined;
    if (drug) {
      failed.add(drug.code);
      classesWithParents(pack, drug.classes).forEach((k) => failed.add(k));
    } else if (system === 'drug-class' && pack.drugClasses.has(t.code)) {
      classesWithParents(pack, [t.code]).forEach((k) => failed.add(k));
    } else {
      unassessed.push({
        code: t.code,
        system: t.system,
        where: `patient.priorTherapyFailures[${i}]`,
        reason: {
          en: 'not an ATC code of the formulary or a drug-class id',
          zh: '不是药品目录中的 ATC 编码或药物类别',
        },
      });
    }
  });
  return failed;
}
