/** Colorectal cancer: renal limits of oxaliplatin and capecitabine, RAS and cetuximab, pregnancy, batches. */
import type { ClinicalCase } from '../clinical-case';
import { atc, atcAllergy, colorectal, creatinine, kg, marker } from '../patients';
import { SOURCES } from '../sources';

const FOLFOX = { regimenId: 'crc-mfolfox6' };
const CAPOX = { regimenId: 'crc-capox' };
const FOLFOX_CETUXIMAB = { regimenId: 'crc-mfolfox6-cetuximab' };
const RAS_WILD = [marker('KRAS', 'absent', 'NGS'), marker('NRAS', 'absent', 'NGS')];

export const colorectalCancerCases: ClinicalCase[] = [
  {
    id: 'CRC-01',
    condition: 'colorectal-cancer',
    source: SOURCES.oxaliplatinRenal,
    title:
      'mFOLFOX6 at creatinine clearance 16.7 mL/min (80 y, 60 kg, creatinine 3.0): oxaliplatin critical, no oxaliplatin or capecitabine option',
    request: colorectal(FOLFOX, {
      age: 80,
      weight: kg(60),
      serumCreatinine: creatinine(3.0),
      stage: { value: 'III', date: '2026-11-02' },
    }),
    expect: { findings: [{ severity: 'critical', atc: 'L01XA03' }], notOffered: ['L01XA03', 'L01BC06'] },
  },
  {
    id: 'CRC-02',
    condition: 'colorectal-cancer',
    source: SOURCES.capecitabineLabel,
    title:
      'CAPOX for a 78-year-old woman of 50 kg, creatinine 1.6 (CrCl 22.9 mL/min): capecitabine critical, no capecitabine option',
    request: colorectal(CAPOX, { age: 78, sex: 'female', weight: kg(50), serumCreatinine: creatinine(1.6) }),
    expect: { findings: [{ severity: 'critical', atc: 'L01BC06' }], notOffered: ['L01BC06'] },
  },
  {
    id: 'CRC-03',
    condition: 'colorectal-cancer',
    source: SOURCES.capecitabineLabel,
    title: 'capecitabine monotherapy at CrCl 38.4 mL/min (72 y, 65 kg, creatinine 1.6) needs the 75 % dose: flagged',
    request: colorectal(
      { regimenId: 'crc-capecitabine' },
      { age: 72, weight: kg(65), serumCreatinine: creatinine(1.6) },
      { setting: 'outpatient' },
    ),
    expect: { findings: [{ severity: 'warning', atc: 'L01BC06' }] },
  },
  {
    id: 'CRC-04',
    condition: 'colorectal-cancer',
    source: SOURCES.capecitabinePregnancy,
    title: 'pregnant 32-year-old on CAPOX: capecitabine critical, no capecitabine option',
    request: colorectal(CAPOX, { age: 32, sex: 'female', weight: kg(58), pregnant: true, breastfeeding: false }),
    expect: { findings: [{ severity: 'critical', atc: 'L01BC06' }], notOffered: ['L01BC06'] },
  },
  {
    id: 'CRC-05',
    condition: 'colorectal-cancer',
    source: SOURCES.capecitabinePregnancy,
    title:
      '40-year-old woman on capecitabine with no pregnancy status: no capecitabine option is offered as safe; a finding names the pregnancy status',
    request: colorectal(
      { regimenId: 'crc-capecitabine' },
      { age: 40, sex: 'female', weight: kg(58), breastfeeding: false },
      { setting: 'outpatient' },
    ),
    explain: true,
    expect: { notOffered: ['L01BC06'], missingInputFinding: 'pregnan', excludedForMissingInput: 'pregnan' },
  },
  {
    id: 'CRC-06',
    condition: 'colorectal-cancer',
    source: SOURCES.capecitabinePregnancy,
    title: 'breastfeeding 34-year-old on CAPOX: flagged, no capecitabine option',
    request: colorectal(CAPOX, { age: 34, sex: 'female', weight: kg(58), pregnant: false, breastfeeding: true }),
    expect: { findings: [{ severity: 'warning', atc: 'L01BC06' }], notOffered: ['L01BC06'] },
  },
  {
    id: 'CRC-07',
    condition: 'colorectal-cancer',
    source: SOURCES.cetuximabLabel,
    title: 'KRAS G12D on mFOLFOX6 + cetuximab: critical, no cetuximab option',
    request: colorectal(FOLFOX_CETUXIMAB, {
      biomarkers: [marker('KRAS', 'present', 'NGS', 'p.G12D'), marker('NRAS', 'absent', 'NGS')],
    }),
    expect: { findings: [{ severity: 'critical', atc: 'L01FE01' }], notOffered: ['L01FE01'] },
  },
  {
    id: 'CRC-08',
    condition: 'colorectal-cancer',
    source: SOURCES.cetuximabLabel,
    title: 'KRAS wild type but NRAS not tested: RAS status unknown, cetuximab critical and not offered',
    request: colorectal(FOLFOX_CETUXIMAB, { biomarkers: [marker('KRAS', 'absent', 'NGS')] }),
    expect: { findings: [{ severity: 'critical', atc: 'L01FE01' }], notOffered: ['L01FE01'] },
  },
  {
    id: 'CRC-09',
    condition: 'colorectal-cancer',
    source: SOURCES.cetuximabLabel,
    title: 'KRAS "equivocal" with NRAS absent is RAS unknown, not RAS wild type: cetuximab critical and not offered',
    request: colorectal(FOLFOX_CETUXIMAB, {
      biomarkers: [marker('KRAS', 'equivocal', 'PCR'), marker('NRAS', 'absent', 'NGS')],
    }),
    expect: { findings: [{ severity: 'critical', atc: 'L01FE01' }], notOffered: ['L01FE01'] },
  },
  {
    id: 'CRC-10',
    condition: 'colorectal-cancer',
    source: SOURCES.cetuximabLabel,
    title: 'positive control: RAS wild type (KRAS and NRAS absent) on mFOLFOX6 + cetuximab: no critical finding',
    request: colorectal(FOLFOX_CETUXIMAB, { biomarkers: RAS_WILD }),
    expect: { noCriticalFinding: true },
  },
  {
    id: 'CRC-15',
    condition: 'colorectal-cancer',
    source: SOURCES.cetuximabLabel,
    title:
      'BRAF V600E with KRAS and NRAS absent is still RAS wild type: no critical RAS finding on mFOLFOX6 + cetuximab',
    request: colorectal(FOLFOX_CETUXIMAB, { biomarkers: [...RAS_WILD, marker('BRAF', 'present', 'NGS', 'p.V600E')] }),
    expect: { noCriticalFinding: true },
  },
  {
    id: 'CRC-11',
    condition: 'colorectal-cancer',
    source: SOURCES.oxaliplatinRenal,
    title: 'positive control: stage III, normal kidneys, on mFOLFOX6: the cheaper oxaliplatin product is offered',
    request: colorectal(FOLFOX, { stage: { value: 'III', date: '2026-11-02' } }),
    expect: { alternativesInclude: ['L01XA03'], noCriticalFinding: true },
  },
  {
    id: 'CRC-12',
    condition: 'colorectal-cancer',
    source: SOURCES.fluorouracilHypersensitivity,
    title: 'fluorouracil allergy on mFOLFOX6: critical, no option keeps fluorouracil',
    request: colorectal(FOLFOX, { allergies: [atcAllergy('L01BC02')], stage: { value: 'III', date: '2026-11-02' } }),
    expect: { findings: [{ severity: 'critical', atc: 'L01BC02' }], notOffered: ['L01BC02'] },
  },
  {
    id: 'CRC-13',
    condition: 'colorectal-cancer',
    source: SOURCES.doseTwiceProtocol,
    title: 'oxaliplatin ordered at 170 mg/m² in mFOLFOX6 (twice 85 mg/m²): critical, no option repeats it',
    request: colorectal(
      {
        components: [
          atc('L01XA03', { dose: { value: 170, unit: 'mg/m2' }, route: 'iv' }),
          atc('V03AF03', { dose: { value: 400, unit: 'mg/m2' }, route: 'iv' }),
          atc('L01BC02', { dose: { value: 2800, unit: 'mg/m2' }, route: 'iv' }),
        ],
        cycles: 12,
        cycleLengthDays: 14,
      },
      { stage: { value: 'III', date: '2026-11-02' } },
    ),
    expect: { findings: [{ severity: 'critical', atc: 'L01XA03' }], noOptionRepeatsDose: 'L01XA03' },
  },
  {
    id: 'CRC-14',
    condition: 'colorectal-cancer',
    source: SOURCES.plausibility,
    title: 'a creatinine of 0 in one case of a batch is a 422 in that slot only; the other case is assessed',
    batch: [
      colorectal(FOLFOX, { stage: { value: 'III', date: '2026-11-02' } }),
      colorectal(FOLFOX, { serumCreatinine: creatinine(0), stage: { value: 'III', date: '2026-11-02' } }),
    ],
    expect: { batch: { statuses: [200, 422], problemFields: { 1: ['/cases/1/patient/serumCreatinine'] } } },
  },
  {
    id: 'CRC-16',
    condition: 'colorectal-cancer',
    source: SOURCES.capecitabinePregnancy,
    title:
      'positive control: a 64-year-old man on capecitabine needs no pregnancy status; the cheaper capecitabine is offered',
    request: colorectal({ regimenId: 'crc-capecitabine' }, {}, { setting: 'outpatient' }),
    expect: { alternativesInclude: ['L01BC06'], noCriticalFinding: true },
  },
];
