/**
 * The judge on hand-made answers: it must object to an unsafe option, to a missing critical
 * finding and to an unnamed missing input, and accept the safe answer to the same case.
 */
import { judgeAssessment } from './judge';
import { readRegimenLibrary } from './protocol';

const library = readRegimenLibrary();

const renalFailureOnMetformin = {
  patient: {
    age: 72,
    sex: 'female',
    pregnant: false,
    breastfeeding: false,
    serumCreatinine: { value: 3.2, unit: 'mg/dL' },
    diagnoses: [{ code: 'E11.9', principal: true }],
  },
  proposal: { regimenId: 't2dm-metformin' },
  context: { asOf: '2026-11-23' },
};
const critical = {
  ruleId: 'X',
  severity: 'critical',
  title: { en: 'Metformin with eGFR below 30' },
  inputs: { 'patient.egfr': 14.8 },
};
const genericMetformin = {
  id: 'swap:A10BA02:P-METFORMIN-VBP-500',
  basis: 'consistency-evaluated-generic',
  components: [{ drug: 'A10BA02', product: 'P-METFORMIN-VBP-500', dose: '1000 mg' }],
};

describe('the judge', () => {
  it('accepts a critical finding on metformin and no metformin option', () => {
    expect(
      judgeAssessment(
        renalFailureOnMetformin,
        { findings: [critical], alternatives: [], preferredOptions: [] },
        library,
      ),
    ).toEqual([]);
  });

  it('objects to a cheaper metformin offered at eGFR 15', () => {
    const problems = judgeAssessment(
      renalFailureOnMetformin,
      { findings: [critical], alternatives: [genericMetformin], preferredOptions: [] },
      library,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^alternatives offers swap:A10BA02.*metformin-egfr-below-30 \[violated\]/),
    ]);
  });

  it('objects when the finding is only a warning, or names another drug', () => {
    const warning = { ...critical, severity: 'warning' };
    const otherDrug = { ...critical, title: { en: 'Sitagliptin dose' }, inputs: { drug: 'A10BH01' } };
    for (const finding of [warning, otherDrug]) {
      const problems = judgeAssessment(
        renalFailureOnMetformin,
        { findings: [finding], alternatives: [], preferredOptions: [] },
        library,
      );
      expect(problems).toEqual([expect.stringMatching(/^proposal: no critical finding for metformin-egfr-below-30/)]);
    }
  });

  it('accepts a finding that names the class of the drug (a JAK inhibitor at 65 or over), not one of another class', () => {
    const elderlyOnTofacitinib = {
      patient: {
        age: 70,
        sex: 'male',
        weight: { value: 70 },
        serumCreatinine: { value: 0.9 },
        alt: { value: 20, upperLimitOfNormal: 40 },
        diagnoses: [{ code: 'M05.9', principal: true }],
      },
      proposal: {
        components: [
          { code: 'L04AF01', dose: { value: 5, unit: 'mg' }, administrationsPerCycle: 14, timesPerAdministration: 2 },
        ],
        cycleLengthDays: 14,
      },
      context: { asOf: '2026-11-23' },
    };
    const byClass = {
      ruleId: 'C',
      severity: 'warning',
      title: { en: 'JAK inhibitor at 65 or over' },
      inputs: { 'regimen.classes': ['jak-inhibitor'] },
    };
    const otherClass = {
      ruleId: 'D',
      severity: 'warning',
      title: { en: 'TNF inhibitor at 65 or over' },
      inputs: { 'regimen.classes': ['tnf-inhibitor'] },
    };
    expect(
      judgeAssessment(elderlyOnTofacitinib, { findings: [byClass], alternatives: [], preferredOptions: [] }, library),
    ).toEqual([]);
    expect(
      judgeAssessment(
        elderlyOnTofacitinib,
        { findings: [otherClass], alternatives: [], preferredOptions: [] },
        library,
      ),
    ).toEqual([expect.stringMatching(/no warning finding for jak-inhibitor-age-65/)]);
  });

  it('objects to an offered option in therapyChanges and preferredOptions as well', () => {
    const problems = judgeAssessment(
      renalFailureOnMetformin,
      {
        findings: [critical],
        alternatives: [],
        therapyChanges: [genericMetformin],
        preferredOptions: [genericMetformin],
      },
      library,
    );
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['therapyChanges', 'preferredOptions']);
  });

  it('needs a finding naming the missing input when the proposal cannot be judged (no creatinine)', () => {
    const noCreatinine = {
      ...renalFailureOnMetformin,
      patient: { ...renalFailureOnMetformin.patient, serumCreatinine: undefined },
    };
    expect(judgeAssessment(noCreatinine, { findings: [], alternatives: [], preferredOptions: [] }, library)).toEqual([
      expect.stringMatching(/^proposal: no finding names the missing input for metformin-egfr-below-30 \[unknown\]/),
    ]);
    const named = { ruleId: 'Y', severity: 'warning', missing: ['patient.egfr'], title: { en: 'No eGFR is recorded' } };
    expect(
      judgeAssessment(noCreatinine, { findings: [named], alternatives: [], preferredOptions: [] }, library),
    ).toEqual([]);
  });
});
