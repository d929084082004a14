/**
 * Exact drug acquisition cost of a regimen: dose per administration → whole units (vial
 * rounding, wastage costed) → price, per cycle and per course, for each product phase (e.g.
 * originator for induction, then biosimilar). Then the non-drug parts (administration,
 * monitoring, adverse events, stay) from the pack averages or the model, into one CostEstimate.
 */
import { money } from '../core/money';
import type { components } from '../../generated/api';
import type { KnowledgePack, Product } from '../../knowledge/types';
import type { PatientMeasures } from '../../domain/patient-measures';
import type { ResolvedComponent, ResolvedRegimen } from '../resolve/resolved-case';
import { calculateDose, type CalculatedDose } from './dose-calculation';
import {
  isSingleUse,
  overshootTolerance,
  productLine,
  selectUnits,
  unitPrice,
  type UnitSelection,
} from './unit-selection';

export type CostEstimate = components['schemas']['CostEstimate'];
export type ComponentCost = components['schemas']['ComponentCost'];

export interface PricedPhase {
  product: Product;
  cycles: number;
  selection: UnitSelection;
  costPerCycle: number;
  wastagePerCycle: { amount: number; cost: number };
}

export interface PricedComponent {
  component: ResolvedComponent;
  dose: CalculatedDose;
  phases: PricedPhase[];
  costPerCourse: number;
}

export interface DrugCosting {
  components: PricedComponent[];
  /** First-cycle and whole-course totals. */
  therapeuticPerCycle: number;
  supportivePerCycle: number;
  therapeuticPerCourse: number;
  supportivePerCourse: number;
}

function pricePhase(
  pack: KnowledgePack,
  product: Product,
  dose: CalculatedDose,
  component: ResolvedComponent,
  cycles: number,
): PricedPhase {
  const line = productLine(pack, product);
  const administrations = component.administrationsPerCycle * component.timesPerAdministration;
  if (product.multiDose) {
    // One pen or multi-dose vial serves several administrations: whole units for the cycle's total content.
    const selection = selectUnits(line, dose.perAdministration * administrations);
    return { product, cycles, selection, costPerCycle: selection.cost, wastagePerCycle: { amount: 0, cost: 0 } };
  }
  const selection = selectUnits(
    line,
    dose.perAdministration,
    overshootTolerance(product, pack.policies.doseRoundingTolerance),
  );
  const wasted = isSingleUse(product) ? Math.max(0, selection.amount - dose.perAdministration) : 0;
  const costPerMgOpened = selection.amount > 0 ? selection.cost / selection.amount : 0;
  return {
    product,
    cycles,
    selection,
    costPerCycle: selection.cost * administrations,
    wastagePerCycle: { amount: wasted * administrations, cost: wasted * costPerMgOpened * administrations },
  };
}

export function priceComponent(
  pack: KnowledgePack,
  component: ResolvedComponent,
  measures: PatientMeasures,
  weightKg: number | undefined,
  cycles: number,
): PricedComponent {
  const dose = calculateDose(component.dose, measures, weightKg, pack.policies.calvertClearanceCapMlMin);
  let remaining = cycles;
  const phases: PricedPhase[] = [];
  component.phases.forEach((phase, i) => {
    const isLast = i === component.phases.length - 1;
    const n = isLast ? remaining : Math.min(remaining, phase.cycles ?? remaining);
    remaining -= n;
    if (n > 0 || phases.length === 0) phases.push(pricePhase(pack, phase.product, dose, component, n));
  });
  const costPerCourse = phases.reduce((sum, p) => sum + p.costPerCycle * p.cycles, 0);
  return { component, dose, phases, costPerCourse };
}

export function priceDrugs(
  pack: KnowledgePack,
  regimen: ResolvedRegimen,
  measures: PatientMeasures,
  weightKg: number | undefined,
): DrugCosting {
  const priced = [...regimen.components, ...regimen.supportive].map((c) =>
    priceComponent(pack, c, measures, weightKg, regimen.cycles),
  );
  const sum = (role: ResolvedComponent['role'], pick: (p: PricedComponent) => number) =>
    priced.filter((p) => p.component.role === role).reduce((s, p) => s + pick(p), 0);
  const firstCycle = (p: PricedComponent) => p.phases[0]?.costPerCycle ?? 0;
  return {
    components: priced,
    therapeuticPerCycle: sum('therapeutic', firstCycle),
    supportivePerCycle: sum('supportive', firstCycle),
    therapeuticPerCourse: sum('therapeutic', (p) => p.costPerCourse),
    supportivePerCourse: sum('supportive', (p) => p.costPerCourse),
  };
}

/** Patient-specific non-drug costs per cycle (= per admission for inpatient cycles). */
export interface NonDrugPerCycle {
  method: 'pack-average' | 'model';
  administration: number;
  monitoring: number;
  adverseEventManagement: number;
  hospitalStay: number;
  lengthOfStayDays: number;
  /** Interval on the uncertain (modelled or averaged) part per cycle. */
  uncertainLower: number;
  uncertainUpper: number;
  intervalLevel?: number;
  intervalMethod: string;
  note?: string;
}

export function packAverageNonDrug(regimen: ResolvedRegimen): NonDrugPerCycle {
  const from = regimen.averagesFrom;
  if (!from) {
    return {
      method: 'pack-average',
      administration: 0,
      monitoring: 0,
      adverseEventManagement: 0,
      hospitalStay: 0,
      lengthOfStayDays: 0,
      uncertainLower: 0,
      uncertainUpper: 0,
      intervalMethod: 'not estimated',
    };
  }
  const a = from.perCycle;
  const stay = a.hospitalStayDays * a.bedDayCost;
  const uncertain = a.administration + a.monitoring + a.adverseEventManagement + stay;
  return {
    method: 'pack-average',
    administration: a.administration,
    monitoring: a.monitoring,
    adverseEventManagement: a.adverseEventManagement,
    hospitalStay: stay,
    lengthOfStayDays: a.hospitalStayDays,
    uncertainLower: uncertain * (1 - a.intervalHalfWidth),
    uncertainUpper: uncertain * (1 + a.intervalHalfWidth),
    intervalMethod: `pack averages of ${from.id} ±${Math.round(a.intervalHalfWidth * 100)}% (${a.basis})`,
  };
}

/** A unit's price to 4 decimals (pack price ÷ units per pack), so count × price adds up to the cost. */
const exactUnitPrice = (product: Product): number => Math.round(unitPrice(product) * 10000) / 10000;

function describeUnits(selection: UnitSelection): number {
  return selection.picks.reduce((s, p) => s + p.count, 0);
}

export function componentCostView(p: PricedComponent): ComponentCost {
  const phase = p.phases[0];
  if (!phase) throw new Error('component without a priced phase');
  const product = phase.product;
  return {
    drug: { code: p.component.drug.code, name: p.component.drug.name },
    product: {
      code: product.code,
      name: product.name,
      kind: product.kind,
      procurement: product.procurement,
      reimbursementClass: product.reimbursementClass,
      unitPrice: money(unitPrice(product)),
      priceBasis: product.price.basis,
      ...(product.price.source !== undefined ? { priceSource: product.price.source } : {}),
    },
    role: p.component.role,
    dose: {
      basis: p.dose.basis,
      ordered: p.dose.ordered,
      perAdministration: Math.round(p.dose.perAdministration * 100) / 100,
      unit: p.dose.unit,
      calculation:
        p.dose.calculation +
        `; ${phase.selection.picks.map((q) => `${q.count} × ${q.product.strength.value} ${q.product.strength.unit}`).join(' + ')} per ${phase.product.multiDose ? 'cycle (multi-dose units)' : 'administration'}` +
        ` (${phase.selection.picks.map((q) => `${q.product.code} at ${exactUnitPrice(q.product)} = ${q.product.price.amount} / ${q.product.unitsPerPack}`).join(', ')})`,
    },
    unitsPerAdministration: phase.product.multiDose
      ? Math.round(
          (describeUnits(phase.selection) /
            Math.max(1, p.component.administrationsPerCycle * p.component.timesPerAdministration)) *
            1000,
        ) / 1000
      : describeUnits(phase.selection),
    dispensed: phase.selection.picks.map((q) => ({
      code: q.product.code,
      strength: `${q.product.strength.value} ${q.product.strength.unit}`,
      count: q.count,
      unitPrice: exactUnitPrice(q.product),
    })),
    administrationsPerCycle: p.component.administrationsPerCycle * p.component.timesPerAdministration,
    wastage: { amount: Math.round(phase.wastagePerCycle.amount * 100) / 100, cost: money(phase.wastagePerCycle.cost) },
    costPerCycle: money(phase.costPerCycle),
  };
}

function nonDrugPerCycle(nonDrug: NonDrugPerCycle): number {
  return nonDrug.administration + nonDrug.monitoring + nonDrug.adverseEventManagement + nonDrug.hospitalStay;
}

/** The course total alone (rounded as in the estimate), to rank and filter options before building their full view. */
export function coursePrice(drugs: DrugCosting, nonDrug: NonDrugPerCycle, cycles: number): number {
  return money(drugs.therapeuticPerCourse + drugs.supportivePerCourse + nonDrugPerCycle(nonDrug) * cycles);
}

export function buildCostEstimate(
  drugs: DrugCosting,
  nonDrug: NonDrugPerCycle,
  regimen: ResolvedRegimen,
  assumptions: string[],
): CostEstimate {
  const cycles = regimen.cycles;
  const perCycleNonDrug = nonDrugPerCycle(nonDrug);
  const perCycle = drugs.therapeuticPerCycle + drugs.supportivePerCycle + perCycleNonDrug;
  const perCourse = coursePrice(drugs, nonDrug, cycles);
  const exactPerCourse = drugs.therapeuticPerCourse + drugs.supportivePerCourse;
  const phaseNote = drugs.components.some((c) => c.phases.length > 1)
    ? ['perCycle is the first cycle; products change between cycles (see the components and the option description).']
    : [];
  return {
    currency: 'CNY',
    method: nonDrug.method,
    cycles,
    cycleLengthDays: regimen.cycleLengthDays,
    perCycle: money(perCycle),
    perAdmission: money(perCycle),
    perCourse: money(perCourse),
    breakdownPerCycle: {
      drugAcquisition: money(drugs.therapeuticPerCycle),
      supportiveDrugs: money(drugs.supportivePerCycle),
      administration: money(nonDrug.administration),
      monitoring: money(nonDrug.monitoring),
      adverseEventManagement: money(nonDrug.adverseEventManagement),
      hospitalStay: money(nonDrug.hospitalStay),
    },
    breakdownPerCourse: {
      drugAcquisition: money(drugs.therapeuticPerCourse),
      supportiveDrugs: money(drugs.supportivePerCourse),
      administration: money(nonDrug.administration * cycles),
      monitoring: money(nonDrug.monitoring * cycles),
      adverseEventManagement: money(nonDrug.adverseEventManagement * cycles),
      hospitalStay: money(nonDrug.hospitalStay * cycles),
    },
    components: drugs.components.map(componentCostView),
    interval: {
      lower: money(exactPerCourse + nonDrug.uncertainLower * cycles),
      upper: money(exactPerCourse + nonDrug.uncertainUpper * cycles),
      ...(nonDrug.intervalLevel !== undefined ? { level: nonDrug.intervalLevel } : {}),
      method: `drug acquisition exact; non-drug parts: ${nonDrug.intervalMethod}`,
    },
    lengthOfStayDays: Math.round(nonDrug.lengthOfStayDays * 10) / 10,
    assumptions: [...assumptions, ...phaseNote, ...(nonDrug.note ? [nonDrug.note] : [])],
  };
}
