/** Hypertension: ACE inhibitor in pregnancy (known and unknown), thiazide and renal function, step-down, allergy. */
import type { ClinicalCase } from '../clinical-case';
import { atcAllergy, creatinine, egfr, hypertension, kg } from '../patients';
import { SOURCES } from '../sources';

const ENALAPRIL = { regimenId: 'htn-enalapril' };
const ENALAPRIL_HCTZ = { regimenId: 'htn-enalapril-hctz' };

export const hypertensionCases: ClinicalCase[] = [
  {
    id: 'HTN-01',
    condition: 'hypertension',
    source: SOURCES.enalaprilLabel,
    title: 'pregnant 32-year-old on enalapril: critical, no enalapril (originator or generic) option',
    request: hypertension(ENALAPRIL, { age: 32, sex: 'female', weight: kg(64), pregnant: true, breastfeeding: false }),
    expect: { findings: [{ severity: 'critical', atc: 'C09AA02' }], notOffered: ['C09AA02'] },
  },
  {
    id: 'HTN-02',
    condition: 'hypertension',
    source: SOURCES.enalaprilLabel,
    title:
      '30-year-old woman on enalapril with no pregnancy status: generic enalapril is not offered as safe; a finding names the pregnancy status',
    request: hypertension(ENALAPRIL, { age: 30, sex: 'female', weight: kg(62), breastfeeding: false }),
    explain: true,
    expect: { notOffered: ['C09AA02'], missingInputFinding: 'pregnan', excludedForMissingInput: 'pregnan' },
  },
  {
    id: 'HTN-03',
    condition: 'hypertension',
    source: SOURCES.enalaprilLabel,
    title: 'positive control: 60-year-old woman (past 55, taken as not pregnant) on enalapril gets the cheaper generic',
    request: hypertension(ENALAPRIL, { age: 60, sex: 'female', weight: kg(66) }),
    expect: { alternativesInclude: ['C09AA02'], noCriticalFinding: true },
  },
  {
    id: 'HTN-04',
    condition: 'hypertension',
    source: SOURCES.hctzLabel,
    title:
      'enalapril + hydrochlorothiazide for a 70-year-old woman with creatinine 2.0 (eGFR 26.4): thiazide flagged, no option keeps it',
    request: hypertension(ENALAPRIL_HCTZ, {
      age: 70,
      sex: 'female',
      weight: kg(62),
      egfr: undefined,
      serumCreatinine: creatinine(2.0),
    }),
    expect: { findings: [{ severity: 'warning', atc: 'C03AA03' }], notOffered: ['C03AA03'] },
  },
  {
    id: 'HTN-05',
    condition: 'hypertension',
    source: SOURCES.digestG20,
    title: 'blood pressure at target for only 2 years on enalapril + hydrochlorothiazide: no step-down to monotherapy',
    request: hypertension(ENALAPRIL_HCTZ, { bloodPressureAtTargetYears: 2 }),
    expect: { noStepDown: true },
  },
  {
    id: 'HTN-06',
    condition: 'hypertension',
    source: SOURCES.enalaprilRenal,
    title: 'enalapril 10 mg at creatinine clearance 23.9 mL/min (74 y, 60 kg, creatinine 2.3): dose flagged',
    request: hypertension(ENALAPRIL, { age: 74, weight: kg(60), egfr: undefined, serumCreatinine: creatinine(2.3) }),
    expect: { findings: [{ severity: 'warning', atc: 'C09AA02' }] },
  },
  {
    id: 'HTN-07',
    condition: 'hypertension',
    source: SOURCES.enalaprilLabel,
    title: 'ACE-inhibitor allergy (angioedema) recorded on enalapril: critical, no enalapril option',
    request: hypertension(ENALAPRIL_HCTZ, { allergies: [atcAllergy('C09AA02')], egfr: egfr(80) }),
    expect: { findings: [{ severity: 'critical', atc: 'C09AA02' }], notOffered: ['C09AA02'] },
  },
  {
    id: 'HTN-08',
    condition: 'hypertension',
    source: SOURCES.enalaprilLabel,
    title: 'positive control: amlodipine monotherapy gets the cheaper volume-procured amlodipine',
    request: hypertension({ regimenId: 'htn-amlodipine' }),
    expect: { alternativesInclude: ['C08CA01'], noCriticalFinding: true },
  },
  {
    id: 'HTN-09',
    condition: 'hypertension',
    source: SOURCES.plausibility,
    title: 'a creatinine of 0 mg/dL is a 422 naming the creatinine, never a division by zero',
    request: hypertension(ENALAPRIL, { egfr: undefined, serumCreatinine: creatinine(0) }),
    expect: { status: 422, problemFields: ['/patient/serumCreatinine'] },
  },
];
