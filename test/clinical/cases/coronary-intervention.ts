/** Coronary intervention: drug-eluting vs bare-metal stents, dual antiplatelet therapy, bleeding history, allergy. */
import type { ClinicalCase } from '../clinical-case';
import { atc, atcAllergy, coronary, icd } from '../patients';
import { SOURCES } from '../sources';

const DAPT_CLOPIDOGREL = { regimenId: 'dapt-aspirin-clopidogrel' };
const DAPT_TICAGRELOR = { regimenId: 'dapt-aspirin-ticagrelor' };
const OUTPATIENT = { setting: 'outpatient' } as const;

export const coronaryInterventionCases: ClinicalCase[] = [
  {
    id: 'PCI-01',
    condition: 'coronary-intervention',
    source: SOURCES.escRevasc2018,
    title:
      'PCI for a simple lesion with a drug-eluting stent: a bare-metal stent is never offered as the cheaper equivalent',
    request: coronary({ regimenId: 'pci-des' }, { lesionComplexity: 'simple' }),
    expect: { notOffered: ['DEV-BMS'] },
  },
  {
    id: 'PCI-02',
    condition: 'coronary-intervention',
    source: SOURCES.escRevasc2018,
    title: 'a bare-metal stent chosen: flagged, drug-eluting stent preferred',
    request: coronary({ regimenId: 'pci-bms' }, { lesionComplexity: 'simple' }),
    expect: { findings: [{ severity: 'warning' }] },
  },
  {
    id: 'PCI-03',
    condition: 'coronary-intervention',
    source: SOURCES.brilintaBoxed,
    title: 'ticagrelor with aspirin 300 mg daily maintenance (three times 100 mg): critical, no option repeats it',
    request: coronary(
      {
        components: [
          atc('B01AC06', { dose: { value: 300, unit: 'mg' }, route: 'oral', administrationsPerCycle: 28 }),
          atc('B01AC24', {
            dose: { value: 90, unit: 'mg' },
            route: 'oral',
            administrationsPerCycle: 28,
            timesPerAdministration: 2,
          }),
        ],
        cycles: 13,
        cycleLengthDays: 28,
      },
      { diagnoses: [{ code: 'I21.4', system: 'icd-10', principal: true }] },
      OUTPATIENT,
    ),
    expect: { findings: [{ severity: 'critical', atc: 'B01AC06' }], noOptionRepeatsDose: 'B01AC06' },
  },
  {
    id: 'PCI-04',
    condition: 'coronary-intervention',
    source: SOURCES.brilintaBoxed,
    title: 'ticagrelor after an intracranial haemorrhage (I61.9): critical, no ticagrelor option',
    request: coronary(
      DAPT_TICAGRELOR,
      { diagnoses: [{ code: 'I21.4', system: 'icd-10', principal: true }], comorbidities: [icd('I61.9')] },
      OUTPATIENT,
    ),
    expect: { findings: [{ severity: 'critical', atc: 'B01AC24' }], notOffered: ['B01AC24'] },
  },
  {
    id: 'PCI-05',
    condition: 'coronary-intervention',
    source: SOURCES.escRevasc2018,
    title:
      'positive control: aspirin + clopidogrel after PCI gets the cheaper generic clopidogrel and nothing critical',
    request: coronary(DAPT_CLOPIDOGREL, {}, OUTPATIENT),
    expect: { alternativesInclude: ['B01AC04'], noCriticalFinding: true },
  },
  {
    id: 'PCI-06',
    condition: 'coronary-intervention',
    source: SOURCES.aspirinHypersensitivity,
    title: 'aspirin allergy on dual antiplatelet therapy: critical, no aspirin option',
    request: coronary(DAPT_CLOPIDOGREL, { allergies: [atcAllergy('B01AC06')] }, OUTPATIENT),
    expect: { findings: [{ severity: 'critical', atc: 'B01AC06' }], notOffered: ['B01AC06'] },
  },
  {
    id: 'PCI-07',
    condition: 'coronary-intervention',
    source: SOURCES.doseTwiceProtocol,
    title: 'clopidogrel 600 mg (the loading dose) ordered daily for 12 months: critical, no option repeats it',
    request: coronary(
      {
        components: [
          atc('B01AC06', { dose: { value: 100, unit: 'mg' }, route: 'oral', administrationsPerCycle: 28 }),
          atc('B01AC04', { dose: { value: 600, unit: 'mg' }, route: 'oral', administrationsPerCycle: 28 }),
        ],
        cycles: 13,
        cycleLengthDays: 28,
      },
      {},
      OUTPATIENT,
    ),
    expect: { findings: [{ severity: 'critical', atc: 'B01AC04' }], noOptionRepeatsDose: 'B01AC04' },
  },
];
