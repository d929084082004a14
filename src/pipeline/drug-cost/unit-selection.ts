/**
 * Which vials (or tablets, pens) make up one administration: the cheapest whole-unit
 * combination of a product line's strengths that covers the dose. For single-use forms the
 * opened-but-not-given remainder is wastage and is costed; tablets are given whole.
 */
import { packIndex } from '../../knowledge/compile/compiled-pack';
import { nameStem, productLineKey } from '../../knowledge/compile/lookups';
import type { KnowledgePack, Product } from '../../knowledge/types';

export interface UnitPick {
  product: Product;
  count: number;
}

export interface UnitSelection {
  picks: UnitPick[];
  /** Drug content of the units opened, in the product's strength unit. */
  amount: number;
  cost: number;
}

const SINGLE_USE_FORMS = new Set(['vial', 'bag', 'infusion', 'prefilled-syringe', 'pen', 'device']);

export function isSingleUse(product: Product): boolean {
  return SINGLE_USE_FORMS.has(product.form);
}

export function unitPrice(product: Product): number {
  return product.price.amount / product.unitsPerPack;
}

export { nameStem, productLineKey };

/**
 * The product line a product belongs to (the vial sizes dispensed together), from the compiled
 * pack; a product the pack does not hold (a test's variant) is lined up with its drug's products.
 */
export function productLine(pack: KnowledgePack, product: Product): readonly Product[] {
  const line = packIndex(pack).productLines.get(product.code);
  if (line?.includes(product)) return line;
  const key = productLineKey(product);
  const found = (pack.productsByDrug.get(product.drug) ?? []).filter(
    (p) => p.strength.unit === product.strength.unit && productLineKey(p) === key,
  );
  return found.length > 0 ? found : [product];
}

const MAX_ENUMERATED_UNITS = 400;
/** Amounts within this many mg (or units) count as equal: doses come from floating-point arithmetic. */
const AMOUNT_EPSILON = 1e-6;
/** Costs within this many CNY count as equal. */
const COST_EPSILON = 1e-9;

/**
 * Whole-dose forms (tablets, capsules) are swallowed whole: what is dispensed above the dose is an
 * overdose, not wastage. Their mix must stay within the dose tolerance above the dose (pack policy
 * doseRoundingTolerance); single-use forms (vials, bags, pens) may open more than the dose and the
 * remainder is costed as wastage.
 */
export function overshootTolerance(product: Product, doseTolerance: number): number {
  return isSingleUse(product) || product.multiDose === true ? Number.POSITIVE_INFINITY : doseTolerance;
}

/**
 * Cheapest combination of the line's strengths with content ≥ dose (ties: less wastage, fewer
 * units). With a finite `overshoot`, combinations with content ≤ dose × (1 + overshoot) come first;
 * when none exists, the one closest above the dose (then the cheapest) is taken.
 * Bounded enumeration over at most a few strengths; very large doses fall back to the cheapest per mg.
 */
export function selectUnits(
  line: readonly Product[],
  dose: number,
  overshoot = Number.POSITIVE_INFINITY,
): UnitSelection {
  const byStrength = [...line].sort((a, b) => b.strength.value - a.strength.value || unitPrice(a) - unitPrice(b));
  const strengths = byStrength
    .filter((p, i) => byStrength.findIndex((q) => q.strength.value === p.strength.value) === i)
    .slice(0, 4);
  const smallest = strengths[strengths.length - 1];
  if (!smallest) throw new Error('empty product line');
  if (dose <= 0) return { picks: [], amount: 0, cost: 0 };
  if (dose / smallest.strength.value > MAX_ENUMERATED_UNITS) {
    const cheapest =
      [...strengths].sort((a, b) => unitPrice(a) / a.strength.value - unitPrice(b) / b.strength.value)[0] ?? smallest;
    const count = Math.ceil((dose - AMOUNT_EPSILON) / cheapest.strength.value);
    return {
      picks: [{ product: cheapest, count }],
      amount: count * cheapest.strength.value,
      cost: count * unitPrice(cheapest),
    };
  }
  const ceiling = dose * (1 + overshoot) + AMOUNT_EPSILON;
  let best: (UnitSelection & { within: boolean; units: number }) | null = null;
  const counts = new Array<number>(strengths.length).fill(0);
  const consider = () => {
    let amount = 0;
    let cost = 0;
    let units = 0;
    strengths.forEach((p, i) => {
      const n = counts[i] ?? 0;
      amount += n * p.strength.value;
      cost += n * unitPrice(p);
      units += n;
    });
    if (amount + AMOUNT_EPSILON < dose) return;
    const within = amount <= ceiling;
    const sameCost = best !== null && Math.abs(cost - best.cost) <= COST_EPSILON;
    const better =
      !best ||
      (within && !best.within) ||
      (within === best.within &&
        (within
          ? cost < best.cost - COST_EPSILON ||
            (sameCost && (amount < best.amount || (amount === best.amount && units < best.units)))
          : amount < best.amount - AMOUNT_EPSILON ||
            (Math.abs(amount - best.amount) <= AMOUNT_EPSILON &&
              (cost < best.cost - COST_EPSILON || (sameCost && units < best.units)))));
    if (better)
      best = {
        picks: strengths.map((p, i) => ({ product: p, count: counts[i] ?? 0 })).filter((q) => q.count > 0),
        amount,
        cost,
        within,
        units,
      };
  };
  const recurse = (index: number, remaining: number) => {
    const product = strengths[index];
    if (!product) return;
    const max = Math.ceil(Math.max(0, remaining - AMOUNT_EPSILON) / product.strength.value);
    if (index === strengths.length - 1) {
      counts[index] = max;
      consider();
      return;
    }
    for (let n = 0; n <= max; n++) {
      counts[index] = n;
      recurse(index + 1, remaining - n * product.strength.value);
    }
    counts[index] = 0;
  };
  recurse(0, dose);
  const chosen = best as (UnitSelection & { within: boolean; units: number }) | null;
  if (!chosen) throw new Error('no unit combination found');
  return { picks: chosen.picks, amount: chosen.amount, cost: chosen.cost };
}

/**
 * The most expensive whole-unit combination with content in [dose × (1 − tolerance), dose) that is
 * cheaper than covering the full dose: dose rounding down to whole vials within the tolerance.
 */
export function roundDownToWholeUnits(line: readonly Product[], dose: number, tolerance: number): UnitSelection | null {
  const floor = dose * (1 - tolerance);
  const full = selectUnits(line, dose);
  let best: UnitSelection | null = null;
  const strengths = [...new Map(line.map((p) => [p.strength.value, p])).values()]
    .sort((a, b) => b.strength.value - a.strength.value)
    .slice(0, 4);
  const counts = new Array<number>(strengths.length).fill(0);
  const recurse = (index: number, content: number) => {
    if (content >= dose - AMOUNT_EPSILON) return;
    if (index === strengths.length) {
      if (content + AMOUNT_EPSILON < floor || content <= 0) return;
      const cost = strengths.reduce((s, p, i) => s + (counts[i] ?? 0) * unitPrice(p), 0);
      if (cost >= full.cost - COST_EPSILON) return;
      if (!best || content > best.amount || (content === best.amount && cost < best.cost)) {
        best = {
          picks: strengths.map((p, i) => ({ product: p, count: counts[i] ?? 0 })).filter((q) => q.count > 0),
          amount: content,
          cost,
        };
      }
      return;
    }
    const product = strengths[index];
    if (!product) return;
    const max = Math.floor((dose - content + AMOUNT_EPSILON) / product.strength.value);
    if (max > MAX_ENUMERATED_UNITS) return;
    for (let n = 0; n <= max; n++) {
      counts[index] = n;
      recurse(index + 1, content + n * product.strength.value);
    }
    counts[index] = 0;
  };
  recurse(0, 0);
  return best;
}
