/**
 * The DRG stage on its own: which group an inpatient chemotherapy admission falls in, the payment
 * standard with each factor, the margin and overspend level on this admission's cost, the daily-cost
 * alert, the caller's own DRG code, and what happens when the pack cannot price the admission.
 * Worked examples from the source digest: T-004-01 (lung-cancer chemotherapy group standard 35,000,
 * chemo + targeted 52,000 → loss 17,000), T-004-02 (daily standard 8,000), T-004-03 (approval above
 * 50,000 for chemo + targeted).
 */
import type { DrgGroup, KnowledgePack } from '../../../src/knowledge/types';
import {
  assessApproval,
  assessDrg,
  type AdmissionCosting,
  type DrgAssessment,
} from '../../../src/pipeline/drg/drg-assessment';
import type { UnassessedItem } from '../../../src/pipeline/resolve/resolved-case';
import {
  AS_OF,
  CARBOPLATIN,
  EGFR_EXON19,
  nsclcChemoTargeted,
  PEMETREXED,
  withComponents,
  type AssessmentRequest,
} from '../../support/cases';
import { defaultPack, packWith, staged, type Evaluated } from '../../support/stages';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await defaultPack();
});

/** Advanced NSCLC, EGFR exon 19: gefitinib + pemetrexed + carboplatin as an inpatient cycle. */
const chemoTargeted = (context: Partial<AssessmentRequest['context']> = {}): Evaluated =>
  staged(pack, nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }, context));

/** Pemetrexed + carboplatin only (chemotherapy without a targeted drug). */
const chemoOnly = (context: Partial<AssessmentRequest['context']> = {}): Evaluated => {
  return staged(pack, withComponents(nsclcChemoTargeted({}, context), [{ ...PEMETREXED }, { ...CARBOPLATIN }]));
};

function group(code: string): DrgGroup {
  const g = pack.drgTariffs.groups.find((x) => x.code === code);
  if (!g) throw new Error(`the default tariff lacks ${code}`);
  return g;
}

/** base rate × relative weight × tier coefficient, from the pack's tariff. */
const standardOf = (code: string, tier: 'tertiary' | 'secondary' | 'primary' = 'tertiary') =>
  pack.drgTariffs.baseRate * group(code).relativeWeight * pack.drgTariffs.tierCoefficients[tier];

/** The DRG assessment of this admission; codes the stage could not use are added to `options.unassessed`. */
function drgOf(
  e: Evaluated,
  expectedAdmissionCost: number,
  options: { principal?: string; days?: number; unassessed?: UnassessedItem[]; on?: KnowledgePack } = {},
): DrgAssessment {
  const costing: AdmissionCosting = {
    expectedAdmissionCost,
    expectedLengthOfStayDays: options.days ?? 3,
    components: e.drugs.components,
  };
  const { assessment, unassessed } = assessDrg(options.on ?? pack, {
    kase: e.resolved.source,
    principal: options.principal ?? e.resolved.principalDiagnosis,
    regimen: e.regimen,
    facts: e.facts,
    costing,
  });
  options.unassessed?.push(...unassessed);
  return assessment;
}

describe('grouping an inpatient chemotherapy admission', () => {
  it('codes the cycle as Z51.103 + 99.2503 and groups it to RE13: the lung cancer is the CC (T-004-01 group)', () => {
    const drg = drgOf(chemoTargeted(), 20_000);
    expect(drg.applicable).toBe(true);
    expect(drg.group).toMatchObject({ code: 'RE13', determinedBy: 'grouper' });
    expect(drg.group?.inputsUsed).toMatchObject({
      principalDiagnosis: 'Z51.103',
      secondaryDiagnoses: ['C34.900x001'],
      procedures: ['99.2503'],
    });
    expect(drg.grouping?.complications.cc.map((c) => c.code)).toEqual(['C34.900x001']);
    expect(drg.grouping?.splitBy).toEqual({ level: 'cc', codes: ['C34.900x001'], drgWithout: 'RE15' });
    expect(drg.admissionCoding).toBe('chemotherapy-iv');
  });

  it('groups to RE15 when the admission carries no CC (only the chemotherapy encounter diagnosis)', () => {
    const drg = drgOf(chemoTargeted(), 20_000, { principal: 'Z51.103' });
    expect(drg.group?.code).toBe('RE15');
    expect(drg.grouping?.complications.cc).toEqual([]);
    expect(drg.paymentStandard?.amount).toBeCloseTo(standardOf('RE15'), 2);
  });

  it('prices RE13 at base rate × relative weight × tier coefficient: 35,000 at a tertiary hospital (T-004-01)', () => {
    const drg = drgOf(chemoTargeted(), 20_000);
    expect(drg.paymentStandard).toMatchObject({
      amount: 35_000,
      baseRate: pack.drgTariffs.baseRate,
      relativeWeight: group('RE13').relativeWeight,
      tierCoefficient: pack.drgTariffs.tierCoefficients.tertiary,
      tier: 'tertiary',
    });
    expect(standardOf('RE13')).toBeCloseTo(35_000, 6);
  });

  it("applies the hospital tier's coefficient: a secondary hospital's standard for RE13 is lower", () => {
    const drg = drgOf(chemoTargeted({ hospitalTier: 'secondary' }), 20_000);
    expect(drg.paymentStandard?.tierCoefficient).toBe(pack.drgTariffs.tierCoefficients.secondary);
    expect(drg.paymentStandard?.amount).toBeCloseTo(standardOf('RE13', 'secondary'), 2);
    expect(drg.paymentStandard?.amount).toBeLessThan(35_000);
  });
});

describe("the caller's DRG code", () => {
  it("wins over the grouper's, and the disagreement is reported", () => {
    const drg = drgOf(chemoTargeted({ drgCode: 'RE11' }), 20_000);
    expect(drg.group).toMatchObject({ code: 'RE11', determinedBy: 'caller', inputsUsed: { drgCode: 'RE11' } });
    expect(drg.paymentStandard?.amount).toBeCloseTo(standardOf('RE11'), 2);
    expect(drg.grouping?.drg).toBe('RE13');
    expect(drg.callerDisagreement).toEqual(expect.stringContaining('RE11'));
    expect(drg.callerDisagreement).toEqual(expect.stringContaining('RE13'));
  });

  it('reports no disagreement when the caller and the grouper agree', () => {
    const drg = drgOf(chemoTargeted({ drgCode: 'RE13' }), 20_000);
    expect(drg.group).toMatchObject({ code: 'RE13', determinedBy: 'caller' });
    expect(drg).not.toHaveProperty('callerDisagreement');
  });

  it("falls back to the grouper's group for a code outside the pack's tariff, and lists the code as not assessed", () => {
    const unassessed: UnassessedItem[] = [];
    const drg = drgOf(chemoTargeted({ drgCode: 'XX99' }), 20_000, { unassessed });
    expect(drg.group).toMatchObject({ code: 'RE13', determinedBy: 'grouper' });
    expect(unassessed).toEqual([expect.objectContaining({ code: 'XX99', where: 'context.drgCode' })]);
  });
});

describe('margin and overspend on this admission', () => {
  it('chemo + targeted at 52,000 against the 35,000 standard loses 17,000 and is over the 10 % threshold (T-004-01)', () => {
    const drg = drgOf(chemoTargeted(), 52_000);
    expect(drg.margin).toBe(-17_000);
    expect(drg.admissionCost).toMatchObject({ expected: 52_000, total: 52_000, carvedOut: 0 });
    // 17,000 / 35,000 = 0.4857 > 0.10
    expect(drg.overspend).toEqual({
      level: 'over-threshold',
      fraction: 0.4857,
      threshold: pack.drgTariffs.overspendThreshold,
    });
  });

  it('adds the cost already incurred this admission to the expected cost', () => {
    const drg = drgOf(chemoTargeted({ incurredCost: 5_000 }), 30_000);
    expect(drg.admissionCost?.total).toBe(35_000);
    expect(drg.margin).toBe(0);
    expect(drg.overspend?.level).toBe('none');
  });

  it.each([
    ['at the standard', 35_000, 'none'],
    ['1 CNY above it', 35_001, 'over'],
    ['exactly 10 % above it', 38_500, 'over'],
    ['just over 10 % above it', 38_501, 'over-threshold'],
  ] as const)(
    'warns of overspend only above the standard, and of the threshold only beyond it: %s',
    (_, cost, level) => {
      expect(drgOf(chemoTargeted(), cost).overspend?.level).toBe(level);
    },
  );

  it('raises the daily-cost alert above the daily standard of 8,000 (T-004-02: 12,000 a day), not at it', () => {
    const daily = group('RE13').dailyCostStandard;
    expect(daily).toBe(8_000);
    const over = drgOf(chemoTargeted(), 24_000, { days: 2 });
    expect(over.dailyCost).toEqual({ standard: 8_000, expectedPerDay: 12_000, alert: true });
    const at = drgOf(chemoTargeted(), 16_000, { days: 2 });
    expect(at.dailyCost).toEqual({ standard: 8_000, expectedPerDay: 8_000, alert: false });
  });

  it('counts the days already spent in hospital in the daily cost', () => {
    const drg = drgOf(chemoTargeted({ daysInHospital: 2 }), 24_000, { days: 2 });
    expect(drg.dailyCost?.expectedPerDay).toBe(6_000);
    expect(drg.dailyCost?.alert).toBe(false);
  });

  it('marks a high-cost outlier above the multiple of the standard the tariff names', () => {
    const multiple = group('RE13').highCostOutlierMultiple ?? Number.NaN;
    const threshold = 35_000 * multiple;
    expect(drgOf(chemoTargeted(), threshold).outlier).toEqual({ status: 'none', threshold });
    expect(drgOf(chemoTargeted(), threshold + 1).outlier).toEqual({ status: 'high-cost-outlier', threshold });
  });
});

describe('carve-outs and the expected group', () => {
  /** CAR-T (axicabtagene ciloleucel at the temporary price, 800,000) with fludarabine + cyclophosphamide, DLBCL. */
  const carT = () =>
    staged(pack, {
      caseRef: 'drg-cart',
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
          { code: 'P-AXICEL-TEMP-1', system: 'product', dose: { value: 1, unit: 'dose' }, route: 'iv' },
          { code: 'L01BB05', system: 'atc' },
          { code: 'L01AA01', system: 'atc' },
        ],
      },
      context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'inpatient' },
    });

  it("takes a carve-out drug out of the admission's cost: CAR-T's 800,000 is paid outside the group", () => {
    expect(pack.drgTariffs.carveOutDrugs).toContain('L01XL03');
    const drg = drgOf(carT(), 900_000, { days: 10 });
    expect(drg.carveOut).toEqual({ drugs: ['L01XL03'], amount: 800_000 });
    expect(drg.admissionCost).toEqual({ incurred: 0, expected: 900_000, carvedOut: 800_000, total: 100_000 });
    const standard = drg.paymentStandard?.amount ?? Number.NaN;
    expect(drg.margin).toBeCloseTo(standard - 100_000, 2);
  });

  it("lists an admission grouped outside the regimen's expected ADRG as not assessed", () => {
    const unassessed: UnassessedItem[] = [];
    const e = chemoTargeted({ procedures: ['00.0100'] });
    expect(e.regimen.library?.drgGroup).toBe('RE1');
    const drg = drgOf(e, 20_000, { unassessed });
    expect(drg.grouping?.adrg).not.toBe('RE1');
    expect(unassessed).toEqual([
      expect.objectContaining({
        where: 'drg.grouping',
        code: drg.grouping?.drg,
        reason: { en: expect.stringContaining('ADRG RE1'), zh: expect.stringContaining('ADRG RE1') },
      }),
    ]);
  });

  it('lists nothing when the admission groups to the expected ADRG', () => {
    const unassessed: UnassessedItem[] = [];
    drgOf(chemoTargeted(), 20_000, { unassessed });
    expect(unassessed).toEqual([]);
  });
});

describe('admissions the stage cannot price', () => {
  it('is not applicable to outpatient therapy: nothing is grouped', () => {
    const drg = drgOf(chemoTargeted({ setting: 'outpatient' }), 20_000);
    expect(drg.applicable).toBe(false);
    expect(drg).not.toHaveProperty('group');
    expect(drg).not.toHaveProperty('grouping');
    expect(drg).not.toHaveProperty('paymentStandard');
    expect(drg.reason).toMatch(/outpatient/i);
  });

  it('is not applicable when the group the admission falls in has no weight in the tariff', () => {
    const withoutRe13 = packWith(pack, {
      drgTariffs: { ...pack.drgTariffs, groups: pack.drgTariffs.groups.filter((g) => g.code !== 'RE13') },
    });
    const drg = drgOf(chemoTargeted(), 52_000, { on: withoutRe13 });
    expect(drg.applicable).toBe(false);
    expect(drg.grouping?.drg).toBe('RE13');
    expect(drg).not.toHaveProperty('paymentStandard');
    expect(drg).not.toHaveProperty('margin');
    expect(drg.reason).toEqual(expect.stringContaining('RE13'));
  });

  it('is not applicable when the pack has no grouper and the caller sent no code', () => {
    const withoutScheme = packWith(pack, { drgScheme: undefined });
    const drg = drgOf(chemoTargeted(), 52_000, { on: withoutScheme });
    expect(drg.applicable).toBe(false);
    expect(drg).not.toHaveProperty('paymentStandard');
  });

  it("still prices the caller's code when the pack has no grouper", () => {
    const withoutScheme = packWith(pack, { drgScheme: undefined });
    const drg = drgOf(chemoTargeted({ drgCode: 'RE13' }), 52_000, { on: withoutScheme });
    expect(drg.applicable).toBe(true);
    expect(drg.paymentStandard?.amount).toBe(35_000);
    expect(drg).not.toHaveProperty('callerDisagreement');
  });
});

describe('approval threshold for the course (T-004-03: chemo + targeted above 50,000 → MDT director)', () => {
  const threshold = () => {
    const t = pack.drgTariffs.approvalThresholds.find((x) => x.id === 'G-73');
    if (!t) throw new Error('the default tariff lacks G-73');
    return t;
  };

  it('is required above 50,000 and not at it', () => {
    const { facts } = chemoTargeted();
    expect(threshold().amount).toBe(50_000);
    expect(assessApproval(pack, facts, 50_000)).toMatchObject({ required: false, thresholdId: 'G-73' });
    expect(assessApproval(pack, facts, 50_000.01)).toMatchObject({
      required: true,
      thresholdId: 'G-73',
      threshold: 50_000,
      approver: threshold().approver,
    });
  });

  it('does not apply to chemotherapy without a targeted drug, whatever the cost', () => {
    const approval = assessApproval(pack, chemoOnly().facts, 120_000);
    expect(approval).toEqual({ required: false, courseCost: 120_000 });
  });
});
