/**
 * The oracle on cases a pharmacist can check by hand: each guard is shown firing on the unsafe
 * case and staying quiet on the safe twin, so neither a dead guard nor a trigger-happy one passes.
 */
import { checkRegimen, optionComponents, parseDose, proposalComponents, type OracleRequest } from './oracle';
import { ceilingsForDiagnosis, protocolCeilings, readRegimenLibrary } from './protocol';

const library = readRegimenLibrary();
const ceilings = protocolCeilings(library);
const AS_OF = '2026-11-23';

function request(patient: Partial<OracleRequest['patient']>, diagnosis = 'M05.9'): OracleRequest {
  return { patient: { diagnoses: [{ code: diagnosis, principal: true }], ...patient }, context: { asOf: AS_OF } };
}
const ids = (req: OracleRequest, drugs: Parameters<typeof checkRegimen>[1]) =>
  checkRegimen(req, drugs, ceilings).map((v) => `${v.constraintId}:${v.status}`);

const METFORMIN = {
  drug: 'A10BA02',
  dose: { value: 1000, unit: 'mg' },
  administrationsPerCycle: 28,
  timesPerAdministration: 2,
  cycleLengthDays: 28,
};
const MTX_WEEKLY = {
  drug: 'L04AX03',
  dose: { value: 15, unit: 'mg' },
  administrationsPerCycle: 2,
  cycleLengthDays: 14,
};
const MTX_DAILY = { ...MTX_WEEKLY, administrationsPerCycle: 14 };
const TOFACITINIB = {
  drug: 'L04AF01',
  dose: { value: 5, unit: 'mg' },
  administrationsPerCycle: 14,
  timesPerAdministration: 2,
  cycleLengthDays: 14,
};
const RITUXIMAB = {
  drug: 'L01FA01',
  dose: { value: 1000, unit: 'mg' },
  administrationsPerCycle: 1,
  cycleLengthDays: 14,
};
const ADALIMUMAB = {
  drug: 'L04AB04',
  dose: { value: 40, unit: 'mg' },
  administrationsPerCycle: 1,
  cycleLengthDays: 14,
};
const man = {
  sex: 'male',
  age: 50,
  weight: { value: 70, unit: 'kg' },
  serumCreatinine: { value: 0.9, unit: 'mg/dL' },
  alt: { value: 20, upperLimitOfNormal: 40 },
};

describe('renal limits from derived measures', () => {
  it("metformin for the issue's 72-year-old woman with creatinine 3.2 mg/dL (no eGFR sent): eGFR 14.8 → violated", () => {
    const req = request(
      { sex: 'female', age: 72, pregnant: false, serumCreatinine: { value: 3.2, unit: 'mg/dL' } },
      'E11.9',
    );
    expect(ids(req, [METFORMIN])).toContain('metformin-egfr-below-30:violated');
  });

  it('metformin at creatinine 0.9 mg/dL for a 50-year-old man: nothing', () => {
    expect(ids(request(man, 'E11.9'), [METFORMIN])).toEqual([]);
  });

  it('a sent eGFR wins over the derived one', () => {
    const req = request({ ...man, egfr: { value: 25 } }, 'E11.9');
    expect(ids(req, [METFORMIN])).toContain('metformin-egfr-below-30:violated');
  });

  it('metformin without creatinine or eGFR is unknown, naming serum creatinine', () => {
    const violations = checkRegimen(request({ sex: 'male', age: 50 }, 'E11.9'), [METFORMIN], ceilings);
    expect(violations).toEqual([
      expect.objectContaining({
        constraintId: 'metformin-egfr-below-30',
        status: 'unknown',
        missing: ['serumCreatinine'],
      }),
    ]);
  });

  it('oxaliplatin below Cockcroft-Gault 30 mL/min (woman, 70 y, 50 kg, 2.1 mg/dL → 70 × 50 / 151.2 × 0.85 = 19.7 mL/min): violated', () => {
    const req = request(
      {
        sex: 'female',
        age: 70,
        pregnant: false,
        breastfeeding: false,
        weight: { value: 50 },
        serumCreatinine: { value: 2.1, unit: 'mg/dL' },
      },
      'C18.9',
    );
    expect(
      ids(req, [
        { drug: 'L01XA03', dose: { value: 85, unit: 'mg/m2' }, administrationsPerCycle: 1, cycleLengthDays: 14 },
      ]),
    ).toContain('oxaliplatin-crcl-below-30:violated');
  });
});

describe('age, pregnancy, breastfeeding and menopausal status', () => {
  it('a JAK inhibitor at 70 is violated; at 50 it is not', () => {
    expect(ids(request({ ...man, age: 70 }), [TOFACITINIB])).toContain('jak-inhibitor-age-65:violated');
    expect(ids(request(man), [TOFACITINIB])).toEqual([]);
  });

  it('methotrexate for a 30-year-old woman: unknown pregnancy and breastfeeding until recorded; pregnant → violated; a man → nothing', () => {
    const woman = { ...man, sex: 'female', age: 30 };
    expect(ids(request(woman), [MTX_WEEKLY])).toEqual([
      'methotrexate-pregnancy:unknown',
      'methotrexate-breastfeeding:unknown',
    ]);
    expect(ids(request({ ...woman, pregnant: true, breastfeeding: false }), [MTX_WEEKLY])).toEqual([
      'methotrexate-pregnancy:violated',
    ]);
    expect(ids(request({ ...woman, pregnant: false, breastfeeding: false }), [MTX_WEEKLY])).toEqual([]);
    expect(ids(request(man), [MTX_WEEKLY])).toEqual([]);
  });

  it('a woman over 55 is taken as neither pregnant nor breastfeeding', () => {
    expect(ids(request({ ...man, sex: 'female', age: 60 }), [MTX_WEEKLY])).toEqual([]);
  });

  it('letrozole needs a recorded postmenopausal status in a woman', () => {
    const woman = { sex: 'female', age: 60 };
    const letrozole = [
      { drug: 'L02BG04', dose: { value: 2.5, unit: 'mg' }, administrationsPerCycle: 28, cycleLengthDays: 28 },
    ];
    expect(ids(request(woman, 'C50.9'), letrozole)).toEqual(['letrozole-not-postmenopausal:unknown']);
    expect(ids(request({ ...woman, menopausalStatus: 'premenopausal' }, 'C50.9'), letrozole)).toEqual([
      'letrozole-not-postmenopausal:violated',
    ]);
    expect(ids(request({ ...woman, menopausalStatus: 'postmenopausal' }, 'C50.9'), letrozole)).toEqual([]);
  });
});

describe('combinations, schedule, dose, allergy and biomarkers', () => {
  it('rituximab + tofacitinib is a JAK inhibitor with a biologic DMARD; adalimumab + rituximab is two biologic DMARDs', () => {
    expect(ids(request(man), [RITUXIMAB, TOFACITINIB])).toEqual(['jak-inhibitor-with-biologic-dmard:violated']);
    expect(ids(request(man), [ADALIMUMAB, RITUXIMAB])).toEqual(['two-biologic-dmards:violated']);
    expect(ids(request(man), [ADALIMUMAB, MTX_WEEKLY])).toEqual([]);
  });

  it('methotrexate daily in RA is violated twice: weekly-only schedule and seven times the protocol intensity', () => {
    expect(ids(request(man), [MTX_DAILY])).toEqual(['methotrexate-once-weekly:violated', 'dose-2x-protocol:violated']);
    expect(ids(request(man), [MTX_WEEKLY])).toEqual([]);
  });

  it('pemetrexed 1000 mg/m² is twice the protocol; 500 mg/m² is not; 1700 mg for BSA 1.7 m² reads as 1000 mg/m²', () => {
    const pem = (value: number, unit: string) => [
      { drug: 'L01BA04', dose: { value, unit }, administrationsPerCycle: 1, cycleLengthDays: 21 },
    ];
    const p = request({ ...man, height: { value: 170 }, weight: { value: 61.2 } }, 'C34.9');
    expect(ids(p, pem(1000, 'mg/m2'))).toEqual(['dose-2x-protocol:violated']);
    expect(ids(p, pem(500, 'mg/m2'))).toEqual([]);
    expect(ids(p, pem(1700, 'mg'))).toEqual(['dose-2x-protocol:violated']);
  });

  it("judges a dose against the protocols of the case's own condition: rituximab 1000 mg is RA dosing, but 2.1 × R-CHOP's 375 mg/m² in lymphoma", () => {
    const rituximab = [
      { drug: 'L01FA01', dose: { value: 1000, unit: 'mg' }, administrationsPerCycle: 1, cycleLengthDays: 21 },
    ];
    const small = { ...man, height: { value: 145 }, weight: { value: 40 } }; // BSA √(145 × 40 / 3600) = 1.27 m² → 788 mg/m²
    const check = (code: string) =>
      checkRegimen(request(small, code), rituximab, ceilingsForDiagnosis(library, code)).map((v) => v.constraintId);
    expect(check('M05.9')).toEqual([]);
    expect(check('C83.3')).toEqual(['dose-2x-protocol']);
  });

  it('an allergy to the platinum class (ATC L01XA) excludes carboplatin; an allergy to cisplatin alone does not', () => {
    const carbo = [
      { drug: 'L01XA02', dose: { value: 5, unit: 'AUC' }, administrationsPerCycle: 1, cycleLengthDays: 21 },
    ];
    expect(ids(request({ ...man, allergies: [{ code: 'L01XA', system: 'atc' }] }, 'C34.9'), carbo)).toEqual([
      'allergy:violated',
    ]);
    expect(ids(request({ ...man, allergies: [{ code: 'L01XA01', system: 'atc' }] }, 'C34.9'), carbo)).toEqual([]);
  });

  it('cetuximab + oxaliplatin needs KRAS and NRAS wild type: equivocal or missing NRAS is a violation', () => {
    const drugs = [
      { drug: 'L01FE01', dose: { value: 500, unit: 'mg/m2' }, administrationsPerCycle: 1, cycleLengthDays: 14 },
      { drug: 'L01XA03', dose: { value: 85, unit: 'mg/m2' }, administrationsPerCycle: 1, cycleLengthDays: 14 },
    ];
    const withRas = (nras: string) =>
      request(
        {
          ...man,
          biomarkers: [
            { gene: 'KRAS', result: 'absent' },
            { gene: 'NRAS', result: nras },
          ],
        },
        'C18.9',
      );
    expect(ids(withRas('absent'), drugs)).toEqual([]);
    expect(ids(withRas('equivocal'), drugs)).toEqual(['cetuximab-oxaliplatin-ras:violated']);
    expect(ids(withRas('present'), drugs)).toEqual(['cetuximab-oxaliplatin-ras:violated']);
  });
});

describe('reading proposals and options', () => {
  it('a regimen id proposal reads the library protocol, with its always-given supportive drugs', () => {
    const drugs = proposalComponents({ regimenId: 'ra-adalimumab-mtx' }, library).map((c) => c.drug);
    expect(drugs).toEqual(expect.arrayContaining(['L04AB04', 'L04AX03']));
  });

  it("an option that keeps methotrexate inherits the proposal's daily schedule and is caught", () => {
    const proposal = [ADALIMUMAB, MTX_DAILY];
    const option = {
      id: 'swap',
      basis: 'biosimilar',
      components: [
        { drug: 'L04AB04', dose: '40 mg' },
        { drug: 'L04AX03', dose: '15 mg' },
      ],
    };
    const drugs = optionComponents(option, proposal, library);
    expect(ids(request(man), drugs)).toContain('methotrexate-once-weekly:violated');
  });

  it('parses the dose text of an option component', () => {
    expect(parseDose('500 mg/m2')).toEqual({ value: 500, unit: 'mg/m2' });
    expect(parseDose('1.5e3 mg')).toEqual({ value: 1500, unit: 'mg' });
    expect(parseDose(undefined)).toBeUndefined();
  });
});
