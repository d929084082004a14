/**
 * The product mix for one dose: the cheapest whole-unit combination of the pack's products of the
 * same molecule, form and route that delivers at least the dose. Prices below are the default
 * pack's (illustrative) per-pack prices divided by the units per pack, so a pharmacist can redo them.
 */
import fc from 'fast-check';
import { loadKnowledgePack } from '../../../src/knowledge/load-pack';
import type { KnowledgePack, Product } from '../../../src/knowledge/types';
import {
  overshootTolerance,
  productLine,
  selectUnits,
  unitPrice,
} from '../../../src/pipeline/drug-cost/unit-selection';
import { defaultProduct } from '../../../src/pipeline/resolve/codes';
import { DEFAULT_PACK_DIR } from '../../knowledge/helpers';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await loadKnowledgePack(DEFAULT_PACK_DIR);
});

const product = (code: string): Product => {
  const p = pack.products.get(code);
  if (!p) throw new Error(`pack lacks ${code}`);
  return p;
};
/** As the costing does: tablets within the pack's dose tolerance (10 %) above the dose, vials any overshoot (wastage). */
const picked = (dose: number, code: string) =>
  selectUnits(
    productLine(pack, product(code)),
    dose,
    overshootTolerance(product(code), pack.policies.doseRoundingTolerance),
  ).picks.map((p) => `${p.count} × ${p.product.code}`);

describe('product mix from the pack', () => {
  it('gives baricitinib 4 mg as one 4 mg tablet (85.00), not two 2 mg tablets (2 × 1590/28 = 113.57)', () => {
    // 4 mg tablet: 2380 / 28 = 85.00 per tablet; 2 mg tablet: 1590 / 28 = 56.79 per tablet.
    expect(picked(4, 'P-BARICITINIB-O-2')).toEqual(['1 × P-BARICITINIB-O-4']);
    expect(selectUnits(productLine(pack, product('P-BARICITINIB-O-2')), 4).cost).toBeCloseTo(85, 2);
    // 2 mg stays one 2 mg tablet.
    expect(picked(2, 'P-BARICITINIB-O-4')).toEqual(['1 × P-BARICITINIB-O-2']);
  });

  it('gives folic acid 5 mg as one 5 mg tablet (11/100 = 0.11), not 13 × 0.4 mg (13 × 6.2/31 = 2.60)', () => {
    expect(picked(5, 'P-FOLIC-GA-0.4')).toEqual(['1 × P-FOLIC-GA-5']);
  });

  it('never dispenses a tablet above the dose to save money: folic acid 0.4 mg is one 0.4 mg tablet (0.20), not a 5 mg tablet (0.11)', () => {
    // A swallowed tablet is an overdose, not wastage: 5 mg for a 0.4 mg dose is 12.5 ×.
    expect(picked(0.4, 'P-FOLIC-GA-5')).toEqual(['1 × P-FOLIC-GA-0.4']);
    // Without a mix within +10 %, the closest one above the dose: dexamethasone 4 mg oral = 6 × 0.75 mg = 4.5 mg.
    expect(picked(4, 'P-DEXAMETHASONE-GA-0.75')).toEqual(['6 × P-DEXAMETHASONE-GA-0.75']);
  });

  it('lets a vial overshoot the dose (the remainder is wastage): carboplatin 534 mg = 450 + 100 mg (148 + 36 = 184)', () => {
    // 450 + 100 = 550 mg for 184.00 beats 450 + 150 (200.00) and 4 × 150 (208.00).
    expect(picked(534.26, 'P-CARBOPLATIN-GA-100').sort()).toEqual([
      '1 × P-CARBOPLATIN-GA-100',
      '1 × P-CARBOPLATIN-GA-450',
    ]);
  });

  it('dispenses IV dexamethasone from the injection, never from oral tablets: 10 mg = 2 × 5 mg vials (2 × 6.8/10 = 1.36)', () => {
    const iv = defaultProduct(pack, 'H02AB02', 'iv');
    expect(iv?.code).toBe('P-DEXAMETHASONE-GA-5INJ');
    const selection = selectUnits(productLine(pack, iv as Product), 10);
    expect(selection.picks.map((p) => [p.product.route, p.count])).toEqual([['iv', 2]]);
    expect(selection.cost).toBeCloseTo(1.36, 2);
    expect(defaultProduct(pack, 'H02AB02', 'oral')?.code).toBe('P-DEXAMETHASONE-GA-0.75');
    expect(defaultProduct(pack, 'H02AB02', 'sc')).toBeUndefined();
  });

  it('keeps each product line to one molecule, form and route', () => {
    for (const p of pack.products.values()) {
      for (const q of productLine(pack, p)) {
        expect([q.drug, q.form, q.route, q.strength.unit]).toEqual([p.drug, p.form, p.route, p.strength.unit]);
      }
    }
  });
});

// ---- property: the chosen mix delivers the dose, and no cheaper mix does -----------------------

const synthetic = (strength: number, price: number, i: number): Product => ({
  code: `P-T-${i}`,
  drug: 'X00XX00',
  name: { en: `testmab generic A ${strength} mg`, zh: `测试 ${strength} mg` },
  kind: 'generic',
  procurement: 'none',
  reimbursementClass: 'A',
  form: 'vial',
  route: 'iv',
  strength: { value: strength, unit: 'mg' },
  unitsPerPack: 1,
  price: { amount: price, currency: 'CNY', basis: 'illustrative' },
});

/**
 * Every whole-unit combination with at most `ceil(dose / strength)` of each product: the cheapest
 * cost among those delivering the dose within the overshoot; when none is within, the smallest
 * content above the dose decides (then the cost).
 */
function bruteForceCheapest(
  line: Product[],
  dose: number,
  overshoot = Number.POSITIVE_INFINITY,
): { cost: number; amount: number } {
  let within = { cost: Number.POSITIVE_INFINITY, amount: Number.POSITIVE_INFINITY };
  let closest = { cost: Number.POSITIVE_INFINITY, amount: Number.POSITIVE_INFINITY };
  const walk = (i: number, amount: number, cost: number) => {
    if (i === line.length) {
      if (amount + 1e-9 < dose) return;
      if (amount <= dose * (1 + overshoot) + 1e-9) {
        if (cost < within.cost) within = { cost, amount };
      } else if (amount < closest.amount || (amount === closest.amount && cost < closest.cost))
        closest = { cost, amount };
      return;
    }
    const p = line[i] as Product;
    for (let n = 0; n <= Math.ceil(dose / p.strength.value); n++)
      walk(i + 1, amount + n * p.strength.value, cost + n * unitPrice(p));
  };
  walk(0, 0, 0);
  return Number.isFinite(within.cost) ? within : closest;
}

describe('product mix property', () => {
  it('delivers at least the dose, within the overshoot when any mix is, and no cheaper such mix of the same line exists (brute force on small lines)', () => {
    const lineArb = fc
      .uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 4 })
      .chain((strengths) =>
        fc.tuple(
          fc.constant(strengths),
          fc.array(fc.integer({ min: 1, max: 500 }), { minLength: strengths.length, maxLength: strengths.length }),
        ),
      );
    fc.assert(
      fc.property(
        lineArb,
        fc.integer({ min: 1, max: 240 }),
        fc.constantFrom(Number.POSITIVE_INFINITY, 0.1, 0),
        ([strengths, prices], dose, overshoot) => {
          const line = strengths.map((s, i) => synthetic(s, prices[i] as number, i));
          const selection = selectUnits(line, dose, overshoot);
          const delivered = selection.picks.reduce((s, p) => s + p.count * p.product.strength.value, 0);
          const cost = selection.picks.reduce((s, p) => s + p.count * unitPrice(p.product), 0);
          expect(delivered).toBeGreaterThanOrEqual(dose);
          expect(selection.amount).toBeCloseTo(delivered, 9);
          expect(selection.cost).toBeCloseTo(cost, 9);
          const oracle = bruteForceCheapest(line, dose, overshoot);
          if (delivered <= dose * (1 + overshoot) + 1e-9) expect(cost).toBeLessThanOrEqual(oracle.cost + 1e-9);
          else expect([delivered, cost]).toEqual([oracle.amount, expect.closeTo(oracle.cost, 9)]);
          for (const p of selection.picks) expect(line).toContain(p.product);
        },
      ),
      { numRuns: 300, seed: 20261130 },
    );
  });

  it('the brute-force oracle catches a mix that is not the cheapest (the first-listed product only)', () => {
    // 4 mg from a line of 2 mg at 56.79 and 4 mg at 85.00: 2 × 2 mg covers the dose but costs 113.57 > 85.00.
    const line = [synthetic(2, 56.79, 0), synthetic(4, 85, 1)];
    const firstListedOnly = selectUnits([line[0] as Product], 4);
    expect(firstListedOnly.cost).toBeGreaterThan(bruteForceCheapest(line, 4).cost + 1e-9);
  });
});
