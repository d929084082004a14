/**
 * The safety stage through HTTP: an option is offered only when it is KNOWN to be safe for this
 * patient, and a proposal that breaks a label limit gets a critical finding. Each case cites the
 * label or guideline it comes from; the wider clinical corpus lives in test/clinical/.
 */
import request from 'supertest';
import { createOpenApiValidators } from '../../src/adapters/rest/openapi-validation';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  ADALIMUMAB,
  AS_OF,
  METHOTREXATE,
  TOFACITINIB,
  nsclcChemoTargeted,
  raCase,
  type Assessment,
  type AssessmentRequest,
} from '../support/cases';

const validators = createOpenApiValidators();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function assess(body: object, query = '?explain=true'): Promise<Assessment> {
  const res = await request(t.app).post(`/v1/assessments${query}`).set(t.auth).send(body);
  if (res.status !== 200) throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
  expect(validators.validate('Assessment', res.body)).toEqual([]);
  return res.body as Assessment;
}

/** Every option the answer offers, whatever its list. */
const offered = (a: Assessment) => [...a.alternatives, ...a.preferredOptions, ...a.therapyChanges];
const offersDrug = (a: Assessment, atc: string) => offered(a).some((o) => o.components.some((c) => c.drug === atc));
const critical = (a: Assessment, ruleId: string) =>
  a.findings.some((f) => f.ruleId === ruleId && f.severity === 'critical' && f.missing.length === 0);

/** What a rheumatology pharmacist checks before methotrexate: renal and liver function, pregnancy status. */
const RA_WORKUP = {
  serumCreatinine: { value: 0.8, unit: 'mg/dL', date: '2026-11-20' },
  alt: { value: 22, upperLimitOfNormal: 40, date: '2026-11-20' },
  pregnant: false,
  breastfeeding: false,
} as const;

const JAK_INHIBITORS = ['L04AF01', 'L04AF02'];

describe('JAK inhibitors are never a cheaper equivalent of a TNF inhibitor (labels; EMA 2023)', () => {
  it('a 70-year-old controlled on adalimumab + methotrexate is offered no JAK inhibitor in any list', async () => {
    const a = await assess(
      raCase(
        {
          age: 70,
          treatmentWeek: 30,
          ...RA_WORKUP,
          priorTherapyFailures: [{ code: 'tnf-inhibitor', system: 'drug-class' }],
        },
        [ADALIMUMAB, METHOTREXATE],
      ),
    );
    for (const jak of JAK_INHIBITORS) expect(offersDrug(a, jak)).toBe(false);
    const tofa = a.excludedCandidates?.find((e) => e.id === 'switch:SW-RA-ADA-TO-TOFA');
    expect(tofa?.reasons.map((r) => r.ruleId)).toContain('CI-JAK-AGE65');
  });

  it('a TNF-controlled patient (no failure recorded) is offered no JAK inhibitor; the switch waits for a recorded failure', async () => {
    const a = await assess(raCase({ treatmentWeek: 30, ...RA_WORKUP }, [ADALIMUMAB, METHOTREXATE]));
    expect(a.safety).toEqual({ status: 'safe', unsafe: [], unknown: [] });
    for (const jak of JAK_INHIBITORS) expect(offersDrug(a, jak)).toBe(false);
    expect(a.alternatives.length).toBeGreaterThan(0); // the biosimilar is still offered
  });

  it('after a recorded TNF-inhibitor failure, tofacitinib + methotrexate is a therapy change, never an alternative', async () => {
    const a = await assess(
      raCase({ treatmentWeek: 30, ...RA_WORKUP, priorTherapyFailures: [{ code: 'L04AB04', system: 'atc' }] }, [
        ADALIMUMAB,
        METHOTREXATE,
      ]),
    );
    expect(a.therapyChanges.map((o) => o.id)).toContain('switch:SW-RA-ADA-TO-TOFA');
    expect(a.therapyChanges.every((o) => o.basis === 'therapy-change')).toBe(true);
    expect(a.alternatives.some((o) => o.components.some((c) => JAK_INHIBITORS.includes(c.drug)))).toBe(false);
  });
});

describe('forbidden combinations by class', () => {
  it('rituximab (a biologic DMARD in RA, not only anti-CD20) + tofacitinib is critical and no cheaper version of the pair is offered', async () => {
    const rituximab = {
      code: 'L01FA01',
      system: 'atc',
      dose: { value: 1000, unit: 'mg' },
      route: 'iv',
      administrationsPerCycle: 1,
    } as const;
    const a = await assess(raCase({ ...RA_WORKUP }, [rituximab, TOFACITINIB], { cycles: 13, cycleLengthDays: 28 }));
    expect(critical(a, 'CI-JAK-WITH-BIOLOGIC')).toBe(true);
    expect(a.safety.status).toBe('unsafe');
    expect(a.safety.unsafe).toContain('CI-JAK-WITH-BIOLOGIC');
    expect(
      offered(a).some(
        (o) => o.components.some((c) => c.drug === 'L01FA01') && o.components.some((c) => c.drug === 'L04AF01'),
      ),
    ).toBe(false);
  });

  it('clopidogrel + ticagrelor (two P2Y12 inhibitors) is critical (ESC 2023)', async () => {
    const body: AssessmentRequest = {
      patient: {
        age: 66,
        sex: 'male',
        weight: { value: 75, unit: 'kg' },
        diagnoses: [{ code: 'I25.1', principal: true }],
      },
      proposal: {
        components: [
          { code: 'B01AC04', system: 'atc', dose: { value: 75, unit: 'mg' } },
          { code: 'B01AC24', system: 'atc', dose: { value: 90, unit: 'mg' }, timesPerAdministration: 2 },
        ],
        cycles: 12,
        cycleLengthDays: 30,
      },
      context: { asOf: AS_OF, setting: 'outpatient', hospitalTier: 'tertiary' },
    };
    expect(critical(await assess(body), 'CI-TWO-P2Y12')).toBe(true);
  });
});

describe('dose-frequency and dose safety', () => {
  it('methotrexate ordered daily is critical (a known fatal error, EMA 2019) and no option repeats the daily order', async () => {
    const daily = {
      code: 'L04AX03',
      system: 'atc',
      dose: { value: 15, unit: 'mg' },
      route: 'oral',
      administrationsPerCycle: 14,
    } as const;
    const a = await assess(raCase({ ...RA_WORKUP }, [ADALIMUMAB, daily], { cycles: 26, cycleLengthDays: 14 }));
    expect(critical(a, 'CI-MTX-WEEKLY')).toBe(true);
    expect(offersDrug(a, 'L04AX03')).toBe(false);
    expect(
      a.excludedCandidates?.some((e) => e.reasons.some((r) => r.ruleId === 'CI-MTX-WEEKLY' && r.safety === 'unsafe')),
    ).toBe(true);
  });

  it('a dose twice the protocol dose is critical and carried by no option', async () => {
    const body = nsclcChemoTargeted({
      biomarkers: [{ gene: 'EGFR', result: 'present', method: 'NGS', variant: 'p.L858R' }] as never,
    });
    (body.proposal as { components: { code: string; dose?: { value: number } }[] }).components[1]!.dose!.value = 1000; // pemetrexed 1,000 mg/m² (protocol 500)
    const a = await assess(body);
    expect(critical(a, 'CI-DOSE-FAR-ABOVE-PROTOCOL')).toBe(true);
    expect(a.alternatives.filter((o) => o.basis !== 'step-down')).toEqual([]);
  });
});

describe('renal limits read a derived measure when none is sent', () => {
  it('metformin for a 72-year-old with creatinine 3.2 mg/dL and no eGFR: CKD-EPI 2021 gives the eGFR, the contraindication is critical', async () => {
    const body: AssessmentRequest = {
      patient: {
        age: 72,
        sex: 'male',
        weight: { value: 70, unit: 'kg' },
        serumCreatinine: { value: 3.2, unit: 'mg/dL' },
        diagnoses: [{ code: 'E11.9', principal: true }],
      },
      proposal: { regimenId: 't2dm-sitagliptin-metformin' },
      context: { asOf: AS_OF, setting: 'outpatient', hospitalTier: 'tertiary' },
    };
    const a = await assess(body);
    const egfr = a.measures.find((m) => m.measure === 'egfr');
    expect(egfr).toMatchObject({ basis: 'derived', value: 19.8 });
    expect(egfr?.formula).toMatch(/CKD-EPI 2021/);
    expect(critical(a, 'METFORMIN-EGFR30')).toBe(true);
    expect(offersDrug(a, 'A10BA02')).toBe(false);
  });

  it('oxaliplatin at a creatinine clearance of 16.7 mL/min is critical and never offered', async () => {
    // Cockcroft–Gault: (140 − 70) × 60 / (72 × 3.5) = 16.7 mL/min
    const body: AssessmentRequest = {
      patient: {
        age: 70,
        sex: 'male',
        weight: { value: 60, unit: 'kg' },
        height: { value: 168, unit: 'cm' },
        serumCreatinine: { value: 3.5, unit: 'mg/dL' },
        diagnoses: [{ code: 'C18.7', principal: true }],
        stage: { value: 'IV' },
      },
      proposal: { regimenId: 'crc-mfolfox6' },
      context: { asOf: AS_OF, setting: 'inpatient', hospitalTier: 'tertiary' },
    };
    const a = await assess(body);
    expect(a.measures.find((m) => m.measure === 'creatinineClearanceMlMin')?.value).toBe(16.7);
    expect(critical(a, 'CI-OXALIPLATIN-RENAL')).toBe(true);
    expect(offersDrug(a, 'L01XA03')).toBe(false);
  });
});

describe('biomarker semantics', () => {
  it('EGFR "equivocal" is unknown, not present: gefitinib is not offered in any cheaper version', async () => {
    const a = await assess(
      nsclcChemoTargeted({ biomarkers: [{ gene: 'EGFR', result: 'equivocal', method: 'PCR' }] as never }),
    );
    expect(offersDrug(a, 'L01EB01')).toBe(false);
    expect(a.findings.some((f) => f.severity === 'critical' && f.inputs['biomarker.EGFR.status'] === null)).toBe(true);
  });

  it('EGFR absent means no EGFR variant can exist: the TKI is a critical mismatch', async () => {
    const a = await assess(
      nsclcChemoTargeted({ biomarkers: [{ gene: 'HGNC:3236', result: 'absent', method: 'NGS' }] as never }),
    );
    expect(critical(a, 'G-04')).toBe(true);
  });

  it('HER2 sent as "HER2" with ISH amplified and no IHC is HER2-positive (ASCO/CAP 2023); an unknown gene is listed, never dropped', async () => {
    const body: AssessmentRequest = {
      patient: {
        age: 60,
        sex: 'female',
        weight: { value: 62, unit: 'kg' },
        height: { value: 160, unit: 'cm' },
        diagnoses: [{ code: 'C50.9', principal: true }],
        stage: { value: 'IV' },
        biomarkers: [
          { gene: 'HER2', result: 'amplified', method: 'ISH' },
          { gene: 'FOO1', result: 'present', method: 'NGS' },
        ],
      },
      proposal: { regimenId: 'breast-trastuzumab-docetaxel' },
      context: { asOf: AS_OF, setting: 'inpatient', hospitalTier: 'tertiary' },
    };
    const a = await assess(body);
    expect(a.findings.map((f) => f.ruleId)).not.toEqual(expect.arrayContaining(['HER2-TESTING']));
    expect(a.findings.map((f) => f.ruleId)).not.toEqual(expect.arrayContaining(['G-03']));
    expect(a.unassessed).toEqual([expect.objectContaining({ code: 'FOO1', where: 'patient.biomarkers[1]' })]);
  });
});

describe('pregnancy and breastfeeding', () => {
  it('methotrexate in a pregnant patient is critical; with pregnancy status unknown at 30 the proposal gets a finding naming it', async () => {
    const pregnant = await assess(raCase({ age: 30, ...RA_WORKUP, pregnant: true }, [ADALIMUMAB, METHOTREXATE]));
    expect(critical(pregnant, 'CI-METHOTREXATE-PREGNANCY')).toBe(true);
    expect(offersDrug(pregnant, 'L04AX03')).toBe(false);
    const { pregnant: _omit, ...unknownStatus } = { ...RA_WORKUP, pregnant: undefined };
    const unknown = await assess(raCase({ age: 30, ...unknownStatus }, [ADALIMUMAB, METHOTREXATE]));
    expect(unknown.safety).toMatchObject({ status: 'unknown', unsafe: [] });
    expect(unknown.safety.unknown).toEqual(
      expect.arrayContaining([{ ruleId: 'CI-METHOTREXATE-PREGNANCY', missingInputs: ['patient.pregnant'] }]),
    );
    expect(unknown.findings.find((f) => f.ruleId === 'CI-METHOTREXATE-PREGNANCY')?.missing).toEqual([
      'patient.pregnant',
    ]);
    expect(offersDrug(unknown, 'L04AX03')).toBe(false);
  });
});

describe('implausible inputs: one check for every request, never a negative, zero or infinite dose', () => {
  const post = (body: object) => request(t.app).post('/v1/assessments').set(t.auth).send(body);
  const pointers = (res: request.Response) => (res.body.errors as { pointer: string }[]).map((e) => e.pointer);

  it.each([
    ['a birth date in 1800', { age: undefined, birthDate: '1800-01-01' }, '/patient/birthDate'],
    ['a height of 0', { height: { value: 0, unit: 'cm' } }, '/patient/height/value'],
    ['a creatinine of 0', { serumCreatinine: { value: 0, unit: 'mg/dL' } }, '/patient/serumCreatinine/value'],
    ['a weight of 90,000 kg', { weight: { value: 90000, unit: 'kg' } }, '/patient/weight/value'],
  ])('%s is a 422 naming the field', async (_what, patient, pointer) => {
    const res = await post(nsclcChemoTargeted(patient as Partial<AssessmentRequest['patient']>));
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    expect(pointers(res)).toContain(pointer);
  });

  it('one implausible case in a batch is reported in its slot; the others are assessed', async () => {
    const good = nsclcChemoTargeted();
    const bad = nsclcChemoTargeted({ serumCreatinine: { value: 0, unit: 'mg/dL' } });
    const res = await request(t.app)
      .post('/v1/assessments/batch')
      .set(t.auth)
      .send({ cases: [good, bad, good] });
    expect(res.status).toBe(200);
    const results = res.body.results as { status: number }[];
    expect(results.map((r) => r.status)).toEqual([200, 422, 200]);
  });
});

describe('findings from the independent safety review', () => {
  const mtxPatient = (extra: Partial<AssessmentRequest['patient']>) =>
    raCase({ ...RA_WORKUP, ...extra }, [ADALIMUMAB, METHOTREXATE]);

  it('pemetrexed given three times in a 21-day cycle (dose intensity 3×) is critical, and no option repeats the schedule', async () => {
    const body = nsclcChemoTargeted({
      biomarkers: [{ gene: 'EGFR', result: 'present', method: 'NGS', variant: 'p.L858R' }] as never,
    });
    (
      body.proposal as { components: { code: string; administrationsPerCycle?: number }[] }
    ).components[1]!.administrationsPerCycle = 3;
    const a = await assess(body);
    expect(a.findings.find((f) => f.ruleId === 'CI-DOSE-FAR-ABOVE-PROTOCOL')).toMatchObject({
      severity: 'critical',
      drugs: ['L01BA04'],
    });
    expect(offersDrug(a, 'L01BA04')).toBe(false);
  });

  it('a supportive drug at ten times its protocol dose (dexamethasone 40 mg twice a day) is critical', async () => {
    const body = nsclcChemoTargeted({
      biomarkers: [{ gene: 'EGFR', result: 'present', method: 'NGS', variant: 'p.L858R' }] as never,
    });
    (body.proposal as { supportive?: unknown[] }).supportive = [
      {
        code: 'H02AB02',
        system: 'atc',
        dose: { value: 40, unit: 'mg' },
        route: 'oral',
        administrationsPerCycle: 3,
        timesPerAdministration: 2,
      },
    ];
    const a = await assess(body);
    expect(a.findings.find((f) => f.ruleId === 'CI-DOSE-FAR-ABOVE-PROTOCOL')?.drugs).toContain('H02AB02');
    expect(offered(a)).toEqual([]);
  });

  it('an allergy the service cannot read lets no option through, and says so', async () => {
    const a = await assess(mtxPatient({ allergies: [{ code: 'ZZZ-UNKNOWN', system: 'atc' }] }));
    expect(a.alternatives).toEqual([]);
    expect(a.unassessed).toEqual(expect.arrayContaining([expect.objectContaining({ where: 'patient.allergies[0]' })]));
    expect(a.findings.find((f) => f.ruleId === 'ALLERGY-CONFLICT')?.severity).toBe('warning');
  });

  it('an allergy to carboplatin (by name, as text) forbids cisplatin too: platinum compounds cross-react (label 4.3)', async () => {
    const body = nsclcChemoTargeted({
      allergies: [{ code: 'carboplatin', system: 'text' }],
      biomarkers: [
        { gene: 'EGFR', result: 'absent', method: 'NGS' },
        { gene: 'ALK', result: 'negative', method: 'IHC' },
      ] as never,
    });
    body.proposal = { regimenId: 'nsclc-pem-cis' };
    const a = await assess(body);
    expect(critical(a, 'ALLERGY-CONFLICT')).toBe(true);
    expect(offersDrug(a, 'L01XA01')).toBe(false);
    expect(offersDrug(a, 'L01XA02')).toBe(false);
  });

  it('an allergy coded in RxNorm (carboplatin, RxCUI 40048) is read through the pack terminology', async () => {
    const a = await assess(
      nsclcChemoTargeted({
        allergies: [{ code: '40048', system: 'rxnorm' }],
        biomarkers: [{ gene: 'EGFR', result: 'present', method: 'NGS', variant: 'p.L858R' }] as never,
      }),
    );
    expect(a.findings.find((f) => f.ruleId === 'ALLERGY-CONFLICT')).toMatchObject({
      severity: 'critical',
      drugs: ['L01XA02'],
    });
    expect(a.unassessed.some((u) => u.where === 'patient.allergies[0]')).toBe(false);
  });

  it('an age that contradicts the birth date is a 422 naming the age (a 76-year-old sent as 50 escapes the JAK age limit)', async () => {
    const res = await request(t.app)
      .post('/v1/assessments')
      .set(t.auth)
      .send(mtxPatient({ age: 50, birthDate: '1950-01-01' }));
    expect(res.status).toBe(422);
    expect((res.body.errors as { pointer: string }[]).map((e) => e.pointer)).toContain('/patient/age');
  });

  it.each([
    ['a weight of 3 kg for an adult', { weight: { value: 3, unit: 'kg' } }, '/patient/weight/value'],
    [
      'an ALT upper limit of normal of 0.5 U/L',
      { alt: { value: 20, upperLimitOfNormal: 0.5 } },
      '/patient/alt/upperLimitOfNormal',
    ],
  ])('%s is a 422 naming the field', async (_what, patient, pointer) => {
    const res = await request(t.app)
      .post('/v1/assessments')
      .set(t.auth)
      .send(nsclcChemoTargeted(patient as Partial<AssessmentRequest['patient']>));
    expect(res.status).toBe(422);
    expect((res.body.errors as { pointer: string }[]).map((e) => e.pointer)).toContain(pointer);
  });

  it('EGFR present by NGS and absent by PCR on the same day is unknown: no cheaper gefitinib', async () => {
    const a = await assess(
      nsclcChemoTargeted({
        biomarkers: [
          { gene: 'EGFR', result: 'present', method: 'NGS', variant: 'p.L858R', date: '2026-11-10' },
          { gene: 'EGFR', result: 'absent', method: 'PCR', date: '2026-11-10' },
        ] as never,
      }),
    );
    expect(offersDrug(a, 'L01EB01')).toBe(false);
  });

  it('a DPYD variant makes fluorouracil critical and offers no fluoropyrimidine (EMA 2020)', async () => {
    const body: AssessmentRequest = {
      patient: {
        age: 60,
        sex: 'male',
        weight: { value: 70, unit: 'kg' },
        height: { value: 172, unit: 'cm' },
        serumCreatinine: { value: 0.9, unit: 'mg/dL' },
        diagnoses: [{ code: 'C18.7', principal: true }],
        stage: { value: 'IV' },
        biomarkers: [{ gene: 'DPYD', result: 'present', method: 'PCR', variant: 'c.1905+1G>A' }],
      },
      proposal: { regimenId: 'crc-mfolfox6' },
      context: { asOf: AS_OF, setting: 'inpatient', hospitalTier: 'tertiary' },
    };
    const a = await assess(body);
    expect(critical(a, 'CI-FLUOROPYRIMIDINE-DPYD')).toBe(true);
    expect(offersDrug(a, 'L01BC02') || offersDrug(a, 'L01BC06')).toBe(false);
  });

  it('baricitinib 4 mg at eGFR 40 is never offered, even as an eligible therapy change (SmPC 4.2: 2 mg)', async () => {
    const a = await assess(
      mtxPatient({
        treatmentWeek: 30,
        egfr: { value: 40 },
        priorTherapyFailures: [{ code: 'tnf-inhibitor', system: 'drug-class' }],
      }),
    );
    expect(a.therapyChanges.some((o) => o.components.some((c) => c.drug === 'L04AF02'))).toBe(false);
    expect(
      a.excludedCandidates?.find((e) => e.id === 'switch:SW-RA-ADA-TO-BARI')?.reasons.map((r) => r.ruleId),
    ).toContain('CI-BARICITINIB-RENAL-DOSE');
  });
});

describe('step-downs need positive evidence of eligibility', () => {
  it('stopping adalimumab in remission needs a dated, recent DAS28: an undated score names what would decide it', async () => {
    const undated = await assess(
      raCase({ ...RA_WORKUP, treatmentWeek: 60, scores: { das28: { current: 2.0 } } }, [ADALIMUMAB, METHOTREXATE]),
    );
    expect(undated.alternatives.some((o) => o.id === 'switch:SW-RA-ADA-STEPDOWN')).toBe(false);
    expect(
      undated.excludedCandidates
        ?.find((e) => e.id === 'switch:SW-RA-ADA-STEPDOWN')
        ?.reasons.flatMap((r) => r.missingInputs ?? []),
    ).toContain('patient.das28Recent');
    const dated = await assess(
      raCase({ ...RA_WORKUP, treatmentWeek: 60, scores: { das28: { current: 2.0, date: '2026-11-20' } } }, [
        ADALIMUMAB,
        METHOTREXATE,
      ]),
    );
    expect(
      dated.excludedCandidates
        ?.find((e) => e.id === 'switch:SW-RA-ADA-STEPDOWN')
        ?.reasons.flatMap((r) => r.missingInputs ?? []) ?? [],
    ).not.toContain('patient.das28Recent');
  });
});
