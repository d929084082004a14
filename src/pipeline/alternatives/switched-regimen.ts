/**
 * A regimen switch made like with like: the target regimen built FROM THE PROPOSAL, so the saving
 * compares only what the switch changes. Drugs the switch keeps keep the proposal's own dose,
 * product, route and schedule (no silent reset of pemetrexed 1,000 → 500 mg/m²); drugs it adds
 * take the target protocol's dose and the pack's product for their route; supportive drugs the
 * target protocol requires and the source protocol does not are added, and those only the source
 * protocol required are stopped; the rest of the proposal's supportive drugs stay as ordered, so
 * both sides are costed with the same supportive care. EVERY difference is listed as a change.
 */
import type { KnowledgePack, Regimen, RegimenComponent, SupportiveRequirement } from '../../knowledge/types';
import { defaultProduct } from '../resolve/codes';
import { protocolDose } from '../resolve/protocol-dose';
import type { ResolvedComponent, ResolvedDose, ResolvedRegimen } from '../resolve/resolved-case';
import type { ComponentChange } from './candidate';

export interface SwitchedRegimen {
  regimen: ResolvedRegimen;
  /** Every drug, dose, supportive-drug and schedule difference from the proposal. */
  changes: ComponentChange[];
}

export function describeResolvedDose(dose: ResolvedDose): string {
  return dose.unit === 'AUC' ? `AUC ${dose.value}` : `${dose.value} ${dose.unit}`;
}

const label = (c: ResolvedComponent) =>
  `${c.drug.code} ${describeResolvedDose(c.dose)} ${c.route}${c.administrationsPerCycle !== 1 ? ` ×${c.administrationsPerCycle}/cycle` : ''}`;

const sameSchedule = (
  a: Pick<RegimenComponent, 'route' | 'administrationsPerCycle' | 'timesPerAdministration'>,
  b: Pick<RegimenComponent, 'route' | 'administrationsPerCycle' | 'timesPerAdministration'>,
) =>
  a.route === b.route &&
  a.administrationsPerCycle === b.administrationsPerCycle &&
  (a.timesPerAdministration ?? 1) === (b.timesPerAdministration ?? 1);

/** Supportive drugs a library regimen requires (fn-risk-high ones only at a high febrile-neutropenia risk). */
function requiredSupportive(regimen: Regimen, highFnRisk: number): SupportiveRequirement[] {
  return regimen.supportive.filter((s) => s.requiredWhen === 'always' || regimen.febrileNeutropeniaRisk >= highFnRisk);
}

/** The target protocol's component with the pack's product for its route; null when the formulary has none. */
function fromProtocol(
  pack: KnowledgePack,
  target: Regimen,
  c: Pick<RegimenComponent, 'drug' | 'dose' | 'route' | 'administrationsPerCycle' | 'timesPerAdministration'>,
  role: ResolvedComponent['role'],
  i: number,
): ResolvedComponent | null {
  const drug = pack.drugs.get(c.drug);
  const product = defaultProduct(pack, c.drug, c.route);
  if (!drug || !product) return null;
  return {
    drug,
    phases: [{ product }],
    productExplicit: false,
    dose: protocolDose(c.dose),
    route: c.route,
    administrationsPerCycle: c.administrationsPerCycle,
    timesPerAdministration: c.timesPerAdministration ?? 1,
    role,
    pointer: `#${target.id}/${role}/${i}`,
  };
}

/**
 * The proposal switched from library regimen `from` to `target`; null when a drug the switch adds
 * has no product in the formulary.
 */
export function switchedRegimen(
  pack: KnowledgePack,
  proposal: ResolvedRegimen,
  from: Regimen,
  target: Regimen,
): SwitchedRegimen | null {
  const changes: ComponentChange[] = [];
  const components = switchedTherapeutics(pack, proposal, from, target, changes);
  if (!components) return null;
  const supportive = switchedSupportive(pack, proposal, from, target, changes);
  if (!supportive) return null;

  // Course length: the proposal's, unless the two protocols differ.
  const sameCourse = target.cycles === from.cycles && target.cycleLengthDays === from.cycleLengthDays;
  const cycles = sameCourse ? proposal.cycles : target.cycles;
  const cycleLengthDays = sameCourse ? proposal.cycleLengthDays : target.cycleLengthDays;
  if (!sameCourse && (cycles !== proposal.cycles || cycleLengthDays !== proposal.cycleLengthDays)) {
    changes.push({
      from: `${proposal.cycles} × ${proposal.cycleLengthDays} days`,
      to: `${cycles} × ${cycleLengthDays} days`,
      detail: `course of ${target.id}`,
    });
  }
  return {
    regimen: {
      components,
      supportive,
      cycles,
      cycleLengthDays,
      library: target,
      averagesFrom: target,
      supportiveListed: proposal.supportiveListed,
    },
    changes,
  };
}

function stopChange(c: ResolvedComponent, why: string): ComponentChange {
  return {
    from: label(c),
    to: 'none',
    detail: `stop ${c.drug.name.en} ${describeResolvedDose(c.dose)} (${why})`,
    ...(c.orderRef !== undefined ? { orderRef: c.orderRef } : {}),
  };
}

function startChange(c: ResolvedComponent, why: string): ComponentChange {
  return { from: 'none', to: label(c), detail: `start ${c.drug.name.en} ${describeResolvedDose(c.dose)} (${why})` };
}

/** The target's therapeutic drugs, each change pushed to `changes`; null when an added drug has no product. */
function switchedTherapeutics(
  pack: KnowledgePack,
  proposal: ResolvedRegimen,
  from: Regimen,
  target: Regimen,
  changes: ComponentChange[],
): ResolvedComponent[] | null {
  // Therapeutic drugs: keep the proposal's where the switch leaves the drug and its schedule alone.
  const components: ResolvedComponent[] = [];
  for (const [i, t] of target.components.entries()) {
    const ordered = proposal.components.find((c) => c.drug.code === t.drug);
    const before = from.components.find((c) => c.drug === t.drug);
    if (ordered && before && sameSchedule(ordered, t) && sameSchedule(before, t)) {
      components.push(ordered);
      continue;
    }
    const added = fromProtocol(pack, target, t, 'therapeutic', i);
    if (!added) return null;
    components.push(added);
    if (ordered) {
      changes.push({
        from: label(ordered),
        to: label(added),
        detail: `${added.drug.name.en}: ${describeResolvedDose(ordered.dose)} ${ordered.route} → ${describeResolvedDose(added.dose)} ${added.route} as in ${target.id}`,
        ...(ordered.orderRef !== undefined ? { orderRef: ordered.orderRef } : {}),
      });
    } else changes.push(startChange(added, `${target.id} protocol dose`));
  }
  for (const c of proposal.components)
    if (!target.components.some((t) => t.drug === c.drug.code)) changes.push(stopChange(c, `not part of ${target.id}`));
  return components;
}

/** The proposal's supportive drugs with the switch's own stops and starts; null when an added drug has no product. */
function switchedSupportive(
  pack: KnowledgePack,
  proposal: ResolvedRegimen,
  from: Regimen,
  target: Regimen,
  changes: ComponentChange[],
): ResolvedComponent[] | null {
  // Supportive drugs: only what the switch itself requires differently.
  const highFnRisk = pack.policies.highFebrileNeutropeniaRisk;
  const requiredBefore = new Set(requiredSupportive(from, highFnRisk).map((s) => s.drug));
  const requiredAfter = requiredSupportive(target, highFnRisk);
  const requiredAfterDrugs = new Set(requiredAfter.map((s) => s.drug));
  const supportive: ResolvedComponent[] = [];
  for (const c of proposal.supportive) {
    if (requiredBefore.has(c.drug.code) && !requiredAfterDrugs.has(c.drug.code))
      changes.push(stopChange(c, `required by ${from.id}, not by ${target.id}`));
    else supportive.push(c);
  }
  for (const [i, s] of requiredAfter.entries()) {
    if (requiredBefore.has(s.drug) || supportive.some((c) => c.drug.code === s.drug)) continue;
    const added = fromProtocol(pack, target, s, 'supportive', i);
    if (!added) return null;
    supportive.push(added);
    changes.push(startChange(added, `supportive drug required by ${target.id}: ${s.reason.en}`));
  }
  return supportive;
}
