/**
 * Resolve stage: every code in the case against the knowledge pack. A proposal component,
 * regimen id or principal diagnosis that cannot be resolved is an error naming it (HTTP 422);
 * any other unknown code (a comorbidity, an allergy, a supportive drug) is kept in `unassessed`.
 * Nothing is silently dropped.
 */
import type { Case, ProposedComponent } from '../../domain/case';
import type { ProblemError } from '../../http/problem';
import type { KnowledgePack, Regimen, RegimenComponent, Route } from '../../knowledge/types';
import { UnresolvableCaseError } from '../errors';
import { closestRegimen, findLibraryRegimen } from '../regimen-match/match-regimen';
import { classesWithParents, conditionFor, defaultProduct, drugByAtc, isIcd10, resolveMedicationCode } from './codes';
import { canonicalGene } from './genes';
import { resolveAllergies } from './allergies';
import { derivePatientMeasures, type PatientMeasures } from './patient-measures';
import { protocolDose } from './protocol-dose';
import type { ResolvedCase, ResolvedComponent, ResolvedDose, UnassessedItem } from './resolved-case';

/** Which patient measures a dose unit needs, with the request fields that supply them. */
function missingDosingInputs(unit: string, measures: PatientMeasures, kase: Case): ProblemError[] {
  const p = kase.patient;
  const need = (pointer: string, what: string): ProblemError => ({
    pointer,
    message: what,
    code: 'missing-dosing-input',
  });
  const errors: ProblemError[] = [];
  if (unit === 'mg/m2' && measures.bsaM2 === undefined) {
    if (!p.weightKg)
      errors.push(need('/patient/weight', 'body weight is required to calculate a mg/m² dose (BSA by Mosteller)'));
    if (!p.heightCm)
      errors.push(need('/patient/height', 'body height is required to calculate a mg/m² dose (BSA by Mosteller)'));
  }
  if (unit === 'mg/kg' && !p.weightKg)
    errors.push(need('/patient/weight', 'body weight is required to calculate a mg/kg dose'));
  if (unit === 'AUC' && measures.creatinineClearanceMlMin === undefined) {
    const why = 'is required for the Calvert formula (Cockcroft–Gault creatinine clearance)';
    if (p.ageYears === undefined) errors.push(need('/patient/age', `age ${why}`));
    if (p.sex !== 'male' && p.sex !== 'female') errors.push(need('/patient/sex', `sex (male or female) ${why}`));
    if (!p.weightKg) errors.push(need('/patient/weight', `body weight ${why}`));
    if (!p.serumCreatinineMgDl) errors.push(need('/patient/serumCreatinine', `serum creatinine ${why}`));
  }
  return errors;
}

function dedupe(errors: ProblemError[]): ProblemError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.pointer}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface Looked {
  component: ProposedComponent;
  pointer: string;
  drug: ResolvedComponent['drug'];
  product: ResolvedComponent['phases'][number]['product'] | null;
}

export function resolveCase(kase: Case, pack: KnowledgePack): ResolvedCase {
  const errors: ProblemError[] = [];
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
        reason: { en: 'not an ICD-10 code', zh: '不是 ICD-10 编码' },
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
  const looked: Looked[] = [];
  kase.proposal.components.forEach((component, i) => {
    const pointer = `/proposal/components/${i}`;
    const r = resolveMedicationCode(pack, component.code, component.system);
    if ('error' in r) errors.push({ pointer: `${pointer}/code`, message: r.error, code: 'unknown-code' });
    else looked.push({ component, pointer, drug: r.drug, product: r.product });
  });

  const supportiveLooked: Looked[] = [];
  kase.proposal.supportive.forEach((component, i) => {
    const pointer = `/proposal/supportive/${i}`;
    const r = resolveMedicationCode(pack, component.code, component.system);
    if ('error' in r)
      unassessed.push({
        code: component.code,
        system: component.system,
        where: `proposal.supportive[${i}]`,
        reason: { en: r.error, zh: `辅助用药编码 ${component.code} 不在知识包中，未评估` },
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
        reason: icd
          ? { en: 'not a valid ICD-10 code', zh: '不是有效的 ICD-10 编码' }
          : {
              en: `code system ${c.system} is not read for comorbidities (ICD-10 only)`,
              zh: `合并症只读取 ICD-10 编码，未读取 ${c.system} 编码`,
            },
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
        reason: {
          en: 'gene not known to the service (HGNC symbol, HGNC id or a pathology alias such as HER2, ER, PR)',
          zh: '基因不在服务已知范围（应为 HGNC 符号、HGNC 编号或 HER2、ER、PR 等病理别名）',
        },
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
        reason: {
          en: 'not an ATC code of the formulary or a drug-class id',
          zh: '不是药品目录中的 ATC 编码或药物类别',
        },
      });
    }
  });

  const measures = derivePatientMeasures(kase.patient, pack.policies.defaultAltUpperLimit);

  if (errors.length > 0 || !condition || !principal) throw new UnresolvableCaseError(dedupe(errors));

  // Which library regimen: the named one, or the one the ordered drugs match
  const orderedDrugs = looked.map((l) => l.drug.code);
  const library = named ?? (looked.length > 0 ? findLibraryRegimen(pack, orderedDrugs, condition.id) : null);
  if (named && looked.length > 0) {
    const namedDrugs = new Set(named.components.map((c) => c.drug));
    if (namedDrugs.size !== new Set(orderedDrugs).size || orderedDrugs.some((d) => !namedDrugs.has(d))) {
      errors.push({
        pointer: '/proposal/components',
        message: `the components do not match regimen ${named.id} (${named.components.map((c) => c.drug).join(' + ')})`,
        code: 'regimen-mismatch',
      });
      throw new UnresolvableCaseError(errors);
    }
  }

  const productFor = (
    l: { drug: ResolvedComponent['drug']; product: Looked['product'] },
    pointer: string,
    route: string | undefined,
  ) => {
    if (l.product) return l.product;
    const byRoute = defaultProduct(pack, l.drug.code, route);
    const product = byRoute ?? defaultProduct(pack, l.drug.code);
    if (!product) {
      errors.push({
        pointer,
        message: `no product is listed for ${l.drug.code} (${l.drug.name.en})`,
        code: 'no-product',
      });
      return null;
    }
    if (!byRoute)
      assumptions.push(
        `${l.drug.name.en}: the formulary has no ${route ?? ''} product; costed with ${product.name.en} (${product.route}), not the ordered route.`,
      );
    return product;
  };

  const build = (
    l: Looked,
    role: ResolvedComponent['role'],
    protocol: RegimenComponent | undefined,
  ): ResolvedComponent | null => {
    const product = productFor(l, `${l.pointer}/code`, l.component.route ?? protocol?.route);
    if (!product) return null;
    let dose: ResolvedDose | null = null;
    if (l.component.dose)
      dose = {
        value: l.component.dose.value,
        unit: l.component.dose.unit,
        from: 'order',
        ...(protocol?.dose.maxMg !== undefined ? { maxMg: protocol.dose.maxMg } : {}),
      };
    else if (protocol) dose = protocolDose(protocol.dose);
    if (!dose) {
      errors.push({
        pointer: `${l.pointer}/dose`,
        message: `a dose is required for ${l.drug.name.en}: the components match no library regimen to take the protocol dose from`,
        code: 'missing-dose',
      });
      return null;
    }
    errors.push(...missingDosingInputs(dose.unit, measures, kase));
    return {
      drug: l.drug,
      phases: [{ product }],
      productExplicit: l.product !== null,
      dose,
      route: (l.component.route ?? protocol?.route ?? (product.route as Route)) as Route,
      administrationsPerCycle: l.component.administrationsPerCycle ?? protocol?.administrationsPerCycle ?? 1,
      timesPerAdministration: l.component.timesPerAdministration ?? protocol?.timesPerAdministration ?? 1,
      role,
      pointer: l.pointer,
      ...(l.component.orderRef !== undefined ? { orderRef: l.component.orderRef } : {}),
    };
  };

  let components: ResolvedComponent[];
  if (looked.length > 0) {
    components = looked
      .map((l) =>
        build(
          l,
          'therapeutic',
          library?.components.find((c) => c.drug === l.drug.code),
        ),
      )
      .filter((c): c is ResolvedComponent => c !== null);
  } else {
    // Named regimen without components: the protocol as written
    components = (library?.components ?? []).flatMap((protocol, i) => {
      const drug = pack.drugs.get(protocol.drug);
      if (!drug) return [];
      const c = build(
        {
          component: { code: protocol.drug, system: 'atc' },
          pointer: `/proposal/regimenId#component-${i}`,
          drug,
          product: null,
        },
        'therapeutic',
        protocol,
      );
      return c ? [c] : [];
    });
  }

  const supportiveListed = kase.proposal.supportive.length > 0 || looked.length > 0;
  let supportive: ResolvedComponent[] = supportiveLooked
    .map((l) => {
      const requirement = library?.supportive.find((s) => s.drug === l.drug.code);
      return build(
        l,
        'supportive',
        requirement
          ? {
              drug: requirement.drug,
              dose: requirement.dose,
              route: requirement.route,
              administrationsPerCycle: requirement.administrationsPerCycle,
            }
          : undefined,
      );
    })
    .filter((c): c is ResolvedComponent => c !== null);
  if (!supportiveListed && library) {
    supportive = library.supportive
      .filter(
        (s) =>
          s.requiredWhen === 'always' || library.febrileNeutropeniaRisk >= pack.policies.highFebrileNeutropeniaRisk,
      )
      .flatMap((s, i) => {
        const drug = pack.drugs.get(s.drug);
        if (!drug) return [];
        const c = build(
          {
            component: { code: s.drug, system: 'atc' },
            pointer: `/proposal/regimenId#supportive-${i}`,
            drug,
            product: null,
          },
          'supportive',
          { drug: s.drug, dose: s.dose, route: s.route, administrationsPerCycle: s.administrationsPerCycle },
        );
        return c ? [c] : [];
      });
    if (supportive.length > 0)
      assumptions.push(
        `Supportive drugs not listed: the protocol's required supportive drugs of ${library.id} are costed.`,
      );
  }

  if (errors.length > 0) throw new UnresolvableCaseError(dedupe(errors));

  const averagesFrom = library ?? closestRegimen(pack, orderedDrugs, condition.id);
  if (!library && averagesFrom)
    assumptions.push(
      `The components match no library regimen; non-drug costs use the pack averages of the closest regimen, ${averagesFrom.id}.`,
    );
  if (!library && !averagesFrom)
    assumptions.push(
      'The components match no library regimen of this condition; non-drug costs (administration, monitoring, adverse events, stay) are not estimated.',
    );

  const cycleLengthDays =
    kase.proposal.cycleLengthDays ?? library?.cycleLengthDays ?? averagesFrom?.cycleLengthDays ?? 21;
  const cycles = kase.proposal.cycles ?? library?.cycles ?? averagesFrom?.cycles ?? 1;
  if (kase.proposal.cycleLengthDays === undefined && !library && !averagesFrom)
    assumptions.push('Cycle length not given: 21 days assumed.');
  if (kase.proposal.cycles === undefined && !library && !averagesFrom)
    assumptions.push('Number of cycles not given: 1 cycle assumed.');
  for (const c of components) {
    if (!c.productExplicit)
      assumptions.push(
        `${c.drug.name.en} ordered by molecule: costed with ${c.phases[0]?.product.name.en} (the pack's default product).`,
      );
  }

  return {
    source: kase,
    principalDiagnosis: principal.code,
    condition,
    measures,
    regimen: { components, supportive, cycles, cycleLengthDays, library, averagesFrom, supportiveListed },
    unassessed,
    biomarkers,
    priorTherapyFailures,
    allergyTargets,
    assumptions,
  };
}
