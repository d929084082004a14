/** Advanced non-small-cell lung cancer: EGFR/ALK semantics, renal limits of platinum and pemetrexed, dose caps. */
import type { ClinicalCase } from '../clinical-case';
import { atc, atcAllergy, alt, classAllergy, cm, creatinine, kg, lung, marker } from '../patients';
import { SOURCES } from '../sources';

const EGFR_TKIS = ['L01EB01', 'L01EB02', 'L01EB04'];
const EXON19 = marker('EGFR', 'present', 'NGS', 'p.E746_A750del');
const ALK_ABSENT = marker('ALK', 'absent', 'IHC');

export const lungCancerCases: ClinicalCase[] = [
  {
    id: 'LUNG-01',
    condition: 'nsclc',
    source: SOURCES.capIaslcAmp2018,
    title:
      'EGFR "equivocal" is no EGFR result: gefitinib + chemotherapy is flagged critical and no EGFR TKI is offered',
    request: lung(
      { regimenId: 'nsclc-gef-pem-carbo' },
      { biomarkers: [marker('EGFR', 'equivocal', 'PCR'), ALK_ABSENT] },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01EB01' }], notOffered: EGFR_TKIS },
  },
  {
    id: 'LUNG-02',
    condition: 'nsclc',
    source: SOURCES.capIaslcAmp2018,
    title: 'EGFR "indeterminate" (failed run) counts as untested: no EGFR TKI option, a finding names the EGFR test',
    request: lung(
      { regimenId: 'nsclc-gefitinib' },
      { biomarkers: [marker('EGFR', 'indeterminate', 'NGS'), ALK_ABSENT] },
      { setting: 'outpatient' },
    ),
    expect: {
      findings: [{ severity: 'critical', atc: 'L01EB01' }],
      notOffered: EGFR_TKIS,
      missingInputFinding: 'EGFR',
    },
  },
  {
    id: 'LUNG-03',
    condition: 'nsclc',
    source: SOURCES.gefitinibLabel,
    title: 'EGFR absent: gefitinib is critical and neither it nor another EGFR TKI is offered as a cheaper version',
    request: lung(
      { regimenId: 'nsclc-gefitinib' },
      { biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT] },
      { setting: 'outpatient' },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01EB01' }], notOffered: EGFR_TKIS },
  },
  {
    id: 'LUNG-04',
    condition: 'nsclc',
    source: SOURCES.gefitinibLabel,
    title:
      'positive control: EGFR exon 19 deletion on gefitinib gets the cheaper generic gefitinib and no critical finding',
    request: lung({ regimenId: 'nsclc-gefitinib' }, { biomarkers: [EXON19, ALK_ABSENT] }, { setting: 'outpatient' }),
    expect: { alternativesInclude: ['L01EB01'], noCriticalFinding: true },
  },
  {
    id: 'LUNG-05',
    condition: 'nsclc',
    source: SOURCES.gefitinibLabel,
    title: 'EGFR T790M alone is resistance to first-generation TKIs: gefitinib critical, no gefitinib/erlotinib option',
    request: lung(
      { regimenId: 'nsclc-gefitinib' },
      { biomarkers: [marker('EGFR', 'present', 'NGS', 'p.T790M'), ALK_ABSENT], lineOfTherapy: 2 },
      { setting: 'outpatient' },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01EB01' }], notOffered: ['L01EB01', 'L01EB02'] },
  },
  {
    id: 'LUNG-06',
    condition: 'nsclc',
    source: SOURCES.pemetrexedLabel,
    title:
      'pemetrexed at creatinine clearance 27.6 mL/min (75 y, 55 kg, creatinine 1.8): critical, no pemetrexed option',
    request: lung(
      { regimenId: 'nsclc-pem-carbo' },
      {
        age: 75,
        weight: kg(55),
        serumCreatinine: creatinine(1.8),
        biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT],
      },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01BA04' }], notOffered: ['L01BA04', 'L01XA01'] },
  },
  {
    id: 'LUNG-07',
    condition: 'nsclc',
    source: SOURCES.cisplatinLabel,
    title:
      'no creatinine on record: pemetrexed + cisplatin cannot be judged, so no option keeps either drug and a finding names the renal input',
    request: lung(
      { regimenId: 'nsclc-pem-cis' },
      { serumCreatinine: undefined, biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT] },
    ),
    explain: true,
    expect: { notOffered: ['L01BA04', 'L01XA01', 'L01XA02'], missingInputFinding: 'creatinine|clearance|egfr|renal' },
  },
  {
    id: 'LUNG-08',
    condition: 'nsclc',
    source: SOURCES.cisplatinLabel,
    title: 'cisplatin at creatinine clearance 48.6 mL/min (70 y, 70 kg, creatinine 1.4): critical, no cisplatin option',
    request: lung(
      { regimenId: 'nsclc-pem-cis' },
      {
        age: 70,
        weight: kg(70),
        serumCreatinine: creatinine(1.4),
        biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT],
      },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01XA01' }], notOffered: ['L01XA01'] },
  },
  {
    id: 'LUNG-09',
    condition: 'nsclc',
    source: SOURCES.carboplatinCalvert,
    title:
      'carboplatin AUC 6 with a Cockcroft-Gault clearance of 208 mL/min is capped at AUC × 150 = 900 mg, not 750 mg',
    request: lung(
      { regimenId: 'nsclc-pac-carbo' },
      {
        age: 40,
        weight: kg(90),
        height: cm(185),
        serumCreatinine: creatinine(0.6),
        biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT],
      },
    ),
    expect: { proposalDoseMg: { atc: 'L01XA02', mg: 900 } },
  },
  {
    id: 'LUNG-10',
    condition: 'nsclc',
    source: SOURCES.doseTwiceProtocol,
    title:
      'pemetrexed ordered at 1,000 mg/m² (twice the 500 mg/m² protocol) is critical and no option repeats the double dose',
    request: lung(
      {
        components: [
          atc('L01BA04', { dose: { value: 1000, unit: 'mg/m2' }, route: 'iv' }),
          atc('L01XA02', { dose: { value: 5, unit: 'AUC' }, route: 'iv' }),
        ],
        cycles: 4,
      },
      { biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT] },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01BA04' }], noOptionRepeatsDose: 'L01BA04' },
  },
  {
    id: 'LUNG-11',
    condition: 'nsclc',
    source: SOURCES.carboplatinHypersensitivity,
    title: 'carboplatin allergy recorded by molecule: carboplatin critical, no carboplatin option',
    request: lung(
      { regimenId: 'nsclc-pem-carbo' },
      { allergies: [atcAllergy('L01XA02')], biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT] },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01XA02' }], notOffered: ['L01XA02'] },
  },
  {
    id: 'LUNG-12',
    condition: 'nsclc',
    source: SOURCES.oxaliplatinHypersensitivity,
    title: 'platinum allergy recorded by class: no option swaps carboplatin for cisplatin or keeps any platinum',
    request: lung(
      { regimenId: 'nsclc-pem-carbo' },
      { allergies: [classAllergy('platinum')], biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT] },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01XA02' }], notOffered: ['L01XA01', 'L01XA02', 'L01XA03'] },
  },
  {
    id: 'LUNG-13',
    condition: 'nsclc',
    source: SOURCES.pembrolizumabLabel,
    title: 'ALK rearranged: pembrolizumab + chemotherapy is never the guideline-preferred upgrade',
    request: lung(
      { regimenId: 'nsclc-pem-carbo' },
      { biomarkers: [marker('EGFR', 'absent', 'NGS'), marker('ALK', 'positive', 'IHC')] },
    ),
    expect: { notOffered: ['L01FF02'] },
  },
  {
    id: 'LUNG-14',
    condition: 'nsclc',
    source: SOURCES.pembrolizumabLabel,
    title: 'ALK not tested: the pembrolizumab upgrade needs a known ALK result, so it is not offered',
    request: lung({ regimenId: 'nsclc-pem-carbo' }, { biomarkers: [marker('EGFR', 'absent', 'NGS')] }),
    expect: { notOffered: ['L01FF02'] },
  },
  {
    id: 'LUNG-20',
    condition: 'nsclc',
    source: SOURCES.pembrolizumabLabel,
    title: 'ALK "indeterminate" is not ALK negative: the pembrolizumab upgrade is not offered',
    request: lung(
      { regimenId: 'nsclc-pem-carbo' },
      { biomarkers: [marker('EGFR', 'absent', 'NGS'), marker('ALK', 'indeterminate', 'IHC')] },
    ),
    expect: { notOffered: ['L01FF02'] },
  },
  {
    id: 'LUNG-15',
    condition: 'nsclc',
    source: SOURCES.pembrolizumabLabel,
    title:
      'positive control: EGFR and ALK negative, normal kidneys: cheaper pemetrexed is offered and pembrolizumab is the preferred upgrade',
    request: lung({ regimenId: 'nsclc-pem-carbo' }, { biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT] }),
    expect: { alternativesInclude: ['L01BA04'], preferredInclude: ['L01FF02'], noCriticalFinding: true },
  },
  {
    id: 'LUNG-16',
    condition: 'nsclc',
    source: SOURCES.docetaxelLabel,
    title:
      'second-line docetaxel with ALT 5 × ULN (alkaline phosphatase unknown): flagged, and no docetaxel option is offered as safe',
    request: lung(
      { regimenId: 'nsclc-docetaxel' },
      { alt: alt(200, 40), lineOfTherapy: 2, biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT] },
    ),
    expect: { findings: [{ severity: 'warning', atc: 'L01CD02' }], notOffered: ['L01CD02'] },
  },
  {
    id: 'LUNG-17',
    condition: 'nsclc',
    source: SOURCES.plausibility,
    title: 'a birth date in 1800 (age 226 at asOf) is a 422 naming the birth date, never a negative carboplatin dose',
    request: lung(
      { regimenId: 'nsclc-pem-carbo' },
      { age: undefined, birthDate: '1800-01-01', biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT] },
    ),
    expect: { status: 422, problemFields: ['/patient/birthDate'] },
  },
  {
    id: 'LUNG-18',
    condition: 'nsclc',
    source: SOURCES.plausibility,
    title: 'a height of 0 cm is a 422 naming the height, never a ¥0 body-surface-area dose',
    request: lung(
      { regimenId: 'nsclc-pem-carbo' },
      { height: cm(0), biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT] },
    ),
    expect: { status: 422, problemFields: ['/patient/height'] },
  },
  {
    id: 'LUNG-19',
    condition: 'nsclc',
    source: SOURCES.gefitinibLabel,
    title: 'gene sent as HGNC id (HGNC:3236 = EGFR) with exon 19 deletion is read as EGFR, not dropped',
    request: lung(
      { regimenId: 'nsclc-gefitinib' },
      { biomarkers: [marker('HGNC:3236', 'present', 'NGS', 'p.E746_A750del'), ALK_ABSENT] },
      { setting: 'outpatient' },
    ),
    expect: { notUnassessed: ['HGNC:3236'], alternativesInclude: ['L01EB01'], noCriticalFinding: true },
  },
  {
    id: 'LUNG-21',
    condition: 'nsclc',
    source: SOURCES.pembrolizumabLabel,
    title:
      'pembrolizumab + chemotherapy ordered despite an EGFR exon 19 deletion (label: no EGFR or ALK aberrations): flagged on pembrolizumab',
    request: lung({ regimenId: 'nsclc-pem-carbo-pembro' }, { biomarkers: [EXON19, ALK_ABSENT] }),
    expect: { findings: [{ severity: 'warning', atc: 'L01FF02' }] },
  },
  {
    id: 'LUNG-22',
    condition: 'nsclc',
    source: SOURCES.carboplatinCalvert,
    title:
      'carboplatin AUC 5 with no creatinine on record cannot be dosed (Calvert needs the clearance): a 422 naming the creatinine, never a guessed dose',
    request: lung(
      { regimenId: 'nsclc-pem-carbo' },
      { serumCreatinine: undefined, biomarkers: [marker('EGFR', 'absent', 'NGS'), ALK_ABSENT] },
    ),
    expect: { status: 422, problemFields: ['/patient/serumCreatinine'] },
  },
];
