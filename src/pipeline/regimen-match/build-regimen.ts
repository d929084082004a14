/**
 * Regimen-match stage: which library regimen the order is (named, or matched by its drugs), and
 * the regimen as it will be costed: each component's product and dose (ordered, or the protocol's),
 * the protocol's required supportive drugs when the order lists none, cycles and cycle length. A
 * missing dose or dosing input is an error naming the field (HTTP 422).
 */
import type { Case } from '../../domain/case';
import type { KnowledgePack, RegimenComponent, Route } from '../../knowledge/types';
import { dedupeIssues, UnresolvableCaseError, type PipelineIssue } from '../core/pipeline-issue';
import { defaultProduct } from '../resolve/codes';
import type { PatientMeasures } from '../../domain/patient-measures';
import { protocolDose } from '../resolve/protocol-dose';
import type {
  LookedUpComponent,
  ResolvedCase,
  ResolvedComponent,
  ResolvedDose,
  ResolvedInputs,
} from '../resolve/resolved-case';
import { closestRegimen, findLibraryRegimen } from './match-regimen';

/** Which patient measures a dose unit needs, with the request fields that supply them. */
function missingDosingInputs(unit: string, measures: PatientMeasures, kase: Case): PipelineIssue[] {
  const p = kase.patient;
  const need = (pointer: string, what: string): PipelineIssue => ({
    pointer,
    message: what,
    code: 'missing-dosing-input',
  });
  const errors: PipelineIssue[] = [];
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

/** The regimen the order describes, matched to the library and completed from its protocol. */
export function matchRegimen(pack: KnowledgePack, inputs: ResolvedInputs): ResolvedCase {
  const kase = inputs.source;
  const { condition, measures } = inputs;
  const { named, components: looked, supportive: supportiveLooked } = inputs.order;
  const errors: PipelineIssue[] = [];
  const assumptions = [...inputs.assumptions];

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
    l: { drug: ResolvedComponent['drug']; product: LookedUpComponent['product'] },
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
    l: LookedUpComponent,
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

  if (errors.length > 0) throw new UnresolvableCaseError(dedupeIssues(errors));

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

  const { order: _order, ...resolved } = inputs;
  return {
    ...resolved,
    assumptions,
    regimen: { components, supportive, cycles, cycleLengthDays, library, averagesFrom, supportiveListed },
  };
}
