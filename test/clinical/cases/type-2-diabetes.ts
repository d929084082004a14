/** Type 2 diabetes: metformin and derived eGFR, SGLT2 initiation, saxagliptin and heart failure, pregnancy, insulin. */
import type { ClinicalCase } from '../clinical-case';
import { atc, creatinine, diabetes, egfr, icd, kg } from '../patients';
import { SOURCES } from '../sources';

const METFORMIN = { regimenId: 't2dm-metformin' };
const SITA_DAPA = { regimenId: 't2dm-sitagliptin-dapagliflozin' };
const GLARGINE_LIRA = { regimenId: 't2dm-glargine-liraglutide' };

export const type2DiabetesCases: ClinicalCase[] = [
  {
    id: 'T2DM-01',
    condition: 'type-2-diabetes',
    source: SOURCES.metforminFda2016,
    title:
      'metformin for a 72-year-old woman with creatinine 3.2 mg/dL and no eGFR sent (CKD-EPI 2021 eGFR 14.8): critical, no metformin option',
    request: diabetes(METFORMIN, {
      age: 72,
      sex: 'female',
      weight: kg(65),
      egfr: undefined,
      serumCreatinine: creatinine(3.2),
    }),
    expect: { findings: [{ severity: 'critical', atc: 'A10BA02' }], notOffered: ['A10BA02'] },
  },
  {
    id: 'T2DM-14',
    condition: 'type-2-diabetes',
    source: SOURCES.ckdEpi2021,
    title:
      'only a birth date (1954-05-01, age 72 at asOf) and creatinine 3.2 for a woman: age and eGFR are derived, metformin critical and not offered',
    request: diabetes(METFORMIN, {
      age: undefined,
      birthDate: '1954-05-01',
      sex: 'female',
      weight: kg(65),
      egfr: undefined,
      serumCreatinine: creatinine(3.2),
    }),
    expect: { findings: [{ severity: 'critical', atc: 'A10BA02' }], notOffered: ['A10BA02'] },
  },
  {
    id: 'T2DM-02',
    condition: 'type-2-diabetes',
    source: SOURCES.metforminFda2016,
    title: 'metformin at a sent eGFR of 25: critical, no metformin (originator or generic) option',
    request: diabetes(METFORMIN, { egfr: egfr(25), serumCreatinine: creatinine(2.6) }),
    expect: { findings: [{ severity: 'critical', atc: 'A10BA02' }], notOffered: ['A10BA02'] },
  },
  {
    id: 'T2DM-03',
    condition: 'type-2-diabetes',
    source: SOURCES.ckdEpi2021,
    title:
      'a sent eGFR wins over the derived one: eGFR 55 sent, creatinine 2.2 (derived 25): metformin is not contraindicated and the generic is offered',
    request: diabetes(METFORMIN, {
      age: 60,
      sex: 'female',
      weight: kg(70),
      egfr: egfr(55),
      serumCreatinine: creatinine(2.2),
    }),
    expect: { noCriticalFinding: true, alternativesInclude: ['A10BA02'] },
  },
  {
    id: 'T2DM-04',
    condition: 'type-2-diabetes',
    source: SOURCES.metforminFda2016,
    title: 'metformin in a dialysis patient (eGFR 7.5, N18.6): critical, no metformin option',
    request: diabetes(METFORMIN, {
      age: 64,
      egfr: egfr(7.5),
      serumCreatinine: creatinine(7.5),
      comorbidities: [icd('N18.6')],
    }),
    expect: { findings: [{ severity: 'critical', atc: 'A10BA02' }], notOffered: ['A10BA02'] },
  },
  {
    id: 'T2DM-05',
    condition: 'type-2-diabetes',
    source: SOURCES.doseTwiceProtocol,
    title:
      'metformin ordered at 2,000 mg twice daily (twice the 1,000 mg protocol dose): critical, no option repeats it',
    request: diabetes({
      components: [
        atc('A10BA02', {
          dose: { value: 2000, unit: 'mg' },
          route: 'oral',
          administrationsPerCycle: 28,
          timesPerAdministration: 2,
        }),
      ],
      cycles: 13,
      cycleLengthDays: 28,
    }),
    expect: { findings: [{ severity: 'critical', atc: 'A10BA02' }], noOptionRepeatsDose: 'A10BA02' },
  },
  {
    id: 'T2DM-06',
    condition: 'type-2-diabetes',
    source: SOURCES.forxigaSmpc,
    title:
      'dapagliflozin started (new) at eGFR 19.8 (66 y, creatinine 3.3): flagged, and no option starts dapagliflozin',
    request: diabetes(SITA_DAPA, { age: 66, egfr: undefined, serumCreatinine: creatinine(3.3), treatmentPhase: 'new' }),
    expect: { findings: [{ severity: 'warning', atc: 'A10BK01' }], notOffered: ['A10BK01'] },
  },
  {
    id: 'T2DM-07',
    condition: 'type-2-diabetes',
    source: SOURCES.onglyzaHf,
    title: 'saxagliptin + metformin with heart failure (I50.9): flagged',
    request: diabetes({ regimenId: 't2dm-saxagliptin-metformin' }, { comorbidities: [icd('I50.9')] }),
    expect: { findings: [{ severity: 'warning', atc: 'A10BH03' }] },
  },
  {
    id: 'T2DM-08',
    condition: 'type-2-diabetes',
    source: SOURCES.adaSoc2024,
    title: 'sitagliptin ordered with liraglutide (DPP-4 inhibitor + GLP-1 receptor agonist): flagged',
    request: diabetes({
      components: [
        atc('A10BH01', { dose: { value: 100, unit: 'mg' }, route: 'oral', administrationsPerCycle: 28 }),
        atc('A10BJ02', { dose: { value: 1.2, unit: 'mg' }, route: 'sc', administrationsPerCycle: 28 }),
      ],
      cycles: 13,
      cycleLengthDays: 28,
    }),
    expect: { findings: [{ severity: 'warning', atc: 'A10BH01' }] },
  },
  {
    id: 'T2DM-09',
    condition: 'type-2-diabetes',
    source: SOURCES.metforminFda2016,
    title: 'stable on glargine + liraglutide at eGFR 25: the oral switch to sitagliptin + metformin is not offered',
    request: diabetes(GLARGINE_LIRA, { glycaemiaStable: true, egfr: egfr(25), serumCreatinine: creatinine(2.6) }),
    expect: { notOffered: ['A10BA02'] },
  },
  {
    id: 'T2DM-10',
    condition: 'type-2-diabetes',
    source: SOURCES.adaSoc2024,
    title:
      'positive control: glargine + liraglutide at eGFR 75: a biosimilar insulin glargine or liraglutide is offered',
    request: diabetes(GLARGINE_LIRA, { egfr: egfr(75) }),
    expect: { alternativesInclude: ['A10AE04'], noCriticalFinding: true },
  },
  {
    id: 'T2DM-11',
    condition: 'type-2-diabetes',
    source: SOURCES.forxigaSmpc,
    title: 'pregnant 31-year-old on sitagliptin + dapagliflozin: flagged, no dapagliflozin option',
    request: diabetes(SITA_DAPA, { age: 31, sex: 'female', weight: kg(72), pregnant: true, breastfeeding: false }),
    expect: { findings: [{ severity: 'warning', atc: 'A10BK01' }], notOffered: ['A10BK01'] },
  },
  {
    id: 'T2DM-12',
    condition: 'type-2-diabetes',
    source: SOURCES.forxigaSmpc,
    title: 'breastfeeding 33-year-old on sitagliptin + dapagliflozin: flagged, no dapagliflozin option',
    request: diabetes(SITA_DAPA, { age: 33, sex: 'female', weight: kg(70), pregnant: false, breastfeeding: true }),
    expect: { findings: [{ severity: 'warning', atc: 'A10BK01' }], notOffered: ['A10BK01'] },
  },
  {
    id: 'T2DM-13',
    condition: 'type-2-diabetes',
    source: SOURCES.plausibility,
    title: 'a weight of 0 kg is a 422 naming the weight',
    request: diabetes(METFORMIN, { weight: kg(0) }),
    expect: { status: 422, problemFields: ['/patient/weight'] },
  },
  {
    id: 'T2DM-15',
    condition: 'type-2-diabetes',
    source: SOURCES.plausibility,
    title: 'a weight of 1e308 kg is refused naming the weight (schema 400 or plausibility 422), never an infinite cost',
    request: diabetes(METFORMIN, { weight: kg(1e308) }),
    expect: { status: [400, 422], problemFields: ['/patient/weight'] },
  },
  {
    id: 'T2DM-16',
    condition: 'type-2-diabetes',
    source: SOURCES.adaSoc2024,
    title:
      'stable on insulin glargine + liraglutide: oral sitagliptin + metformin is a change of mechanism, never listed as a cheaper equivalent',
    request: diabetes(GLARGINE_LIRA, { glycaemiaStable: true, egfr: egfr(75) }),
    expect: { notInAlternatives: ['A10BA02', 'A10BH01'] },
  },
];
