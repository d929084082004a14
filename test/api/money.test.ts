/**
 * Money through HTTP, with every number worked by hand from the default pack (prices are the
 * pack's illustrative per-pack prices ÷ units per pack) so a pharmacist can reproduce it.
 */
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { AS_OF, nsclcPatient, type Assessment, type AssessmentRequest } from '../support/cases';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function assess(body: AssessmentRequest): Promise<Assessment> {
  const res = await request(t.app).post('/v1/assessments?explain=true').set(t.auth).send(body);
  expect(res.status).toBe(200);
  return res.body as Assessment;
}

const component = (a: Assessment, drug: string) => {
  const c = a.expectedCost.components.find((x) => x.drug.code === drug);
  if (!c) throw new Error(`no ${drug} in the costing`);
  return c;
};

const at = (date: string) => ({ date });

function raMan(regimenId: string): AssessmentRequest {
  return {
    caseRef: 'money-ra',
    patient: {
      age: 54,
      sex: 'male',
      weight: { value: 70, unit: 'kg', ...at('2026-11-20') },
      diagnoses: [{ code: 'M05.9', principal: true }],
      lineOfTherapy: 2,
    },
    proposal: { regimenId },
    context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'outpatient' },
  };
}

describe('product mix', () => {
  it('costs baricitinib 4 mg as one 4 mg tablet and folic acid 5 mg as one 5 mg tablet', async () => {
    const a = await assess(raMan('ra-baricitinib-mtx'));
    const bari = component(a, 'L04AF02');
    // 4 mg tablet 2380 / 28 = 85.00; 14 doses per 14-day cycle → 1,190.00 (2 × 2 mg would be 14 × 113.57 = 1,590.00).
    expect(bari.dispensed).toEqual([{ code: 'P-BARICITINIB-O-4', strength: '4 mg', count: 1, unitPrice: 85 }]);
    expect(bari.unitsPerAdministration).toBe(1);
    expect(bari.costPerCycle).toBeCloseTo(1190, 2);
    const folic = component(a, 'B03BB01');
    // 5 mg tablet 11 / 100 = 0.11; 2 doses per cycle → 0.22 (13 × 0.4 mg would be 2 × 2.60 = 5.20).
    expect(folic.dispensed).toEqual([{ code: 'P-FOLIC-GA-5', strength: '5 mg', count: 1, unitPrice: 0.11 }]);
    expect(folic.costPerCycle).toBeCloseTo(0.22, 2);
  });

  it('costs IV dexamethasone 10 mg (CAPOX premedication) from the injection: 2 × 5 mg vials = 2 × 6.8/10 = 1.36', async () => {
    const a = await assess({
      caseRef: 'money-crc',
      patient: {
        age: 60,
        sex: 'female',
        weight: { value: 60, unit: 'kg', ...at('2026-11-20') },
        height: { value: 160, unit: 'cm', ...at('2026-11-20') },
        serumCreatinine: { value: 0.8, unit: 'mg/dL', ...at('2026-11-20') },
        ecog: { value: 1, ...at('2026-11-20') },
        diagnoses: [{ code: 'C18.9', principal: true }],
        lineOfTherapy: 1,
      },
      proposal: { regimenId: 'crc-capox' },
      context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'inpatient' },
    });
    const dex = component(a, 'H02AB02');
    expect(dex.product.code).toBe('P-DEXAMETHASONE-GA-5INJ');
    expect(dex.dispensed).toEqual([{ code: 'P-DEXAMETHASONE-GA-5INJ', strength: '5 mg', count: 2, unitPrice: 0.68 }]);
    expect(dex.costPerCycle).toBeCloseTo(1.36, 2);
  });
});

describe('an ordered route the formulary has no product for', () => {
  it('costs the nearest product but says so: methotrexate 15 mg SC weekly has only oral tablets in the pack', async () => {
    const body = raMan('ra-mtx');
    body.proposal = {
      components: [
        { code: 'L04AX03', system: 'atc', dose: { value: 15, unit: 'mg' }, route: 'sc', administrationsPerCycle: 2 },
      ],
      cycles: 26,
      cycleLengthDays: 14,
    };
    const a = await assess(body);
    expect(a.expectedCost.assumptions).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /methotrexate: the formulary has no sc product; costed with .* \(oral\), not the ordered route/,
        ),
      ]),
    );
  });
});

/** Pemetrexed + carboplatin for a 50-year-old man, 80 kg, 178 cm, creatinine 0.6 mg/dL. */
function pemCarbo(
  pemetrexed: Record<string, unknown>,
  carboplatinAuc: number,
  patient: Partial<AssessmentRequest['patient']> = {},
): AssessmentRequest {
  return {
    caseRef: 'money-nsclc',
    patient: nsclcPatient(patient),
    proposal: {
      components: [
        { route: 'iv', ...pemetrexed } as never,
        { code: 'L01XA02', system: 'atc', dose: { value: carboplatinAuc, unit: 'AUC' }, route: 'iv' },
      ],
      cycles: 4,
    },
    context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'inpatient' },
  };
}

describe('carboplatin', () => {
  it('caps an AUC 6 dose at AUC × 150 = 900 mg by the Calvert formula, not at 750 mg', async () => {
    // Cockcroft–Gault: (140 − 50) × 80 / (72 × 0.6) = 166.7 mL/min, capped at 125 (hospital policy):
    // 6 × (125 + 25) = 900 mg.
    const a = await assess(
      pemCarbo({ code: 'L01BA04', system: 'atc', dose: { value: 500, unit: 'mg/m2' } }, 6, {
        age: 50,
        weight: { value: 80, unit: 'kg', date: '2026-11-20' },
        height: { value: 178, unit: 'cm', date: '2026-11-20' },
        serumCreatinine: { value: 0.6, unit: 'mg/dL', date: '2026-11-20' },
      }),
    );
    const carbo = component(a, 'L01XA02');
    expect(carbo.dose.perAdministration).toBe(900);
    expect(carbo.dose.calculation).toContain('capped at 125');
    expect(carbo.dose.calculation).not.toContain('label maximum');
  });
});

describe('carboplatin → cisplatin switch', () => {
  // The default NSCLC patient: 62-year-old man, 68 kg, 170 cm, creatinine 0.9 mg/dL.
  // BSA √(170 × 68 / 3600) = 1.792 m²; CrCl (140 − 62) × 68 / (72 × 0.9) = 81.85 mL/min (≥ 60: the switch applies).
  // Pemetrexed ordered as the procured generic at 475 mg/m² → 851.2 mg → 2 × 500 mg vials = 2 × 665 = 1,330.00.
  // Carboplatin AUC 5 × (81.85 + 25) = 534.3 mg, originator 100 mg vials: 6 × 156 = 936.00.
  // Cisplatin 75 mg/m² × 1.792 = 134.4 mg: 2 × 50 + 2 × 20 mg = 2 × 23.0 + 2 × 9.8 = 65.60.
  // Drug acquisition per course: proposal 4 × (1,330 + 936) = 9,064.00; switch 4 × (1,330 + 65.60) = 5,582.40.
  const body = pemCarbo({ code: 'P-PEMETREXED-VBP-500', system: 'product', dose: { value: 475, unit: 'mg/m2' } }, 5);

  it('keeps the ordered pemetrexed (dose and product), changes only the platinum, and lists every change', async () => {
    const a = await assess(body);
    const option = a.alternatives.find((o) => o.id === 'switch:SW-NSCLC-CARB-TO-CIS');
    if (!option)
      throw new Error(
        `no carboplatin → cisplatin option; excluded: ${JSON.stringify(a.excludedCandidates?.filter((e) => e.id.startsWith('switch:')))}`,
      );
    expect(option.components).toEqual(
      expect.arrayContaining([
        { drug: 'L01BA04', product: 'P-PEMETREXED-VBP-500', dose: '475 mg/m2' },
        expect.objectContaining({ drug: 'L01XA01', dose: '75 mg/m2' }),
      ]),
    );
    expect(option.components.map((c) => c.drug).sort()).toEqual(['L01BA04', 'L01XA01']);
    // The proposal listed no supportive drugs; the switch adds none that both protocols require.
    expect(option.expectedCost.breakdownPerCourse?.supportiveDrugs).toBe(
      a.expectedCost.breakdownPerCourse.supportiveDrugs,
    );
    expect(option.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'nsclc-pem-carbo', to: 'nsclc-pem-cis' }),
        expect.objectContaining({ from: 'L01XA02 AUC 5 iv', to: 'none' }),
        expect.objectContaining({ from: 'none', to: 'L01XA01 75 mg/m2 iv' }),
      ]),
    );
    expect(option.changes).toHaveLength(3);
  });

  it('saves on drug acquisition exactly what the platinum change saves (9,064.00 − 5,582.40 = 3,481.60)', async () => {
    const a = await assess(body);
    expect(component(a, 'L01XA02').dispensed).toEqual([
      { code: 'P-CARBOPLATIN-O-100', strength: '100 mg', count: 6, unitPrice: 156 },
    ]);
    expect(a.expectedCost.breakdownPerCourse.drugAcquisition).toBeCloseTo(9064, 2);
    const option = a.alternatives.find((o) => o.id === 'switch:SW-NSCLC-CARB-TO-CIS');
    expect(option?.expectedCost.breakdownPerCourse?.drugAcquisition).toBeCloseTo(5582.4, 2);
    expect(option?.expectedCost.components?.find((c) => c.drug.code === 'L01XA01')?.dispensed).toEqual([
      { code: 'P-CISPLATIN-GA-50', strength: '50 mg', count: 2, unitPrice: 23 },
      { code: 'P-CISPLATIN-GA-20', strength: '20 mg', count: 2, unitPrice: 9.8 },
    ]);
    expect(option?.savings.absolute).toBeCloseTo(a.expectedCost.perCourse - (option?.expectedCost.perCourse ?? 0), 2);
  });
});

describe('dose rounding', () => {
  it('rounds carboplatin AUC 5 (534.3 mg) down to 500 mg = 5 originator vials (5 × 156 = 780 instead of 6 × 156 = 936), keeping the ordered AUC', async () => {
    const a = await assess(pemCarbo({ code: 'L01BA04', system: 'atc', dose: { value: 500, unit: 'mg/m2' } }, 5));
    const option = a.alternatives.find((o) => o.id === 'round:L01XA02');
    expect(option?.components).toEqual(
      expect.arrayContaining([expect.objectContaining({ drug: 'L01XA02', dose: '5 AUC, rounded to 500 mg' })]),
    );
    const carbo = option?.expectedCost.components?.find((c) => c.drug.code === 'L01XA02');
    expect(carbo?.dose.perAdministration).toBe(500);
    expect(carbo?.dispensed).toEqual([{ code: 'P-CARBOPLATIN-O-100', strength: '100 mg', count: 5, unitPrice: 156 }]);
  });

  it('never rounds a dose error into an option: pemetrexed ordered at 2 × the protocol (1,000 mg/m²) gets no rounded alternative', async () => {
    const a = await assess(pemCarbo({ code: 'L01BA04', system: 'atc', dose: { value: 1000, unit: 'mg/m2' } }, 5));
    expect(a.alternatives.map((o) => o.id)).not.toContain('round:L01BA04');
    const excluded = a.excludedCandidates?.find((e) => e.id === 'round:L01BA04');
    expect(excluded?.reasons.some((r) => r.kind === 'rule')).toBe(true);
  });
});

describe('no alternative costs more than the proposal', () => {
  it('shows only cheaper alternatives, and the gate has dearer candidates to reject', async () => {
    const cases = [
      pemCarbo({ code: 'P-PEMETREXED-VBP-500', system: 'product', dose: { value: 475, unit: 'mg/m2' } }, 5),
      pemCarbo({ code: 'L01BA04', system: 'atc', dose: { value: 500, unit: 'mg/m2' } }, 5),
      raMan('ra-baricitinib-mtx'),
      raMan('ra-adalimumab-mtx'),
    ];
    let rejected = 0;
    for (const body of cases) {
      const a = await assess(body);
      for (const o of a.alternatives) {
        expect(o.expectedCost.perCourse).toBeLessThan(a.expectedCost.perCourse);
        expect(o.savings.absolute).toBeGreaterThan(0);
      }
      rejected += (a.excludedCandidates ?? []).filter((e) => e.reasons.some((r) => r.kind === 'not-cheaper')).length;
    }
    expect(rejected).toBeGreaterThan(0);
  });
});

describe('CAR-T out-of-pocket for a low-income patient', () => {
  function carT(product: string): AssessmentRequest {
    return {
      caseRef: 'money-cart',
      patient: {
        age: 58,
        sex: 'male',
        weight: { value: 70, unit: 'kg', ...at('2026-11-20') },
        height: { value: 170, unit: 'cm', ...at('2026-11-20') },
        serumCreatinine: { value: 0.9, unit: 'mg/dL', ...at('2026-11-20') },
        ecog: { value: 1, ...at('2026-11-20') },
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
      context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'inpatient', insuranceType: 'low-income' },
    };
  }

  it('at the temporary insurance payment price (800,000) the patient pays the cap of 200,000 (digest I-05), not 0', async () => {
    const a = await assess(carT('P-AXICEL-TEMP-1'));
    const oop = a.outOfPocket;
    // 800,000 is a self-pay item; the in-catalogue rest is layered 50/30/15/5 → 0 for the patient;
    // the cap limits the 800,000 to 200,000; the 600,000 above it is the temporary payment arrangement's.
    expect(oop.selfPayItems).toBe(800000);
    expect(oop.patientPays).toBeCloseTo(200000, 0);
    expect(oop.layers).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'cap:car-t-temporary-price', pays: 600000 })]),
    );
    expect(oop.capsApplied).toEqual([
      expect.objectContaining({
        id: 'car-t-temporary-price',
        maxPatientPays: 200000,
        patientPaysBeforeCap: 800000,
        illustrative: true,
        source: 'digest-I-05',
      }),
    ]);
    expect(a.citations['digest-I-05']?.citation).toMatch(/I-05/);
  });

  it('at the list price (1,200,000, outside the catalogue and any cap) the patient pays it in full', async () => {
    const oop = (await assess(carT('P-AXICEL-O-1'))).outOfPocket;
    expect(oop.selfPayItems).toBe(1200000);
    expect(oop.patientPays).toBeCloseTo(1200000, 0);
    expect(oop.capsApplied).toBeUndefined();
  });
});
