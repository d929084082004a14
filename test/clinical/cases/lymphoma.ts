/** Large B-cell lymphoma: R-CHOP dose caps and biosimilars, CAR-T line of therapy, allergies, plausibility. */
import type { ClinicalCase } from '../clinical-case';
import { atc, atcAllergy, classAllergy, cm, kg, lymphoma } from '../patients';
import { SOURCES } from '../sources';

const RCHOP = { regimenId: 'dlbcl-rchop21' };
const AXICEL = { regimenId: 'dlbcl-axicel' };

export const lymphomaCases: ClinicalCase[] = [
  {
    id: 'LYMPH-01',
    condition: 'lymphoma',
    source: SOURCES.yescartaLabel,
    title:
      'axicabtagene ciloleucel ordered in first line (not refractory, no relapse): flagged outside its licensed line',
    request: lymphoma(AXICEL, { lineOfTherapy: 1 }),
    expect: { findings: [{ severity: 'warning' }] },
  },
  {
    id: 'LYMPH-02',
    condition: 'lymphoma',
    source: SOURCES.yescartaLabel,
    title: 'positive control: CAR-T in third line has a finite, positive cost and no critical finding',
    request: lymphoma(AXICEL, { lineOfTherapy: 3 }),
    expect: { noCriticalFinding: true },
  },
  {
    id: 'LYMPH-03',
    condition: 'lymphoma',
    source: SOURCES.rchopLabel,
    title: 'vincristine 1.4 mg/m² at BSA 2.16 m² (100 kg, 168 cm) is capped at 2 mg',
    request: lymphoma(RCHOP, { weight: kg(100), height: cm(168) }),
    expect: { proposalDoseMg: { atc: 'L01CA02', mg: 2 } },
  },
  {
    id: 'LYMPH-04',
    condition: 'lymphoma',
    source: SOURCES.rchopLabel,
    title: 'positive control: R-CHOP-21 gets biosimilar rituximab and no critical finding',
    request: lymphoma(RCHOP),
    expect: { alternativesInclude: ['L01FA01'], noCriticalFinding: true },
  },
  {
    id: 'LYMPH-05',
    condition: 'lymphoma',
    source: SOURCES.rituximabHypersensitivity,
    title: 'rituximab allergy by molecule on R-CHOP: critical, no rituximab (originator or biosimilar) option',
    request: lymphoma(RCHOP, { allergies: [atcAllergy('L01FA01')] }),
    expect: { findings: [{ severity: 'critical', atc: 'L01FA01' }], notOffered: ['L01FA01'] },
  },
  {
    id: 'LYMPH-06',
    condition: 'lymphoma',
    source: SOURCES.rituximabHypersensitivity,
    title: 'anti-CD20 allergy by class on R-CHOP: critical, no rituximab option',
    request: lymphoma(RCHOP, { allergies: [classAllergy('anti-cd20')] }),
    expect: { findings: [{ severity: 'critical', atc: 'L01FA01' }], notOffered: ['L01FA01'] },
  },
  {
    id: 'LYMPH-07',
    condition: 'lymphoma',
    source: SOURCES.doseTwiceProtocol,
    title: 'doxorubicin ordered at 100 mg/m² in R-CHOP (twice 50 mg/m²): critical, no option repeats it',
    request: lymphoma({
      components: [
        atc('L01FA01', { dose: { value: 375, unit: 'mg/m2' }, route: 'iv' }),
        atc('L01AA01', { dose: { value: 750, unit: 'mg/m2' }, route: 'iv' }),
        atc('L01DB01', { dose: { value: 100, unit: 'mg/m2' }, route: 'iv' }),
        atc('L01CA02', { dose: { value: 1.4, unit: 'mg/m2' }, route: 'iv' }),
        atc('H02AB07', { dose: { value: 100, unit: 'mg' }, route: 'oral', administrationsPerCycle: 5 }),
      ],
      cycles: 6,
      cycleLengthDays: 21,
    }),
    expect: { findings: [{ severity: 'critical', atc: 'L01DB01' }], noOptionRepeatsDose: 'L01DB01' },
  },
  {
    id: 'LYMPH-08',
    condition: 'lymphoma',
    source: SOURCES.plausibility,
    title: 'a height of 260 cm is a 422 naming the height',
    request: lymphoma(RCHOP, { height: cm(260) }),
    expect: { status: 422, problemFields: ['/patient/height'] },
  },
];
