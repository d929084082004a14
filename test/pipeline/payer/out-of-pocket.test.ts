/**
 * Who pays what: self-pay items stay with the patient unless a payer layer says it covers them;
 * the further layers share out only the in-catalogue remainder after basic insurance.
 */
import type { InsuranceType } from '../../../src/knowledge/types';
import { layerCosts } from '../../../src/pipeline/payer/out-of-pocket';

const name = { en: 'layer', zh: '层' };
/** The default pack's low-income type (I-01): basic 50 %, then 60 %, 75 %, 100 % of what is left. */
const lowIncome = (covers?: InsuranceType['layers'][number]['covers']): InsuranceType => ({
  id: 'low-income',
  name,
  deductible: 0,
  reimbursementByTier: { tertiary: 0.5, secondary: 0.5, primary: 0.5 },
  classBSelfPayShare: 0,
  annualCap: 10_000_000,
  layers: [
    { id: 'critical-illness', name, share: 0.6 },
    { id: 'medical-assistance', name, share: 0.75 },
    { id: 'commercial-top-up', name, share: 1, ...(covers ? { covers } : {}) },
  ],
});

describe('insurance layers', () => {
  it('shares an all-catalogue course 50/30/15/5 and leaves the patient nothing (I-01)', () => {
    // 100,000: basic 50,000; critical 0.6 × 50,000 = 30,000; assistance 0.75 × 20,000 = 15,000; commercial 5,000.
    const l = layerCosts(lowIncome(), 'tertiary', { courseCost: 100_000, selfPay: 0, classBSelfPay: 0 });
    expect([l.basic, ...l.layers.map((x) => x.pays)]).toEqual(
      [50_000, 30_000, 15_000, 5_000].map((n) => expect.closeTo(n, 6)),
    );
    expect(l.patientPays).toBeCloseTo(0, 6);
  });

  it('leaves a self-pay item with the patient: CAR-T at list price 1,200,000 + 100,000 in catalogue → the patient pays 1,200,000', () => {
    // Only the 100,000 in catalogue is layered (as above, patient 0); the 1,200,000 self-pay item is not touched.
    const l = layerCosts(lowIncome(), 'tertiary', { courseCost: 1_300_000, selfPay: 1_200_000, classBSelfPay: 0 });
    expect(l.basic).toBeCloseTo(50_000, 6);
    expect(l.patientPays).toBeCloseTo(1_200_000, 6);
  });

  it('lets a layer pay self-pay items only when the payer policy says it covers them', () => {
    // The commercial top-up covers self-pay: it pays 100 % of 5,000 + 1,200,000.
    const l = layerCosts(lowIncome(['self-pay']), 'tertiary', {
      courseCost: 1_300_000,
      selfPay: 1_200_000,
      classBSelfPay: 0,
    });
    expect(l.layers[2]?.pays).toBeCloseTo(1_205_000, 6);
    expect(l.patientPays).toBeCloseTo(0, 6);
  });

  it('keeps the class B self-pay share with the patient: urban employee, 10,000 of class B drugs at a 10 % share', () => {
    // Class B share 1,000 first; pool 9,000 − deductible 1,000 = 8,000 × 0.85 = 6,800 basic;
    // layer 0.5 × (9,000 − 6,800 = 2,200) = 1,100; patient = 1,100 + 1,000 = 2,100.
    const employee: InsuranceType = {
      id: 'urban-employee',
      name,
      deductible: 1000,
      reimbursementByTier: { tertiary: 0.85, secondary: 0.9, primary: 0.95 },
      classBSelfPayShare: 0.1,
      annualCap: 500_000,
      layers: [{ id: 'supplementary-large-expense', name, share: 0.5, cap: 300_000 }],
    };
    const l = layerCosts(employee, 'tertiary', { courseCost: 10_000, selfPay: 0, classBSelfPay: 1_000 });
    expect(l.basic).toBeCloseTo(6_800, 6);
    expect(l.layers[0]?.pays).toBeCloseTo(1_100, 6);
    expect(l.patientPays).toBeCloseTo(2_100, 6);
  });
});
