import request from 'supertest';
import { createOpenApiValidators } from '../../src/adapters/rest/openapi-validation';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  ADALIMUMAB,
  CARBOPLATIN,
  EGFR_ABSENT,
  EGFR_EXON19,
  EGFR_EXON20_INS,
  METHOTREXATE,
  PEMETREXED,
  TOFACITINIB,
  findingIds,
  nsclcChemoTargeted,
  raCase,
  type Assessment,
} from '../support/cases';

const validators = createOpenApiValidators();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function assess(body: object, query = ''): Promise<Assessment> {
  const res = await request(t.app).post(`/v1/assessments${query}`).set(t.auth).send(body);
  expect(res.status).toBe(200);
  expect(validators.validate('Assessment', res.body)).toEqual([]);
  return res.body as Assessment;
}

describe('advanced NSCLC: chemotherapy + targeted', () => {
  it('flags an EGFR-targeted regimen ordered without an EGFR result as critical and offers no cheaper version of it (G-01)', async () => {
    const a = await assess(nsclcChemoTargeted());
    const g01 = a.findings.find((f) => f.ruleId === 'G-01');
    expect(g01?.severity).toBe('critical');
    expect(g01?.action?.kind).toBe('order-test');
    expect(g01?.inputs['biomarker.EGFR.status']).toBeNull();
    expect(a.alternatives).toEqual([]);
  });

  it('flags a targeted drug that contradicts the EGFR result, including exon-20 insertions (G-04)', async () => {
    for (const marker of [EGFR_ABSENT, EGFR_EXON20_INS]) {
      const a = await assess(nsclcChemoTargeted({ biomarkers: [marker] as never }));
      expect(a.findings.find((f) => f.ruleId === 'G-04')?.severity).toBe('critical');
    }
    const sensitising = await assess(nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }));
    expect(findingIds(sensitising)).not.toEqual(expect.arrayContaining(['G-01']));
    expect(findingIds(sensitising)).not.toEqual(expect.arrayContaining(['G-04']));
  });

  it('costs drugs exactly: BSA by Mosteller, Calvert carboplatin, whole vials with wastage', async () => {
    const a = await assess(nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }));
    const pem = a.expectedCost.components.find((c) => c.drug.code === 'L01BA04');
    const carbo = a.expectedCost.components.find((c) => c.drug.code === 'L01XA02');
    // BSA = √(170 × 68 / 3600) = 1.7920 m²; 500 mg/m² → 895.98 mg
    expect(pem?.dose.perAdministration).toBeCloseTo(895.98, 1);
    // CrCl = (140 − 62) × 68 / (72 × 0.9) = 81.85 mL/min; AUC 5 × (81.85 + 25) = 534.26 mg
    expect(carbo?.dose.perAdministration).toBeCloseTo(534.26, 1);
    for (const c of [pem, carbo]) {
      expect(c?.wastage.amount).toBeGreaterThanOrEqual(0);
      expect(c?.costPerCycle).toBeGreaterThan(0);
    }
    expect(a.expectedCost.perCourse).toBeCloseTo(a.expectedCost.perCycle * a.expectedCost.cycles, 0);
  });

  it('flags pemetrexed ordered at twice the protocol dose as a critical dose error, naming the drug', async () => {
    const body = nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never });
    (body.proposal as { components: { code: string; dose?: { value: number } }[] }).components[1]!.dose = {
      value: 1000,
      unit: 'mg/m2',
    } as never;
    const a = await assess(body);
    expect(a.regimen.deviations.find((d) => d.kind === 'dose-above-protocol' && d.drug === 'L01BA04')?.severity).toBe(
      'critical',
    );
    expect(a.findings.find((f) => f.ruleId === 'CI-DOSE-FAR-ABOVE-PROTOCOL')).toMatchObject({
      severity: 'critical',
      drugs: ['L01BA04'],
    });
  });

  it('computes the DRG payment standard with each factor and the approval threshold for chemo + targeted', async () => {
    const a = await assess(nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }));
    expect(a.drg.applicable).toBe(true);
    expect(a.drg.paymentStandard?.amount).toBe(35000);
    expect(a.drg.paymentStandard?.tierCoefficient).toBe(1);
    expect(a.approval.thresholdId).toBe('G-73');
    expect(a.approval.required).toBe(a.expectedCost.perCourse > 50000);
    const secondary = await assess(
      nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }, { hospitalTier: 'secondary' }),
    );
    expect(secondary.drg.paymentStandard?.amount).toBeCloseTo(
      35000 * (secondary.drg.paymentStandard?.tierCoefficient ?? 0),
      2,
    );
  });

  it('reports the digest example: a 52,000 admission against a 35,000 standard is a 17,000 loss, over the 10% threshold (D-10)', async () => {
    const first = await assess(nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }));
    const incurred = 52000 - first.drg.admissionCost!.expected;
    const a = await assess(
      nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }, { incurredCost: incurred, daysInHospital: 3 }),
    );
    expect(a.drg.admissionCost?.total).toBeCloseTo(52000, 2);
    expect(a.drg.margin).toBeCloseTo(-17000, 2);
    expect(a.drg.overspend?.level).toBe('over-threshold');
  });

  it('raises the daily-cost alert when the admission runs above the group daily standard (D-61)', async () => {
    const a = await assess(
      nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }, { incurredCost: 40000, daysInHospital: 1 }),
    );
    expect(a.drg.dailyCost?.standard).toBe(8000);
    expect(a.drg.dailyCost?.alert).toBe(a.drg.dailyCost!.expectedPerDay > 8000);
    expect(a.drg.dailyCost?.alert).toBe(true);
  });

  it('is not DRG-paid as an outpatient regimen', async () => {
    const a = await assess(nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }, { setting: 'outpatient' }));
    expect(a.drg.applicable).toBe(false);
    expect(a.drg.reason).toMatch(/outpatient/i);
  });

  it('never offers pemetrexed options when creatinine clearance is below its limit, and says why with explain=true', async () => {
    const a = await assess(
      nsclcChemoTargeted({
        biomarkers: [EGFR_EXON19] as never,
        serumCreatinine: { value: 2.4, unit: 'mg/dL', date: '2026-11-20' },
      }),
      '?explain=true',
    );
    expect(
      a.findings.some((f) => f.severity === 'critical' && f.inputs['patient.creatinineClearanceMlMin'] !== undefined),
    ).toBe(true);
    expect(a.alternatives.filter((o) => o.components.some((c) => c.drug === 'L01BA04'))).toEqual([]);
    expect(a.excludedCandidates?.some((e) => e.reasons.some((r) => r.kind === 'rule'))).toBe(true);
  });

  it('offers cheaper same-molecule products ranked by savings, each re-costed, sourced and cheaper than the proposal', async () => {
    const a = await assess(nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }));
    expect(a.alternatives.length).toBeGreaterThan(0);
    for (const o of a.alternatives) {
      expect(o.expectedCost.perCourse).toBeLessThan(a.expectedCost.perCourse);
      expect(o.savings.absolute).toBeCloseTo(a.expectedCost.perCourse - o.expectedCost.perCourse, 1);
      expect(a.citations[o.source]?.citation.length).toBeGreaterThan(0);
    }
    const savings = a.alternatives.map((o) => o.value.netMonetaryBenefit);
    expect([...savings].sort((x, y) => y - x)).toEqual(savings);
  });

  it('explains itself: pack, model and rules in the provenance, and answers deterministically', async () => {
    const body = nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never });
    const a = await assess(body);
    const b = await assess(body);
    expect(a.provenance.pack.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.provenance.model?.trainedOnSyntheticData).toBe(true);
    expect(a.provenance.rulesEvaluated.count).toBeGreaterThan(0);
    expect(a.provenance.rulesEvaluated.packDigest).toBe(a.provenance.pack.digest);
    const strip = (x: Assessment) => ({ ...x, provenance: { ...x.provenance, requestId: '' } });
    expect(strip(a)).toEqual(strip(b));
  });
});

describe('rheumatoid arthritis: biologic + JAK inhibitor, biosimilars', () => {
  it('flags a JAK inhibitor combined with a biologic DMARD as critical at any week, and offers stopping the JAK inhibitor', async () => {
    const a = await assess(
      raCase({ treatmentWeek: 4 }, [ADALIMUMAB, TOFACITINIB], { cycles: 26, cycleLengthDays: 14 }),
    );
    expect(a.findings.some((f) => f.severity === 'critical' && f.category === 'interaction')).toBe(true);
    expect(a.alternatives.every((o) => !o.components.some((c) => c.drug === 'L04AF01'))).toBe(true);
  });

  it('applies the week-12 stop rule when DAS28 fell by less than 1.2, or ALT is above 3× ULN (G-10)', async () => {
    const das = await assess(
      raCase(
        {
          treatmentWeek: 12,
          scores: { das28: { baseline: 5.6, current: 4.6 } },
          alt: { value: 30, upperLimitOfNormal: 40 },
        },
        [ADALIMUMAB, TOFACITINIB],
        { cycles: 26, cycleLengthDays: 14 },
      ),
    );
    expect(findingIds(das)).toContain('G-10');
    expect(das.findings.find((f) => f.ruleId === 'G-10')?.missing).toEqual([]);
    const alt = await assess(
      raCase({ treatmentWeek: 12, alt: { value: 140, upperLimitOfNormal: 40 } }, [ADALIMUMAB, TOFACITINIB], {
        cycles: 26,
        cycleLengthDays: 14,
      }),
    );
    expect(alt.findings.find((f) => f.ruleId === 'G-10')?.missing).toEqual([]);
  });

  it('gives no stop finding when DAS28 fell by 1.5 and ALT is 2× ULN', async () => {
    const a = await assess(
      raCase(
        {
          treatmentWeek: 12,
          scores: { das28: { baseline: 5.6, current: 4.1 } },
          alt: { value: 80, upperLimitOfNormal: 40 },
        },
        [ADALIMUMAB, TOFACITINIB],
        { cycles: 26, cycleLengthDays: 14 },
      ),
    );
    expect(findingIds(a)).not.toContain('G-10');
  });

  // Methotrexate's label limits (renal, hepatic, pregnancy) must be known before any option containing it is offered.
  const MTX_CHECKED = {
    serumCreatinine: { value: 0.8, unit: 'mg/dL', date: '2026-11-20' },
    alt: { value: 22, upperLimitOfNormal: 40, date: '2026-11-20' },
    pregnant: false,
    breastfeeding: false,
  } as const;

  it('offers no option containing methotrexate while its renal and pregnancy limits are unknown, and names the inputs that would decide', async () => {
    const a = await assess(raCase({ treatmentWeek: 20 }, [ADALIMUMAB, METHOTREXATE]), '?explain=true');
    expect(a.alternatives).toEqual([]);
    const biosimilar = a.excludedCandidates?.find((e) => e.basis === 'biosimilar');
    expect(biosimilar?.reasons.filter((r) => r.safety === 'unknown').flatMap((r) => r.missingInputs)).toEqual(
      expect.arrayContaining(['patient.egfr', 'patient.pregnant', 'patient.altRatioToUln']),
    );
    expect(a.findings.find((f) => f.ruleId === 'MTX-EGFR')?.missing).toEqual([
      'patient.egfr',
      'patient.creatinineClearanceMlMin',
    ]);
  });

  it('compares a DAS28 fall at the precision it was measured in: 5.6 → 4.4 is a fall of 1.2, not 1.1999999 (G-10 does not fire)', async () => {
    const a = await assess(
      raCase(
        {
          treatmentWeek: 12,
          scores: { das28: { baseline: 5.6, current: 4.4 } },
          alt: { value: 30, upperLimitOfNormal: 40 },
        },
        [ADALIMUMAB, TOFACITINIB],
        { cycles: 26, cycleLengthDays: 14 },
      ),
    );
    expect(findingIds(a)).not.toContain('G-10');
  });

  it('reads the adalimumab example as a whole-year biosimilar switch: 150,000 → 105,000 (S-02, past induction)', async () => {
    const a = await assess(raCase({ treatmentWeek: 20, ...MTX_CHECKED }, [ADALIMUMAB, METHOTREXATE]), '?view=full');
    const ada = a.expectedCost.components.find((c) => c.drug.code === 'L04AB04')!;
    expect(ada.costPerCycle * a.expectedCost.cycles).toBeCloseTo(150000, -1);
    const biosimilar = a.alternatives.find((o) => o.basis === 'biosimilar')!;
    const adaAlt = biosimilar.expectedCost.components!.find((c) => c.drug.code === 'L04AB04')!;
    expect(adaAlt.costPerCycle * biosimilar.expectedCost.cycles).toBeCloseTo(105000, -1);
  });

  it('computes the 12-week originator + 40-week biosimilar scheme from the pack prices (≈115,400) for a new start', async () => {
    const a = await assess(raCase({ treatmentWeek: 0, ...MTX_CHECKED }, [ADALIMUMAB, METHOTREXATE]), '?view=full');
    const biosimilar = a.alternatives.find((o) => o.basis === 'biosimilar' && o.id.endsWith('P-ADALIMUMAB-BA-40'))!;
    const originator = a.expectedCost.components.find((c) => c.drug.code === 'L04AB04')!.product.unitPrice;
    const biosimilarPrice = 4038.46;
    expect(biosimilar.constraints[0]?.en).toMatch(/12-week induction/);
    const mtx = biosimilar.expectedCost.breakdownPerCourse!.drugAcquisition - (6 * originator + 20 * biosimilarPrice);
    expect(6 * originator + 20 * biosimilarPrice).toBeCloseTo(115384.6, 0);
    expect(mtx).toBeGreaterThanOrEqual(0);
    expect(mtx).toBeLessThan(1000);
  });
});

describe('unknown codes are never dropped', () => {
  it('lists an unknown comorbidity code as not assessed, saying why in English and Chinese', async () => {
    const body = nsclcChemoTargeted({
      biomarkers: [EGFR_EXON19] as never,
      comorbidities: [{ code: '44054006', system: 'http://snomed.info/sct' }],
    });
    const a = await assess(body);
    expect(a.unassessed).toEqual([
      {
        code: '44054006',
        system: 'http://snomed.info/sct',
        where: 'patient.comorbidities[0]',
        reason: {
          en: 'code system http://snomed.info/sct is not read for comorbidities (ICD-10 only)',
          zh: '合并症只读取 ICD-10 编码，未读取 http://snomed.info/sct 编码',
        },
      },
    ]);
  });

  it('answers 422 naming each unresolvable proposal component and the principal diagnosis', async () => {
    const body = nsclcChemoTargeted();
    (body.proposal as { components: unknown[] }).components = [
      { code: 'L01ZZ99', system: 'atc' },
      PEMETREXED,
      CARBOPLATIN,
    ];
    body.patient.diagnoses = [{ code: 'Z99.9', principal: true }];
    const res = await request(t.app).post('/v1/assessments').set(t.auth).send(body);
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    const pointers = (res.body.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/patient/diagnoses/0/code', '/proposal/components/0/code']));
  });
});

describe('judged at asOf', () => {
  it('warns when the knowledge pack is not in force at the assessment date, and flags a weight too old for dosing', async () => {
    const a = await assess(
      nsclcChemoTargeted(
        { biomarkers: [EGFR_EXON19] as never, weight: { value: 68, unit: 'kg', date: '2019-06-01' } },
        { asOf: '2019-07-01' },
      ),
    );
    expect(a.findings.find((f) => f.ruleId === 'PACK-VALIDITY')?.severity).toBe('warning');
    const stale = await assess(
      nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never, weight: { value: 68, unit: 'kg', date: '2026-06-01' } }),
    );
    expect(stale.findings.find((f) => f.ruleId === 'DATA-RECENCY')?.message.en).toMatch(/weight/);
    expect(findingIds(stale)).not.toContain('PACK-VALIDITY');
  });
});

describe('variant classification depends on the drug', () => {
  const T790M = { gene: 'EGFR', result: 'present', method: 'NGS', variant: 'p.T790M', date: '2026-11-10' } as const;
  const OSIMERTINIB = {
    code: 'L01EB04',
    system: 'atc',
    dose: { value: 80, unit: 'mg' },
    route: 'oral',
    administrationsPerCycle: 21,
  } as const;

  it('reads EGFR T790M as resistance to gefitinib but not to osimertinib', async () => {
    const gefitinib = await assess(nsclcChemoTargeted({ biomarkers: [T790M] as never }));
    expect(gefitinib.findings.find((f) => f.ruleId === 'G-04')?.severity).toBe('critical');
    const body = nsclcChemoTargeted({ biomarkers: [T790M] as never }, { setting: 'outpatient' });
    body.proposal = { components: [{ ...OSIMERTINIB }], cycles: 6 };
    const osimertinib = await assess(body);
    expect(findingIds(osimertinib)).not.toContain('G-04');
  });

  it('lets resistance win when a sensitising and a resistance variant are both recorded', async () => {
    const a = await assess(nsclcChemoTargeted({ biomarkers: [EGFR_EXON19, T790M] as never }));
    expect(a.findings.find((f) => f.ruleId === 'G-04')?.severity).toBe('critical');
  });
});

describe('supportive drugs', () => {
  it('assumes and costs the protocol supportive drugs when a regimen id is ordered without any, and reports the missing ones when some are listed', async () => {
    const byId = nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never });
    byId.proposal = { regimenId: 'nsclc-gef-pem-carbo' };
    const assumed = await assess(byId);
    expect(assumed.regimen.deviations.filter((d) => d.kind === 'missing-supportive')).toEqual([]);
    expect(assumed.expectedCost.breakdownPerCourse.supportiveDrugs).toBeGreaterThan(0);

    byId.proposal = {
      regimenId: 'nsclc-gef-pem-carbo',
      supportive: [{ code: 'H02AB02', dose: { value: 4, unit: 'mg' }, route: 'oral' }],
    };
    const listed = await assess(byId);
    const missing = listed.regimen.deviations.filter((d) => d.kind === 'missing-supportive').map((d) => d.drug);
    expect(missing).toEqual(expect.arrayContaining(['B03BB01', 'B03BA01']));
    expect(missing).not.toContain('H02AB02');
  });
});
