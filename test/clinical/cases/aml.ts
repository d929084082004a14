/** Acute myeloid leukaemia: fitness for intensive therapy, venetoclax indication, transplant, dose and class allergy. */
import type { ClinicalCase } from '../clinical-case';
import { atc, aml, classAllergy, creatinine } from '../patients';
import { SOURCES } from '../sources';

const SEVEN_PLUS_THREE = { regimenId: 'aml-7plus3' };
const VEN_AZA = { regimenId: 'aml-ven-aza' };

export const amlCases: ClinicalCase[] = [
  {
    id: 'AML-01',
    condition: 'aml',
    source: SOURCES.venclextaLabel,
    title:
      '78-year-old unfit for intensive chemotherapy ordered 7+3: critical, no daunorubicin option; venetoclax + azacitidine is the preferred option',
    request: aml(SEVEN_PLUS_THREE, { age: 78, fitForIntensiveChemotherapy: false }),
    expect: {
      findings: [{ severity: 'critical', atc: 'L01DB02' }],
      notOffered: ['L01DB02'],
      preferredInclude: ['L01XX52'],
    },
  },
  {
    id: 'AML-02',
    condition: 'aml',
    source: SOURCES.venclextaLabel,
    title:
      'fit 55-year-old, intermediate risk, on 7+3: venetoclax + azacitidine (licensed for the unfit or ≥ 75) is not offered as cheaper or preferred',
    request: aml(SEVEN_PLUS_THREE, { age: 55, fitForIntensiveChemotherapy: true, riskCategory: 'intermediate' }),
    expect: { notOffered: ['L01XX52'] },
  },
  {
    id: 'AML-03',
    condition: 'aml',
    source: SOURCES.venclextaLabel,
    title:
      'positive control: 77-year-old unfit patient on venetoclax + azacitidine gets the cheaper azacitidine and no critical finding',
    request: aml(VEN_AZA, { age: 77, fitForIntensiveChemotherapy: false, riskCategory: 'adverse' }),
    expect: { alternativesInclude: ['L01BC07'], noCriticalFinding: true },
  },
  {
    id: 'AML-04',
    condition: 'aml',
    source: SOURCES.elnAml2022,
    title: 'allogeneic transplant in first remission for favourable-risk AML is flagged',
    request: aml(
      { regimenId: 'aml-allohsct-flubu' },
      { age: 45, riskCategory: 'favourable', inFirstRemission: true, fitForIntensiveChemotherapy: true },
    ),
    expect: { findings: [{ severity: 'warning' }] },
  },
  {
    id: 'AML-05',
    condition: 'aml',
    source: SOURCES.busulfanLabel,
    title: 'busulfan ordered at 6.4 mg/kg per day (twice 3.2 mg/kg) in the conditioning: critical',
    request: aml(
      {
        components: [
          atc('L01BB05', { dose: { value: 40, unit: 'mg/m2' }, route: 'iv' }),
          atc('L01AB01', { dose: { value: 6.4, unit: 'mg/kg' }, route: 'iv' }),
        ],
        cycles: 1,
      },
      { age: 45, riskCategory: 'adverse', inFirstRemission: true, fitForIntensiveChemotherapy: true },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01AB01' }], noOptionRepeatsDose: 'L01AB01' },
  },
  {
    id: 'AML-06',
    condition: 'aml',
    source: SOURCES.anthracyclineClass,
    title: 'anthracycline allergy recorded by class on 7+3: critical, no daunorubicin option',
    request: aml(SEVEN_PLUS_THREE, {
      age: 50,
      fitForIntensiveChemotherapy: true,
      riskCategory: 'intermediate',
      allergies: [classAllergy('anthracycline')],
    }),
    expect: { findings: [{ severity: 'critical', atc: 'L01DB02' }], notOffered: ['L01DB02', 'L01DB01'] },
  },
  {
    id: 'AML-07',
    condition: 'aml',
    source: SOURCES.doseTwiceProtocol,
    title: 'venetoclax ordered at 800 mg daily (twice the 400 mg AML dose) with azacitidine: critical',
    request: aml(
      {
        components: [
          atc('L01XX52', { dose: { value: 800, unit: 'mg' }, route: 'oral', administrationsPerCycle: 28 }),
          atc('L01BC07', { dose: { value: 75, unit: 'mg/m2' }, route: 'sc', administrationsPerCycle: 7 }),
        ],
        cycles: 6,
        cycleLengthDays: 28,
      },
      { age: 79, fitForIntensiveChemotherapy: false },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01XX52' }], noOptionRepeatsDose: 'L01XX52' },
  },
  {
    id: 'AML-08',
    condition: 'aml',
    source: SOURCES.plausibility,
    title: 'a creatinine of 25 mg/dL is a 422 naming the creatinine',
    request: aml(VEN_AZA, { age: 77, fitForIntensiveChemotherapy: false, serumCreatinine: creatinine(25) }),
    expect: { status: 422, problemFields: ['/patient/serumCreatinine'] },
  },
];
