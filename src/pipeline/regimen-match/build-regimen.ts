/**
 * Regimen-match stage: which library regimen the order is (named, or matched by its drugs), and
 * the regimen as it will be costed: each component's product and dose (ordered, or the protocol's),
 * the protocol's required supportive drugs when the order lists none, cycles and cycle length. A
 * missing dose or dosing input is an error naming the field (HTTP 422).
 */
import type { Case } from '../../domain/case';
import type { KnowledgePack, Regimen, RegimenComponent, SupportiveRequirement, Route } from '../../knowledge/types';
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

/** What building the regimen collects: errors (a 422 at the end) and costing assumptions. */
interface Work {
  pack: KnowledgePack;
  inputs: ResolvedInputs;
  errors: PipelineIssue[];
  assumptions: string[];
}

/** The regimen the order describes, matched to the library and completed from its protocol. */
export function matchRegimen(pack: KnowledgePack, inputs: ResolvedInputs): ResolvedCase {
  const work: Work = { pack, inputs, errors: [], assumptions: [...inputs.assumptions] };
  const library = libraryRegimen(work);
  const components = therapeuticComponents(work, library);
  const supportiveListed = inputs.source.proposal.supportive.length > 0 || inputs.order.components.length > 0;
  const supportive = supportiveListed
    ? inputs.order.supportive.flatMap((l) => buildComponent(work, l, 'supportive', supportiveProtocol(library, l)))
    : protocolSupportive(work, library);
  if (work.errors.length > 0) throw new UnresolvableCaseError(dedupeIssues(work.errors));

  const course = coursePlan(work, library);
  for (const c of components) {
    if (!c.productExplicit)
      work.assumptions.push(
        `${c.drug.name.en} ordered by molecule: costed with ${c.phases[0]?.product.name.en} (the pack's default product).`,
      );
  }
  const { order: _order, ...resolved } = inputs;
  return {
    ...resolved,
    assumptions: work.assumptions,
    regimen: { components, supportive, ...course, library, supportiveListed },
  };
}

/** The named regimen (its drugs must be the ordered ones), or the one the ordered drugs match. */
function libraryRegimen({ pack, inputs }: Work): Regimen | null {
  const { named, components: looked } = inputs.order;
  const orderedDrugs = looked.map((l) => l.drug.code);
  if (!named) return looked.length > 0 ? findLibraryRegimen(pack, orderedDrugs, inputs.condition.id) : null;
  const namedDrugs = new Set(named.components.map((c) => c.drug));
  if (
    looked.length > 0 &&
    (namedDrugs.size !== new Set(orderedDrugs).size || orderedDrugs.some((d) => !namedDrugs.has(d)))
  ) {
    throw new UnresolvableCaseError([
      {
        pointer: '/proposal/components',
        message: `the components do not match regimen ${named.id} (${named.components.map((c) => c.drug).join(' + ')})`,
        code: 'regimen-mismatch',
      },
    ]);
  }
  return named;
}

/** The ordered components; a named regimen ordered without components is its protocol as written. */
function therapeuticComponents(work: Work, library: Regimen | null): ResolvedComponent[] {
  const looked = work.inputs.order.components;
  if (looked.length > 0) {
    return looked.flatMap((l) =>
      buildComponent(
        work,
        l,
        'therapeutic',
        library?.components.find((c) => c.drug === l.drug.code),
      ),
    );
  }
  return (library?.components ?? []).flatMap((protocol, i) =>
    protocolComponent(work, protocol, `/proposal/regimenId#component-${i}`, 'therapeutic'),
  );
}

function supportiveProtocol(library: Regimen | null, l: LookedUpComponent): RegimenComponent | undefined {
  const requirement = library?.supportive.find((s) => s.drug === l.drug.code);
  return requirement ? asProtocolComponent(requirement) : undefined;
}

const asProtocolComponent = (s: SupportiveRequirement): RegimenComponent => ({
  drug: s.drug,
  dose: s.dose,
  route: s.route,
  administrationsPerCycle: s.administrationsPerCycle,
});

/** Supportive drugs not listed: the protocol's required ones (those for high febrile-neutropenia risk when it is high). */
function protocolSupportive(work: Work, library: Regimen | null): ResolvedComponent[] {
  if (!library) return [];
  const highRisk = library.febrileNeutropeniaRisk >= work.pack.policies.highFebrileNeutropeniaRisk;
  const supportive = library.supportive
    .filter((s) => s.requiredWhen === 'always' || highRisk)
    .flatMap((s, i) =>
      protocolComponent(work, asProtocolComponent(s), `/proposal/regimenId#supportive-${i}`, 'supportive'),
    );
  if (supportive.length > 0)
    work.assumptions.push(
      `Supportive drugs not listed: the protocol's required supportive drugs of ${library.id} are costed.`,
    );
  return supportive;
}

function protocolComponent(
  work: Work,
  protocol: RegimenComponent,
  pointer: string,
  role: ResolvedComponent['role'],
): ResolvedComponent[] {
  const drug = work.pack.drugs.get(protocol.drug);
  if (!drug) return [];
  const looked: LookedUpComponent = { component: { code: protocol.drug, system: 'atc' }, pointer, drug, product: null };
  return buildComponent(work, looked, role, protocol);
}

/** One component with its product and dose (the order's, or the protocol's); none when either is missing. */
function buildComponent(
  work: Work,
  l: LookedUpComponent,
  role: ResolvedComponent['role'],
  protocol: RegimenComponent | undefined,
): ResolvedComponent[] {
  const product = productFor(work, l, l.component.route ?? protocol?.route);
  if (!product) return [];
  const dose = doseFor(l, protocol);
  if (!dose) {
    work.errors.push({
      pointer: `${l.pointer}/dose`,
      message: `a dose is required for ${l.drug.name.en}: the components match no library regimen to take the protocol dose from`,
      code: 'missing-dose',
    });
    return [];
  }
  work.errors.push(...missingDosingInputs(dose.unit, work.inputs.measures, work.inputs.source));
  return [
    {
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
    },
  ];
}

function doseFor(l: LookedUpComponent, protocol: RegimenComponent | undefined): ResolvedDose | null {
  if (l.component.dose)
    return {
      value: l.component.dose.value,
      unit: l.component.dose.unit,
      from: 'order',
      ...(protocol?.dose.maxMg !== undefined ? { maxMg: protocol.dose.maxMg } : {}),
    };
  return protocol ? protocolDose(protocol.dose) : null;
}

/** The ordered product, or the pack's default for the route (another route is an assumption). */
function productFor(
  work: Work,
  l: LookedUpComponent,
  route: string | undefined,
): ResolvedComponent['phases'][number]['product'] | null {
  if (l.product) return l.product;
  const byRoute = defaultProduct(work.pack, l.drug.code, route);
  const product = byRoute ?? defaultProduct(work.pack, l.drug.code);
  if (!product) {
    work.errors.push({
      pointer: `${l.pointer}/code`,
      message: `no product is listed for ${l.drug.code} (${l.drug.name.en})`,
      code: 'no-product',
    });
    return null;
  }
  if (!byRoute)
    work.assumptions.push(
      `${l.drug.name.en}: the formulary has no ${route ?? ''} product; costed with ${product.name.en} (${product.route}), not the ordered route.`,
    );
  return product;
}

/** Cycles and cycle length: the order's, the library's, or the closest regimen's (whose averages stand in). */
function coursePlan(
  work: Work,
  library: Regimen | null,
): { cycles: number; cycleLengthDays: number; averagesFrom: Regimen | null } {
  const { pack, inputs, assumptions } = work;
  const proposal = inputs.source.proposal;
  const orderedDrugs = inputs.order.components.map((l) => l.drug.code);
  const averagesFrom = library ?? closestRegimen(pack, orderedDrugs, inputs.condition.id);
  if (!library && averagesFrom)
    assumptions.push(
      `The components match no library regimen; non-drug costs use the pack averages of the closest regimen, ${averagesFrom.id}.`,
    );
  if (!library && !averagesFrom) {
    assumptions.push(
      'The components match no library regimen of this condition; non-drug costs (administration, monitoring, adverse events, stay) are not estimated.',
    );
    if (proposal.cycleLengthDays === undefined) assumptions.push('Cycle length not given: 21 days assumed.');
    if (proposal.cycles === undefined) assumptions.push('Number of cycles not given: 1 cycle assumed.');
  }
  return {
    cycleLengthDays: proposal.cycleLengthDays ?? averagesFrom?.cycleLengthDays ?? 21,
    cycles: proposal.cycles ?? averagesFrom?.cycles ?? 1,
    averagesFrom,
  };
}
