/** Rheumatoid arthritis: JAK inhibitors (age, mechanism change, combinations), methotrexate schedule, kidneys, pregnancy. */
import type { ClinicalCase } from '../clinical-case';
import { alt, atc, classAllergy, creatinine, egfr, ra } from '../patients';
import { SOURCES } from '../sources';

const JAK = ['L04AF01', 'L04AF02'];
const ADALIMUMAB = atc('L04AB04', { dose: { value: 40, unit: 'mg' }, route: 'sc' });
const ETANERCEPT = atc('L04AB01', { dose: { value: 50, unit: 'mg' }, route: 'sc', administrationsPerCycle: 2 });
const TOFACITINIB = atc('L04AF01', {
  dose: { value: 5, unit: 'mg' },
  route: 'oral',
  administrationsPerCycle: 14,
  timesPerAdministration: 2,
});
const BARICITINIB = atc('L04AF02', { dose: { value: 4, unit: 'mg' }, route: 'oral', administrationsPerCycle: 14 });
const RITUXIMAB = atc('L01FA01', { dose: { value: 1000, unit: 'mg' }, route: 'iv' });
const MTX_WEEKLY = atc('L04AX03', { dose: { value: 15, unit: 'mg' }, route: 'oral', administrationsPerCycle: 2 });
const MTX_DAILY = atc('L04AX03', { dose: { value: 15, unit: 'mg' }, route: 'oral', administrationsPerCycle: 14 });
const ADA_MTX = { regimenId: 'ra-adalimumab-mtx' };
const CONTROLLED = { scores: { das28: { baseline: 5.8, current: 2.4 } } };

export const rheumatoidArthritisCases: ClinicalCase[] = [
  {
    id: 'RA-01',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.emaJak2023,
    title:
      '70-year-old controlled on adalimumab + methotrexate is never offered baricitinib or tofacitinib; biosimilar adalimumab is',
    request: ra(ADA_MTX, { age: 70, egfr: egfr(70), ...CONTROLLED }),
    expect: { notOffered: JAK, alternativesInclude: ['L04AB04'] },
  },
  {
    id: 'RA-02',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.olumiantUspi,
    title:
      '50-year-old controlled on adalimumab (no TNF failure): a JAK inhibitor is a change of mechanism, neither a cheaper equivalent nor an eligible therapy change',
    request: ra(ADA_MTX, { age: 50, ...CONTROLLED }),
    expect: { notInAlternatives: JAK, notOffered: JAK },
  },
  {
    id: 'RA-03',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.xeljanzUspi,
    title: 'etanercept-controlled 45-year-old: no JAK inhibitor is offered in any list',
    request: ra({ components: [ETANERCEPT, MTX_WEEKLY] }, { age: 45, ...CONTROLLED }),
    expect: { notOffered: JAK },
  },
  {
    id: 'RA-04',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.rituximabRaUspi,
    title: 'rituximab + tofacitinib in RA (rituximab is a biologic DMARD): critical, and no option repeats the pair',
    request: ra({ components: [RITUXIMAB, TOFACITINIB] }),
    expect: { findings: [{ severity: 'critical', atc: 'L04AF01' }], forbiddenPairs: [['L01FA01', 'L04AF01']] },
  },
  {
    id: 'RA-05',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.xeljanzUspi,
    title: 'adalimumab + tofacitinib: critical, no option repeats a biologic + JAK pair',
    request: ra({ components: [ADALIMUMAB, TOFACITINIB] }, { treatmentWeek: 4 }),
    expect: {
      findings: [{ severity: 'critical', atc: 'L04AF01' }],
      forbiddenPairs: [
        ['L04AB04', 'L04AF01'],
        ['L04AB04', 'L04AF02'],
      ],
    },
  },
  {
    id: 'RA-06',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.olumiantUspi,
    title: 'etanercept + baricitinib: critical, no option repeats the pair',
    request: ra({ components: [ETANERCEPT, BARICITINIB] }, { treatmentWeek: 4 }),
    expect: {
      findings: [{ severity: 'critical', atc: 'L04AF02' }],
      forbiddenPairs: [
        ['L04AB01', 'L04AF02'],
        ['L04AB01', 'L04AF01'],
      ],
    },
  },
  {
    id: 'RA-07',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.ismpMethotrexate,
    title:
      'methotrexate 15 mg ordered daily (a seven-fold overdose) is critical, and no option repeats a daily schedule',
    request: ra({ components: [MTX_DAILY] }),
    expect: {
      findings: [{ severity: 'critical', atc: 'L04AX03' }],
      maxAdministrationsPerWeek: { atc: 'L04AX03', perWeek: 1 },
    },
  },
  {
    id: 'RA-08',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.methotrexateUspi,
    title:
      'adalimumab + methotrexate ordered daily: critical; the biosimilar option must not carry the daily methotrexate',
    request: ra({ components: [ADALIMUMAB, MTX_DAILY] }),
    expect: {
      findings: [{ severity: 'critical', atc: 'L04AX03' }],
      maxAdministrationsPerWeek: { atc: 'L04AX03', perWeek: 1 },
    },
  },
  {
    id: 'RA-09',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.doseTwiceProtocol,
    title: 'methotrexate 30 mg weekly (twice the 15 mg protocol) is critical; no option repeats it',
    request: ra({
      components: [atc('L04AX03', { dose: { value: 30, unit: 'mg' }, route: 'oral', administrationsPerCycle: 2 })],
    }),
    expect: { findings: [{ severity: 'critical', atc: 'L04AX03' }], noOptionRepeatsDose: 'L04AX03' },
  },
  {
    id: 'RA-10',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.niceTa126,
    title:
      'DAS28 5.6 → 4.4 at week 12 is a fall of exactly 1.2 (an adequate response): no stop finding fires on the DAS28 fall',
    request: ra(
      { components: [ADALIMUMAB, TOFACITINIB] },
      { treatmentWeek: 12, scores: { das28: { baseline: 5.6, current: 4.4 } }, alt: alt(30) },
    ),
    expect: { noFindingReads: 'das28' },
  },
  {
    id: 'RA-11',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.digestG10,
    title: 'guard twin of RA-10: DAS28 5.6 → 4.5 (fall 1.1) at week 12 does fire the stop rule on the DAS28 fall',
    request: ra(
      { components: [ADALIMUMAB, TOFACITINIB] },
      { treatmentWeek: 12, scores: { das28: { baseline: 5.6, current: 4.5 } }, alt: alt(30) },
    ),
    expect: { findingReads: 'das28' },
  },
  {
    id: 'RA-12',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.olumiantSmpc,
    title: 'baricitinib + methotrexate at a sent eGFR of 25: critical, no baricitinib option',
    request: ra({ regimenId: 'ra-baricitinib-mtx' }, { age: 60, egfr: egfr(25), serumCreatinine: creatinine(2.1) }),
    expect: { findings: [{ severity: 'critical', atc: 'L04AF02' }], notOffered: ['L04AF02'] },
  },
  {
    id: 'RA-13',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.ckdEpi2021,
    title:
      'baricitinib, no eGFR sent but creatinine 2.5 mg/dL in a 60-year-old woman (CKD-EPI 2021 eGFR 21.5): critical, no baricitinib option',
    request: ra({ regimenId: 'ra-baricitinib-mtx' }, { age: 60, egfr: undefined, serumCreatinine: creatinine(2.5) }),
    expect: { findings: [{ severity: 'critical', atc: 'L04AF02' }], notOffered: ['L04AF02'] },
  },
  {
    id: 'RA-14',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.methotrexateSmpcRenal,
    title:
      'methotrexate, no eGFR sent, 66-year-old woman with creatinine 2.8 (eGFR 18.1): critical, no methotrexate option',
    request: ra(ADA_MTX, { age: 66, egfr: undefined, serumCreatinine: creatinine(2.8) }),
    expect: { findings: [{ severity: 'critical', atc: 'L04AX03' }], notOffered: ['L04AX03'] },
  },
  {
    id: 'RA-15',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.methotrexateUspi,
    title: 'pregnant 30-year-old on adalimumab + methotrexate: methotrexate critical, no option keeps methotrexate',
    request: ra(ADA_MTX, { age: 30, pregnant: true }),
    expect: { findings: [{ severity: 'critical', atc: 'L04AX03' }], notOffered: ['L04AX03'] },
  },
  {
    id: 'RA-16',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.methotrexateUspi,
    title:
      '32-year-old woman on adalimumab + methotrexate with no pregnancy status: no methotrexate option is offered as safe; a finding names the pregnancy status',
    request: ra(ADA_MTX, { age: 32, pregnant: undefined }),
    explain: true,
    expect: { notOffered: ['L04AX03'], missingInputFinding: 'pregnan', excludedForMissingInput: 'pregnan' },
  },
  {
    id: 'RA-17',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.xeljanzSmpc,
    title:
      '68-year-old on tofacitinib + methotrexate: the age restriction is flagged and no JAK option is offered as safe',
    request: ra({ regimenId: 'ra-tofacitinib-mtx' }, { age: 68 }),
    expect: { findings: [{ severity: 'warning', atc: 'L04AF01' }], notOffered: JAK },
  },
  {
    id: 'RA-18',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.olumiantSmpc,
    title: 'baricitinib + methotrexate with ALT 3.75 × ULN: critical, no baricitinib option',
    request: ra({ regimenId: 'ra-baricitinib-mtx' }, { alt: alt(150, 40) }),
    expect: { findings: [{ severity: 'critical', atc: 'L04AF02' }], notOffered: ['L04AF02'] },
  },
  {
    id: 'RA-19',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.olumiantUspi,
    title:
      'positive control: 45-year-old, not pregnant, eGFR 90, past induction on adalimumab + methotrexate: biosimilar adalimumab offered, nothing critical',
    request: ra(ADA_MTX, { age: 45, egfr: egfr(90), ...CONTROLLED }),
    expect: { alternativesInclude: ['L04AB04'], noCriticalFinding: true, notOffered: JAK },
  },
  {
    id: 'RA-20',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.tnfClassLabel,
    title:
      'TNF-inhibitor allergy by class on etanercept + methotrexate: critical, no option offers etanercept or adalimumab',
    request: ra({ regimenId: 'ra-etanercept-mtx' }, { allergies: [classAllergy('tnf-inhibitor')] }),
    expect: { findings: [{ severity: 'critical', atc: 'L04AB01' }], notOffered: ['L04AB01', 'L04AB04'] },
  },
  {
    id: 'RA-21',
    condition: 'rheumatoid-arthritis',
    source: SOURCES.plausibility,
    title:
      'a birth date after the assessment date (age below 0) is refused naming the birth date (422 implausible, or 400 inconsistent dates), never assessed',
    request: ra(ADA_MTX, { age: undefined, birthDate: '2027-05-01' }),
    expect: { status: [400, 422], problemFields: ['/patient/birthDate'] },
  },
];
