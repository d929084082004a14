/**
 * The payer stage on priced regimens of the default pack: what the patient pays for a course after
 * the class B self-pay share, the deductible, basic insurance at the tier's ratio up to the annual
 * cap, and the further layers; self-pay drugs stay with the patient; the CAR-T patient cap (digest
 * I-05 / T-004-23: temporary price 800,000, patient pays at most 200,000); no payer data → not
 * estimated; never negative.
 */
import fc from 'fast-check';
import type { InsuranceType, KnowledgePack } from '../../../src/knowledge/types';
import { layerCosts, outOfPocket, payerUnassessed } from '../../../src/pipeline/payer/out-of-pocket';
import {
  AS_OF,
  CARBOPLATIN,
  EGFR_ABSENT,
  EGFR_EXON19,
  PEMBROLIZUMAB,
  PEMETREXED,
  nsclcChemoTargeted,
  withComponents,
} from '../../support/cases';
import { defaultPack, productIn, staged, unitPriceOf, type Evaluated } from '../../support/stages';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await defaultPack();
});

const insurance = (id: string): InsuranceType => {
  const t = pack.payerPolicy.insuranceTypes.find((x) => x.id === id);
  if (!t) throw new Error(`the default payer policy lacks ${id}`);
  return t;
};

/** 62-year-old, 68 kg / 170 cm, EGFR exon 19: gefitinib 250 mg × 21 + pemetrexed 500 mg/m² + carboplatin AUC 5, 4 cycles. */
const chemoTargeted = (insuranceType?: string): Evaluated =>
  staged(pack, nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }, insuranceType ? { insuranceType } : {}));

function pay(e: Evaluated, courseCost = e.drugs.therapeuticPerCourse + e.drugs.supportivePerCourse) {
  const kase = e.resolved.source;
  return { oop: outOfPocket(pack, kase, courseCost, e.drugs), unassessed: payerUnassessed(pack, kase) };
}

describe('an urban employee at a tertiary hospital: chemo + targeted, 4 cycles', () => {
  it('prices the course from the originator products the order resolves to (56,688 CNY)', () => {
    const e = chemoTargeted('urban-employee');
    // Per cycle: gefitinib 21 tablets, pemetrexed 2 × 500 mg vials (895 mg), carboplatin 6 × 100 mg vials.
    const perCycle =
      21 * unitPriceOf(productIn(pack, 'P-GEFITINIB-O-250')) +
      2 * unitPriceOf(productIn(pack, 'P-PEMETREXED-O-500')) +
      6 * unitPriceOf(productIn(pack, 'P-CARBOPLATIN-O-100'));
    expect(perCycle).toBeCloseTo(14_172, 6);
    expect(e.drugs.therapeuticPerCourse).toBeCloseTo(4 * perCycle, 6);
  });

  it('takes the class B share first, then the deductible, 85 % basic and half the rest by the supplementary layer', () => {
    const { oop } = pay(chemoTargeted('urban-employee'));
    // Class B (gefitinib, pemetrexed): 4 × (3,276 + 9,960) = 52,944 → 10 % self-pay share = 5,294.40.
    // Pool 56,688 − 5,294.40 = 51,393.60; deductible 1,000; basic 0.85 × 50,393.60 = 42,834.56.
    // Left 51,393.60 − 42,834.56 = 8,559.04; supplementary layer pays half = 4,279.52.
    // Patient: 4,279.52 + 5,294.40 = 9,573.92.
    expect(oop).toMatchObject({
      available: true,
      insuranceType: 'urban-employee',
      courseCost: 56_688,
      selfPayItems: 0,
      classBSelfPay: 5_294.4,
      deductible: 1_000,
      basicInsurance: 42_834.56,
      reimbursementRatio: 0.85,
      layers: [{ id: 'supplementary-large-expense', pays: 4_279.52 }],
      patientPays: 9_573.92,
      patientShare: 0.1689,
    });
    expect(oop).not.toHaveProperty('capsApplied');
  });

  it("charges a secondary hospital's ratio (90 %) instead of the tertiary one", () => {
    const e = staged(
      pack,
      nsclcChemoTargeted(
        { biomarkers: [EGFR_EXON19] as never },
        { insuranceType: 'urban-employee', hospitalTier: 'secondary' },
      ),
    );
    const { oop } = pay(e, 56_688);
    // Pool 51,393.60 − 1,000 = 50,393.60 × 0.90 = 45,354.24.
    expect(oop).toMatchObject({ reimbursementRatio: 0.9, basicInsurance: 45_354.24 });
  });

  it('pays no basic insurance on a course below the deductible (1,000); the layer still shares the in-catalogue rest', () => {
    const l = layerCosts(insurance('urban-employee'), 'tertiary', { courseCost: 800, selfPay: 0, classBSelfPay: 0 });
    expect(l).toMatchObject({ deductible: 800, basic: 0, patientPays: 400 });
    expect(l.layers.map((x) => x.pays)).toEqual([400]);
  });

  it('stops basic insurance at the annual cap (500,000) and the layer at its own cap (300,000)', () => {
    // 2,000,000 in catalogue: basic min(0.85 × 1,999,000, 500,000) = 500,000; layer min(0.5 × 1,500,000, 300,000).
    const l = layerCosts(insurance('urban-employee'), 'tertiary', {
      courseCost: 2_000_000,
      selfPay: 0,
      classBSelfPay: 0,
    });
    expect(l.basic).toBe(500_000);
    expect(l.layers[0]?.pays).toBe(300_000);
    expect(l.patientPays).toBeCloseTo(1_200_000, 6);
  });
});

describe('self-pay drugs stay with the patient', () => {
  /** Pemetrexed + carboplatin + pembrolizumab 200 mg (outside the insurance catalogue), EGFR/ALK absent. */
  const withPembrolizumab = (insuranceType: string): Evaluated => {
    const request = nsclcChemoTargeted(
      { biomarkers: [EGFR_ABSENT, { gene: 'ALK', result: 'absent', method: 'NGS', date: '2026-11-10' }] as never },
      { insuranceType },
    );
    return staged(pack, withComponents(request, [{ ...PEMETREXED }, { ...CARBOPLATIN }, { ...PEMBROLIZUMAB }]));
  };
  // Pembrolizumab 200 mg = 2 × 100 mg vials per cycle, 4 cycles.
  const pembrolizumabCourse = () => 4 * 2 * unitPriceOf(productIn(pack, 'P-PEMBROLIZUMAB-O-100'));

  it('a low-income patient, whose layers leave nothing of the in-catalogue drugs, pays exactly the pembrolizumab', () => {
    expect(productIn(pack, 'P-PEMBROLIZUMAB-O-100').reimbursementClass).toBe('none');
    expect(pembrolizumabCourse()).toBeCloseTo(143_344, 6);
    const { oop } = pay(withPembrolizumab('low-income'));
    expect(oop.selfPayItems).toBeCloseTo(143_344, 2);
    expect(oop.patientPays).toBeCloseTo(143_344, 2);
  });

  it('an urban employee pays the pembrolizumab on top of their share of the rest', () => {
    const e = withPembrolizumab('urban-employee');
    const course = e.drugs.therapeuticPerCourse;
    const { oop } = pay(e);
    const inCatalogue = course - pembrolizumabCourse();
    expect(oop.selfPayItems).toBeCloseTo(pembrolizumabCourse(), 2);
    expect(oop.patientPays).toBeGreaterThan(pembrolizumabCourse());
    expect((oop.patientPays ?? 0) - pembrolizumabCourse()).toBeLessThan(inCatalogue);
    expect(oop.basicInsurance).toBeLessThanOrEqual(inCatalogue);
  });
});

describe('the CAR-T patient cap (T-004-23: temporary price 800,000, patient pays at most 200,000)', () => {
  const carT = (product: string, insuranceType: string): Evaluated =>
    staged(pack, {
      caseRef: 'payer-cart',
      patient: {
        age: 58,
        sex: 'male',
        weight: { value: 70, unit: 'kg', date: '2026-11-20' },
        height: { value: 170, unit: 'cm', date: '2026-11-20' },
        serumCreatinine: { value: 0.9, unit: 'mg/dL', date: '2026-11-20' },
        ecog: { value: 1, date: '2026-11-20' },
        diagnoses: [{ code: 'C83.3', principal: true }],
        lineOfTherapy: 2,
      },
      proposal: {
        components: [
          { code: product, system: 'product', dose: { value: 1, unit: 'dose' }, route: 'iv' },
          { code: 'L01BB05', system: 'atc' },
          { code: 'L01AA01', system: 'atc' },
        ],
      },
      context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'inpatient', insuranceType },
    });

  it('limits what an urban employee pays for the CAR-T at the temporary price to 200,000; the rest is shared as without it', () => {
    const e = carT('P-AXICEL-TEMP-1', 'urban-employee');
    const course = e.drugs.therapeuticPerCourse;
    const { oop } = pay(e);
    // What the patient would pay for the lymphodepletion alone (fludarabine class B, cyclophosphamide class A).
    const withoutCarT = layerCosts(insurance('urban-employee'), 'tertiary', {
      courseCost: course - 800_000,
      selfPay: 0,
      classBSelfPay: oop.classBSelfPay ?? Number.NaN,
    }).patientPays;
    expect(oop.selfPayItems).toBe(800_000);
    expect(oop.patientPays).toBeCloseTo(withoutCarT + 200_000, 2);
    expect(oop.capsApplied).toEqual([
      expect.objectContaining({ id: 'car-t-temporary-price', maxPatientPays: 200_000, patientPaysBeforeCap: 800_000 }),
    ]);
    expect(oop.layers).toEqual(
      expect.arrayContaining([{ id: 'cap:car-t-temporary-price', name: expect.anything(), pays: 600_000 }]),
    );
  });

  it('does not cap the CAR-T at the market price (1,200,000): the patient pays it in full', () => {
    const { oop } = pay(carT('P-AXICEL-O-1', 'urban-employee'));
    expect(oop.selfPayItems).toBe(1_200_000);
    expect(oop.patientPays).toBeGreaterThan(1_200_000);
    expect(oop).not.toHaveProperty('capsApplied');
  });
});

describe('missing payer data', () => {
  it('does not estimate without an insurance type', () => {
    const { oop, unassessed } = pay(chemoTargeted());
    expect(oop).toEqual({ available: false, reason: expect.stringContaining('context.insuranceType') });
    expect(unassessed).toEqual([]);
  });

  it("does not estimate for an insurance type outside the pack's payer policy, and lists it as not assessed", () => {
    const { oop, unassessed } = pay(chemoTargeted('private-gold'));
    expect(oop.available).toBe(false);
    expect(oop).not.toHaveProperty('patientPays');
    expect(unassessed).toEqual([expect.objectContaining({ code: 'private-gold', where: 'context.insuranceType' })]);
  });
});

describe('never negative, and nothing lost or invented', () => {
  const money = fc.double({ min: 0, max: 3_000_000, noNaN: true });

  it.each(['urban-employee', 'urban-rural-resident', 'low-income'])(
    '%s: every share is ≥ 0 and the payers and the patient add up to the course cost',
    (id) => {
      const type = insurance(id);
      fc.assert(
        fc.property(money, money, fc.double({ min: 0, max: 1, noNaN: true }), (inCatalogue, selfPay, classBPart) => {
          const classB = inCatalogue * classBPart * type.classBSelfPayShare;
          const l = layerCosts(type, 'tertiary', { courseCost: inCatalogue + selfPay, selfPay, classBSelfPay: classB });
          const paid = l.basic + l.layers.reduce((s, x) => s + x.pays, 0) + l.patientPays;
          expect(l.patientPays).toBeGreaterThanOrEqual(0);
          expect(l.basic).toBeGreaterThanOrEqual(0);
          for (const x of l.layers) expect(x.pays).toBeGreaterThanOrEqual(0);
          expect(paid).toBeCloseTo(inCatalogue + selfPay, 4);
          // Self-pay items and the class B share are never paid by a layer that does not cover them.
          expect(l.patientPays).toBeGreaterThanOrEqual(selfPay + classB - 1e-6);
        }),
      );
    },
  );

  it('pays nothing and charges nothing for a course of 0', () => {
    const l = layerCosts(insurance('urban-employee'), 'tertiary', { courseCost: 0, selfPay: 0, classBSelfPay: 0 });
    expect(l).toMatchObject({ deductible: 0, basic: 0, patientPays: 0 });
    expect(l.layers.map((x) => x.pays)).toEqual([0]);
  });
});
