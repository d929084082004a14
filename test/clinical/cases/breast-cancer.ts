/** Breast cancer: ER/PR and menopausal status, HER2 by IHC and ISH, gene aliases, pregnancy and breastfeeding. */
import type { ClinicalCase } from '../clinical-case';
import { atc, breast, kg, marker } from '../patients';
import { SOURCES } from '../sources';

const ANTI_HER2 = ['L01FD01', 'L01FD02'];
const HER2_3PLUS = marker('ERBB2', 'IHC 3+', 'IHC');
const ER_POS = marker('ESR1', 'positive', 'IHC');
const PR_POS = marker('PGR', 'positive', 'IHC');
const ER_NEG = marker('ER', 'negative', 'IHC');
const PR_NEG = marker('PR', 'negative', 'IHC');
const EARLY = { stage: { value: 'IIA', date: '2026-11-02' } };
const TRAS_DOC = { regimenId: 'breast-trastuzumab-docetaxel' };
const TC = { regimenId: 'breast-tc-adjuvant' };
const LETROZOLE = { regimenId: 'breast-letrozole-adjuvant' };

export const breastCancerCases: ClinicalCase[] = [
  {
    id: 'BREAST-01',
    condition: 'breast-cancer',
    source: SOURCES.ascoCapErPgr2020,
    title: 'triple-negative, premenopausal early breast cancer on TC is never stepped down to letrozole',
    request: breast(TC, {
      age: 41,
      menopausalStatus: 'premenopausal',
      pregnant: false,
      breastfeeding: false,
      ...EARLY,
      biomarkers: [ER_NEG, PR_NEG, marker('ERBB2', 'IHC 0', 'IHC')],
    }),
    expect: { noStepDown: true, notOffered: ['L02BG04'] },
  },
  {
    id: 'BREAST-02',
    condition: 'breast-cancer',
    source: SOURCES.ascoCapErPgr2020,
    title:
      'early breast cancer with no ER/PR result: a step-down to endocrine therapy needs recorded hormone-receptor positivity, so none is offered',
    request: breast(TC, {
      ...EARLY,
      menopausalStatus: 'postmenopausal',
      biomarkers: [marker('ERBB2', 'IHC 0', 'IHC')],
    }),
    expect: { noStepDown: true, notOffered: ['L02BG04'] },
  },
  {
    id: 'BREAST-03',
    condition: 'breast-cancer',
    source: SOURCES.femaraSmpc,
    title: 'ER-positive but premenopausal: letrozole (contraindicated before menopause) is never offered',
    request: breast(TC, {
      age: 40,
      menopausalStatus: 'premenopausal',
      pregnant: false,
      breastfeeding: false,
      ...EARLY,
      biomarkers: [ER_POS, PR_POS, marker('ERBB2', 'IHC 0', 'IHC')],
    }),
    expect: { notOffered: ['L02BG04'] },
  },
  {
    id: 'BREAST-04',
    condition: 'breast-cancer',
    source: SOURCES.femaraSmpc,
    title:
      'ER-positive, 50 years old, menopausal status not recorded: letrozole is not offered (unclear status must be measured first)',
    request: breast(TC, {
      age: 50,
      menopausalStatus: undefined,
      pregnant: false,
      breastfeeding: false,
      ...EARLY,
      biomarkers: [ER_POS, PR_POS, marker('ERBB2', 'IHC 0', 'IHC')],
    }),
    expect: { notOffered: ['L02BG04'] },
  },
  {
    id: 'BREAST-05',
    condition: 'breast-cancer',
    source: SOURCES.femaraSmpc,
    title: 'adjuvant letrozole ordered for a premenopausal woman is a critical contraindication',
    request: breast(
      LETROZOLE,
      {
        age: 42,
        menopausalStatus: 'premenopausal',
        pregnant: false,
        breastfeeding: false,
        ...EARLY,
        biomarkers: [ER_POS, PR_POS],
      },
      { setting: 'outpatient' },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L02BG04' }], notOffered: ['L02BG04'] },
  },
  {
    id: 'BREAST-06',
    condition: 'breast-cancer',
    source: SOURCES.hgncHer2,
    title:
      'positive control: ER and PR sent as "ER" and "PR" aliases, postmenopausal, on letrozole: read (not dropped) and the cheaper letrozole is offered',
    request: breast(
      LETROZOLE,
      {
        menopausalStatus: 'postmenopausal',
        ...EARLY,
        biomarkers: [marker('ER', 'positive', 'IHC'), marker('PR', 'positive', 'IHC')],
      },
      { setting: 'outpatient' },
    ),
    expect: { notUnassessed: ['ER', 'PR'], alternativesInclude: ['L02BG04'], noCriticalFinding: true },
  },
  {
    id: 'BREAST-07',
    condition: 'breast-cancer',
    source: SOURCES.ascoCapHer2,
    title:
      'HER2 ISH amplified without any IHC result is HER2-positive: no HER2-testing finding, biosimilar trastuzumab offered',
    request: breast(TRAS_DOC, { biomarkers: [marker('ERBB2', 'amplified', 'ISH')] }),
    expect: { noCriticalFinding: true, alternativesInclude: ['L01FD01'] },
  },
  {
    id: 'BREAST-08',
    condition: 'breast-cancer',
    source: SOURCES.hgncHer2,
    title:
      'gene sent as "HER2" (IHC 3+) is read as ERBB2: not listed as unassessed, no HER2-testing finding, biosimilar offered',
    request: breast(TRAS_DOC, { biomarkers: [marker('HER2', 'IHC 3+', 'IHC')] }),
    expect: { notUnassessed: ['HER2'], noCriticalFinding: true, alternativesInclude: ['L01FD01'] },
  },
  {
    id: 'BREAST-09',
    condition: 'breast-cancer',
    source: SOURCES.ascoCapHer2,
    title: 'HER2-low (IHC 1+) on pertuzumab + trastuzumab + docetaxel: critical, no anti-HER2 option',
    request: breast({ regimenId: 'breast-ptx-docetaxel' }, { biomarkers: [marker('ERBB2', 'IHC 1+', 'IHC')] }),
    expect: { findings: [{ severity: 'critical', atc: 'L01FD01' }], notOffered: ANTI_HER2 },
  },
  {
    id: 'BREAST-10',
    condition: 'breast-cancer',
    source: SOURCES.ascoCapHer2,
    title: 'HER2 IHC 2+ with ISH not amplified is HER2-low: trastuzumab critical, no anti-HER2 option',
    request: breast(TRAS_DOC, {
      biomarkers: [marker('ERBB2', 'IHC 2+', 'IHC'), marker('ERBB2', 'not-amplified', 'ISH')],
    }),
    expect: { findings: [{ severity: 'critical', atc: 'L01FD01' }], notOffered: ANTI_HER2 },
  },
  {
    id: 'BREAST-11',
    condition: 'breast-cancer',
    source: SOURCES.ascoCapHer2,
    title:
      'HER2 IHC 2+ without ISH is equivocal (unknown): no cheaper trastuzumab is offered and a finding names the missing ISH',
    request: breast(TRAS_DOC, { biomarkers: [marker('ERBB2', 'IHC 2+', 'IHC')] }),
    expect: { findings: [{ severity: 'warning' }], notOffered: ANTI_HER2 },
  },
  {
    id: 'BREAST-12',
    condition: 'breast-cancer',
    source: SOURCES.ascoCapHer2,
    title: 'HER2 ISH "equivocal" alone is unknown: no anti-HER2 option is offered',
    request: breast(TRAS_DOC, { biomarkers: [marker('ERBB2', 'equivocal', 'ISH')] }),
    expect: { findings: [{ severity: 'warning' }], notOffered: ANTI_HER2 },
  },
  {
    id: 'BREAST-13',
    condition: 'breast-cancer',
    source: SOURCES.trastuzumabLabel,
    title:
      'pregnant 34-year-old, HER2-positive metastatic, on trastuzumab + docetaxel: critical, no trastuzumab option',
    request: breast(TRAS_DOC, {
      age: 34,
      pregnant: true,
      breastfeeding: false,
      menopausalStatus: 'premenopausal',
      biomarkers: [HER2_3PLUS],
    }),
    expect: { findings: [{ severity: 'critical', atc: 'L01FD01' }], notOffered: ANTI_HER2 },
  },
  {
    id: 'BREAST-14',
    condition: 'breast-cancer',
    source: SOURCES.trastuzumabLabel,
    title:
      '38-year-old woman on trastuzumab with no pregnancy status: biosimilar not offered as safe, a finding names the missing pregnancy status',
    request: breast(TRAS_DOC, { age: 38, menopausalStatus: 'premenopausal', biomarkers: [HER2_3PLUS] }),
    explain: true,
    expect: { notOffered: ['L01FD01'], missingInputFinding: 'pregnan', excludedForMissingInput: 'pregnan' },
  },
  {
    id: 'BREAST-15',
    condition: 'breast-cancer',
    source: SOURCES.trastuzumabLabel,
    title: 'breastfeeding 33-year-old on trastuzumab: flagged, and no trastuzumab option is offered',
    request: breast(TRAS_DOC, {
      age: 33,
      pregnant: false,
      breastfeeding: true,
      menopausalStatus: 'premenopausal',
      biomarkers: [HER2_3PLUS],
    }),
    expect: { findings: [{ severity: 'warning', atc: 'L01FD01' }], notOffered: ['L01FD01'] },
  },
  {
    id: 'BREAST-16',
    condition: 'breast-cancer',
    source: SOURCES.trastuzumabLabel,
    title:
      'positive control: 62-year-old postmenopausal HER2-positive woman gets biosimilar trastuzumab (pregnancy not required past 55)',
    request: breast(TRAS_DOC, { menopausalStatus: 'postmenopausal', biomarkers: [HER2_3PLUS] }),
    expect: { alternativesInclude: ['L01FD01'], noCriticalFinding: true },
  },
  {
    id: 'BREAST-17',
    condition: 'breast-cancer',
    source: SOURCES.doseTwiceProtocol,
    title:
      'trastuzumab ordered at 12 mg/kg every 3 weeks (twice the 6 mg/kg maintenance) is critical; no option repeats it',
    request: breast(
      {
        components: [
          atc('L01FD01', { dose: { value: 12, unit: 'mg/kg' }, route: 'iv' }),
          atc('L01CD02', { dose: { value: 75, unit: 'mg/m2' }, route: 'iv' }),
        ],
        cycles: 6,
        cycleLengthDays: 21,
      },
      { biomarkers: [HER2_3PLUS] },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01FD01' }], noOptionRepeatsDose: 'L01FD01' },
  },
  {
    id: 'BREAST-18',
    condition: 'breast-cancer',
    source: SOURCES.hgncHer2,
    title: 'a gene name the service does not know ("XYZ1") is listed as not assessed, never dropped',
    request: breast(TRAS_DOC, { biomarkers: [HER2_3PLUS, marker('XYZ1', 'present', 'NGS')] }),
    expect: { unassessed: ['XYZ1'] },
  },
  {
    id: 'BREAST-19',
    condition: 'breast-cancer',
    source: SOURCES.plausibility,
    title: 'a weight of 450 kg is a 422 naming the weight',
    request: breast(TRAS_DOC, { weight: kg(450), biomarkers: [HER2_3PLUS] }),
    expect: { status: 422, problemFields: ['/patient/weight'] },
  },
  {
    id: 'BREAST-20',
    condition: 'breast-cancer',
    source: SOURCES.femaraSmpc,
    title:
      'ER-positive perimenopausal woman of 51 on TC: letrozole (only for a clearly postmenopausal status) is not offered',
    request: breast(TC, {
      age: 51,
      menopausalStatus: 'perimenopausal',
      pregnant: false,
      ...EARLY,
      biomarkers: [ER_POS, PR_POS, marker('ERBB2', 'IHC 0', 'IHC')],
    }),
    expect: { notOffered: ['L02BG04'] },
  },
  {
    id: 'BREAST-21',
    condition: 'breast-cancer',
    source: SOURCES.ascoCapErPgr2020,
    title:
      'ER/PR-positive postmenopausal early breast cancer on TC: endocrine therapy instead of chemotherapy is a change of treatment, never a cheaper "equivalent"',
    request: breast(TC, { ...EARLY, biomarkers: [ER_POS, PR_POS, marker('ERBB2', 'IHC 0', 'IHC')] }),
    expect: { notInAlternatives: ['L02BG04'] },
  },
];
