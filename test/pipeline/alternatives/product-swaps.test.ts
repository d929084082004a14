/**
 * Same-molecule product swaps, one component at a time: for each other product line of the same
 * drug and route, its cheapest product per mg; a generic only when consistency-evaluated, a
 * biosimilar only when it names an originator of the drug and hospital policy allows it, and then
 * after the 12-week originator induction (T-004-16: originator 12 weeks, then biosimilar).
 */
import type { KnowledgePack } from '../../../src/knowledge/types';
import { productSwapCandidates } from '../../../src/pipeline/alternatives/product-swaps';
import {
  ADALIMUMAB,
  EGFR_EXON19,
  METHOTREXATE,
  nsclcChemoTargeted,
  PEMBROLIZUMAB,
  raCase,
  withComponents,
} from '../../support/cases';
import { defaultPack, packWith, productIn, staged, unitPriceOf } from '../../support/stages';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await defaultPack();
});

const ids = (r: { id: string }[]) => r.map((c) => c.id).sort();
const perMg = (code: string) => unitPriceOf(productIn(pack, code)) / productIn(pack, code).strength.value;

/** Gefitinib + pemetrexed + carboplatin, all resolved to their originators. */
const chemoTargeted = () => staged(pack, nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never })).resolved;

/** Adalimumab (originator pen) + methotrexate, 26 two-week cycles. */
const adalimumab = (treatmentWeek?: number) =>
  staged(
    pack,
    raCase(treatmentWeek === undefined ? {} : { treatmentWeek }, [
      { ...ADALIMUMAB },
      { ...METHOTREXATE, dose: { value: 15, unit: 'mg' } },
    ]),
  ).resolved;

describe('generics of an originator order', () => {
  it("offers each other product line's cheapest product per mg, one drug at a time", () => {
    // Pemetrexed: generic A 500 mg (3.16/mg) beats its 100 mg (4.20/mg); procured 500 mg (1.33/mg) beats 100 mg (1.68/mg).
    expect(perMg('P-PEMETREXED-GA-500')).toBeLessThan(perMg('P-PEMETREXED-GA-100'));
    expect(perMg('P-PEMETREXED-VBP-500')).toBeLessThan(perMg('P-PEMETREXED-VBP-100'));
    // Carboplatin generic A: 450 mg (0.329/mg) < 150 mg (0.347/mg) < 100 mg (0.36/mg).
    expect(perMg('P-CARBOPLATIN-GA-450')).toBeLessThan(perMg('P-CARBOPLATIN-GA-150'));
    const { candidates, excluded } = productSwapCandidates(pack, chemoTargeted());
    expect(ids(candidates)).toEqual([
      'swap:L01BA04:P-PEMETREXED-GA-500',
      'swap:L01BA04:P-PEMETREXED-VBP-500',
      'swap:L01EB01:P-GEFITINIB-GA-250',
      'swap:L01EB01:P-GEFITINIB-VBP-250',
      'swap:L01XA02:P-CARBOPLATIN-GA-450',
    ]);
    expect(excluded).toEqual([]);
  });

  it('changes only the swapped component, names it, and is a same-molecule alternative', () => {
    const resolved = chemoTargeted();
    const swap = productSwapCandidates(pack, resolved).candidates.find(
      (c) => c.id === 'swap:L01BA04:P-PEMETREXED-VBP-500',
    );
    expect(swap).toMatchObject({
      basis: 'consistency-evaluated-generic',
      list: 'alternatives',
      sameMolecule: true,
      changesDrug: 'L01BA04',
      changes: [{ from: 'P-PEMETREXED-O-100', to: 'P-PEMETREXED-VBP-500' }],
    });
    const [gef, pem, carbo] = swap?.regimen.components ?? [];
    expect(gef).toBe(resolved.regimen.components[0]);
    expect(carbo).toBe(resolved.regimen.components[2]);
    expect(pem?.phases.map((p) => p.product.code)).toEqual(['P-PEMETREXED-VBP-500']);
    expect(pem?.dose).toEqual(resolved.regimen.components[1]?.dose);
  });

  it('does not offer a generic that has not passed consistency evaluation, and says why', () => {
    const draft = structuredClone(pack);
    for (const code of ['P-CARBOPLATIN-GA-100', 'P-CARBOPLATIN-GA-150', 'P-CARBOPLATIN-GA-450']) {
      const p = draft.products.get(code);
      if (p) p.consistencyEvaluated = false;
    }
    const unevaluated = packWith(draft, { drgScheme: pack.drgScheme });
    const resolved = staged(unevaluated, nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never })).resolved;
    const { candidates, excluded } = productSwapCandidates(unevaluated, resolved);
    expect(candidates.some((c) => c.changesDrug === 'L01XA02')).toBe(false);
    expect(excluded).toEqual([
      expect.objectContaining({
        id: 'swap:L01XA02:P-CARBOPLATIN-GA-450',
        reasons: [
          expect.objectContaining({ kind: 'policy', message: expect.stringMatching(/consistency evaluation/) }),
        ],
      }),
    ]);
  });

  it('offers nothing for a drug with a single product (pembrolizumab has no biosimilar or generic)', () => {
    expect([...(pack.productsByDrug.get('L01FF02') ?? [])].map((p) => p.code)).toEqual(['P-PEMBROLIZUMAB-O-100']);
    const resolved = staged(pack, withComponents(nsclcChemoTargeted(), [{ ...PEMBROLIZUMAB }])).resolved;
    expect(productSwapCandidates(pack, resolved)).toEqual({ candidates: [], excluded: [], assumptions: [] });
  });
});

describe('biosimilars of an originator biologic (adalimumab, T-004-16)', () => {
  it('offers each biosimilar line (pen and prefilled syringe) of the same reference product', () => {
    const { candidates } = productSwapCandidates(pack, adalimumab(20));
    const biosimilars = candidates.filter((c) => c.changesDrug === 'L04AB04');
    expect(ids(biosimilars)).toEqual(['swap:L04AB04:P-ADALIMUMAB-BA-40', 'swap:L04AB04:P-ADALIMUMAB-BB-40']);
    expect(biosimilars.every((c) => c.basis === 'biosimilar')).toBe(true);
  });

  it('keeps the originator for the 12-week induction of a new start: 6 two-week cycles, then the biosimilar', () => {
    const { candidates, assumptions } = productSwapCandidates(pack, adalimumab());
    const swap = candidates.find((c) => c.id === 'swap:L04AB04:P-ADALIMUMAB-BA-40');
    const ada = swap?.regimen.components.find((c) => c.drug.code === 'L04AB04');
    // 12 weeks = 84 days / 14-day cycles = 6 cycles of the originator.
    expect(ada?.phases.map((p) => [p.product.code, p.cycles])).toEqual([
      ['P-ADALIMUMAB-O-40', 6],
      ['P-ADALIMUMAB-BA-40', undefined],
    ]);
    expect(swap?.constraints).toHaveLength(1);
    expect(assumptions).toEqual([expect.stringMatching(/Treatment week not given/)]);
  });

  it('counts the weeks already given: at week 8, 4 weeks (2 cycles) of induction are left', () => {
    const swap = productSwapCandidates(pack, adalimumab(8)).candidates.find(
      (c) => c.id === 'swap:L04AB04:P-ADALIMUMAB-BA-40',
    );
    expect(swap?.regimen.components[0]?.phases.map((p) => p.cycles)).toEqual([2, undefined]);
  });

  it('switches at once after the induction (week 20), with no constraint', () => {
    const swap = productSwapCandidates(pack, adalimumab(20)).candidates.find(
      (c) => c.id === 'swap:L04AB04:P-ADALIMUMAB-BA-40',
    );
    expect(swap?.regimen.components[0]?.phases.map((p) => p.product.code)).toEqual(['P-ADALIMUMAB-BA-40']);
    expect(swap?.constraints).toEqual([]);
  });

  it('offers no biosimilar when hospital policy does not allow switching, and says so', () => {
    const noSwitching = packWith(pack, {
      policies: { ...pack.policies, biosimilarSwitch: { ...pack.policies.biosimilarSwitch, allowed: false } },
    });
    const { candidates, excluded } = productSwapCandidates(noSwitching, adalimumab(20));
    expect(candidates.some((c) => c.changesDrug === 'L04AB04')).toBe(false);
    expect(excluded.filter((x) => x.id.startsWith('swap:L04AB04:'))).toHaveLength(2);
    expect(excluded[0]?.reasons).toEqual([
      { kind: 'policy', message: 'Hospital policy does not allow biosimilar switching.' },
    ]);
  });
});
