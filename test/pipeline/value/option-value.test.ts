/**
 * Value of an option against the proposal at the pack's willingness-to-pay (300,000 CNY per QALY,
 * digest P-02): net monetary benefit = ΔQALY × WTP − Δcost; the ICER only where it means something,
 * read by quadrant; same-molecule changes are cost-minimisation (ΔQALY = 0). T-004-22: CAR-T at an
 * ICER of 1,500,000 per QALY against 300,000 is not cost-effective (5 × the threshold).
 */
import type { KnowledgePack } from '../../../src/knowledge/types';
import { optionValue } from '../../../src/pipeline/value/value';
import { defaultPack } from '../../support/stages';

let wtp: number;
beforeAll(async () => {
  const pack: KnowledgePack = await defaultPack();
  wtp = pack.policies.willingnessToPayPerQaly;
});

const value = (dCost: number, dQalys: number, sameMolecule = false) =>
  optionValue({
    proposalCost: 100_000,
    proposalQalys: 1,
    optionCost: 100_000 + dCost,
    optionQalys: 1 + dQalys,
    sameMolecule,
    willingnessToPay: wtp,
    qalyMethod: 'pack-average',
  });

it("reads the default pack's willingness-to-pay: 300,000 CNY per QALY (digest P-02)", () => {
  expect(wtp).toBe(300_000);
});

describe('dearer and better (north-east)', () => {
  it('is not cost-effective at an ICER of 1,500,000 per QALY, five times the threshold (T-004-22)', () => {
    // CAR-T: 1,200,000 more for 0.8 QALY → ICER 1,500,000; NMB 0.8 × 300,000 − 1,200,000 = −960,000.
    const v = value(1_200_000, 0.8);
    expect(v).toMatchObject({
      icer: 1_500_000,
      dominance: 'not-cost-effective',
      netMonetaryBenefit: -960_000,
      incrementalCost: 1_200_000,
      incrementalQalys: 0.8,
      willingnessToPay: 300_000,
    });
    expect((v.icer ?? 0) / wtp).toBe(5);
  });

  it('is cost-effective at an ICER below the threshold: 30,000 more for 0.2 QALY → 150,000 per QALY, NMB +30,000', () => {
    expect(value(30_000, 0.2)).toMatchObject({
      icer: 150_000,
      dominance: 'cost-effective',
      netMonetaryBenefit: 30_000,
    });
  });

  it('is cost-effective exactly at the threshold, where the NMB is 0', () => {
    expect(value(60_000, 0.2)).toMatchObject({ icer: 300_000, dominance: 'cost-effective', netMonetaryBenefit: 0 });
  });

  it('is not cost-effective just above it', () => {
    expect(value(60_001, 0.2)).toMatchObject({ dominance: 'not-cost-effective', netMonetaryBenefit: -1 });
  });
});

describe('cheaper and worse (south-west)', () => {
  it('is cost-effective when it saves at least the threshold per QALY lost: 90,000 for 0.2 QALY (450,000 per QALY)', () => {
    expect(value(-90_000, -0.2)).toMatchObject({
      icer: 450_000,
      dominance: 'cost-effective',
      netMonetaryBenefit: 30_000,
    });
  });

  it('is not cost-effective when it saves less: 30,000 for 0.2 QALY (150,000 per QALY), NMB −30,000', () => {
    expect(value(-30_000, -0.2)).toMatchObject({
      icer: 150_000,
      dominance: 'not-cost-effective',
      netMonetaryBenefit: -30_000,
    });
  });
});

describe('no meaningful ICER', () => {
  it('states dominance for cheaper and at least as good, with the NMB = saving + QALY gain × WTP', () => {
    expect(value(-10_000, 0.1)).toMatchObject({ icer: null, dominance: 'dominant', netMonetaryBenefit: 40_000 });
  });

  it('states dominated for dearer and no better', () => {
    expect(value(10_000, -0.1)).toMatchObject({ icer: null, dominance: 'dominated', netMonetaryBenefit: -40_000 });
  });

  it('states equivalence for the same cost and the same QALYs', () => {
    expect(value(0, 0)).toMatchObject({ icer: null, dominance: 'equivalent', netMonetaryBenefit: 0 });
  });
});

describe('same-molecule changes (generic, biosimilar, procured product, dose rounding)', () => {
  it("are cost-minimisation: ΔQALY = 0 whatever the model says of the option, the NMB is the saving, the QALYs are the proposal's", () => {
    const v = value(-4_500, -0.05, true);
    expect(v).toMatchObject({
      icer: null,
      dominance: 'cost-minimisation',
      incrementalQalys: 0,
      netMonetaryBenefit: 4_500,
      qalys: 1,
    });
  });
});

it('rounds money to the fen and QALYs to 4 places, and passes the QALY method through', () => {
  const v = optionValue({
    proposalCost: 10_000,
    proposalQalys: 0.123456,
    optionCost: 10_000.004,
    optionQalys: 0.234567,
    sameMolecule: false,
    willingnessToPay: wtp,
    qalyMethod: 'model',
  });
  // ΔQ 0.111111 → 0.1111; NMB 0.111111 × 300,000 − 0.004 = 33,333.296 → 33,333.3.
  expect(v).toMatchObject({
    qalys: 0.2346,
    incrementalQalys: 0.1111,
    incrementalCost: 0,
    netMonetaryBenefit: 33_333.3,
  });
  expect(v.qalyMethod).toBe('model');
});
