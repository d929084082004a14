/**
 * Generated cases for the safety property: patients (ages 18–95, renal function from dialysis to
 * normal, hepatic values, allergies by molecule and by class, pregnancy and breastfeeding,
 * menopausal status, biomarkers including equivocal and absent, both sexes, some inputs missing)
 * and a proposal for EVERY regimen of the library, sometimes with a deliberate error (a weekly drug
 * ordered daily, a double dose, a forbidden combination) that the service must flag.
 */
import fc from 'fast-check';
import type { LibraryComponent, LibraryRegimen } from './protocol';

export const AS_OF = '2026-11-23';

type Json = Record<string, unknown>;

/** An ICD-10 code inside each indication prefix of the library (a real, billable code). */
const DIAGNOSIS_FOR_PREFIX: Readonly<Record<string, string>> = {
  C34: 'C34.9',
  M05: 'M05.9',
  M06: 'M06.9',
  C50: 'C50.9',
  C18: 'C18.9',
  C19: 'C19',
  C20: 'C20',
  'C92.0': 'C92.0',
  'C83.3': 'C83.3',
  C85: 'C85.9',
  E11: 'E11.9',
  I10: 'I10',
  I11: 'I11.9',
  I12: 'I12.9',
  I13: 'I13.9',
  I15: 'I15.9',
  I20: 'I20.9',
  I21: 'I21.9',
  I22: 'I22.9',
  I23: 'I23.8',
  I24: 'I24.9',
  I25: 'I25.1',
};

export function diagnosisFor(regimen: LibraryRegimen): string {
  const prefix = regimen.indications[0]!;
  return DIAGNOSIS_FOR_PREFIX[prefix] ?? prefix;
}

function orderedUnit(dose: LibraryComponent['dose']): string {
  if (dose.basis === 'auc') return 'AUC';
  if (dose.basis === 'flat') return dose.unit ?? 'mg';
  return dose.basis;
}

export function proposedComponent(c: LibraryComponent, doseFactor = 1): Json {
  if (c.route === 'device')
    return { code: c.drug, system: 'device', dose: { value: 1, unit: 'unit' }, route: 'device' };
  return {
    code: c.drug,
    system: 'atc',
    dose: { value: c.dose.value * doseFactor, unit: orderedUnit(c.dose) },
    route: c.route,
    ...(c.administrationsPerCycle !== undefined ? { administrationsPerCycle: c.administrationsPerCycle } : {}),
    ...(c.timesPerAdministration !== undefined ? { timesPerAdministration: c.timesPerAdministration } : {}),
  };
}

const TOFACITINIB: Json = {
  code: 'L04AF01',
  system: 'atc',
  dose: { value: 5, unit: 'mg' },
  route: 'oral',
  administrationsPerCycle: 14,
  timesPerAdministration: 2,
};
const RITUXIMAB: Json = {
  code: 'L01FA01',
  system: 'atc',
  dose: { value: 1000, unit: 'mg' },
  route: 'iv',
  administrationsPerCycle: 1,
};

export type ProposalError = 'none' | 'weekly-drug-daily' | 'double-dose' | 'jak-with-biologic';

/** A proposal for the regimen: its id, or its components (with one deliberate error, if asked). */
export function proposalFor(
  regimen: LibraryRegimen,
  form: 'regimenId' | 'components',
  error: ProposalError,
  doubledIndex: number,
): Json {
  if (form === 'regimenId' && error === 'none') return { regimenId: regimen.id, cycles: regimen.cycles };
  const components = regimen.components.map((c, i) => {
    if (error === 'double-dose' && i === doubledIndex % regimen.components.length && c.route !== 'device')
      return proposedComponent(c, 2);
    if (error === 'weekly-drug-daily' && c.drug === 'L04AX03')
      return { ...proposedComponent(c), administrationsPerCycle: regimen.cycleLengthDays };
    return proposedComponent(c);
  });
  if (error === 'jak-with-biologic') {
    const hasJak = regimen.components.some((c) => c.drug.startsWith('L04AF'));
    components.push(hasJak ? RITUXIMAB : TOFACITINIB);
  }
  return { components, cycles: regimen.cycles, cycleLengthDays: regimen.cycleLengthDays };
}

/** Errors that make sense for this regimen. */
export function errorsFor(regimen: LibraryRegimen): ProposalError[] {
  const errors: ProposalError[] = ['none', 'double-dose'];
  if (regimen.components.some((c) => c.drug === 'L04AX03')) errors.push('weekly-drug-daily');
  if (regimen.condition === 'rheumatoid-arthritis') errors.push('jak-with-biologic');
  return errors;
}

// ---- patients -----------------------------------------------------------------------------------

const maybe = <T>(arb: fc.Arbitrary<T>, freq = 4): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined, freq });

/** Creatinine from normal to dialysis, in mg/dL or µmol/L. */
const creatinineArb = fc
  .tuple(
    fc.oneof(
      fc.double({ min: 0.5, max: 1.3, noNaN: true }),
      fc.double({ min: 1.3, max: 3, noNaN: true }),
      fc.double({ min: 3, max: 10, noNaN: true }),
    ),
    fc.boolean(),
  )
  .map(([mgDl, inMicromol]) =>
    inMicromol
      ? { value: Math.round(mgDl * 88.4), unit: 'µmol/L', date: '2026-11-20' }
      : { value: Math.round(mgDl * 100) / 100, unit: 'mg/dL', date: '2026-11-20' },
  );

const ALLERGY_CODES = [
  'L01XA',
  'L01XA02',
  'L01CD',
  'L01CD02',
  'L04AB',
  'L04AB04',
  'L04AF',
  'L04AX03',
  'A10BA02',
  'C09AA',
  'L01BA04',
  'L01FA01',
  'L02BG04',
  'L01BC',
];

/** A biomarker line as a pathology report gives it, or nothing. */
function biomarkerArb(gene: string): fc.Arbitrary<Json | undefined> {
  const date = '2026-11-10';
  switch (gene) {
    case 'EGFR':
      return fc.constantFrom<Json | undefined>(
        {
          gene: 'EGFR',
          result: 'present',
          method: 'NGS',
          variant: 'p.L858R',
          clinicalSignificance: 'pathogenic',
          date,
        },
        { gene: 'EGFR', result: 'absent', method: 'NGS', date },
        { gene: 'EGFR', result: 'equivocal', method: 'PCR', date },
        undefined,
      );
    case 'ERBB2':
      return fc.constantFrom<Json | undefined>(
        { gene: 'ERBB2', result: 'IHC 3+', method: 'IHC', date },
        { gene: 'HER2', result: 'IHC 3+', method: 'IHC', date },
        { gene: 'ERBB2', result: 'IHC 0', method: 'IHC', date },
        { gene: 'ERBB2', result: 'IHC 2+', method: 'IHC', date },
        { gene: 'ERBB2', result: 'equivocal', method: 'ISH', date },
        undefined,
      );
    case 'ESR1':
      return fc.constantFrom<Json | undefined>(
        { gene: 'ESR1', result: 'positive', method: 'IHC', date },
        { gene: 'ER', result: 'negative', method: 'IHC', date },
        undefined,
      );
    default:
      return fc.constantFrom<Json | undefined>(
        { gene, result: 'present', method: 'NGS', variant: 'p.G12D', clinicalSignificance: 'pathogenic', date },
        { gene, result: 'absent', method: 'NGS', date },
        { gene, result: 'equivocal', method: 'NGS', date },
        undefined,
      );
  }
}

const GENES_BY_CONDITION: Readonly<Record<string, string[]>> = {
  nsclc: ['EGFR', 'ALK'],
  'breast-cancer': ['ERBB2', 'ESR1'],
  'colorectal-cancer': ['KRAS', 'NRAS'],
};

export interface GeneratedCase {
  regimenId: string;
  error: ProposalError;
  body: Json;
}

export function patientArb(regimen: LibraryRegimen): fc.Arbitrary<Json> {
  const genes = GENES_BY_CONDITION[regimen.condition] ?? [];
  return fc
    .record({
      age: fc.integer({ min: 18, max: 95 }),
      ageAs: fc.constantFrom('age', 'age', 'birthDate', 'missing'),
      birthdayPassed: fc.boolean(),
      sex: fc.constantFrom('male', 'female', 'male', 'female', 'unknown'),
      weight: maybe(fc.integer({ min: 40, max: 120 })),
      height: maybe(fc.integer({ min: 145, max: 195 })),
      serumCreatinine: maybe(creatinineArb),
      egfrSent: fc.option(fc.integer({ min: 5, max: 120 }), { nil: undefined, freq: 1 }),
      alt: maybe(fc.integer({ min: 5, max: 400 })),
      allergies: fc.oneof(
        fc.constant<string[]>([]),
        fc.constant<string[]>([]),
        fc.subarray(ALLERGY_CODES, { minLength: 1, maxLength: 2 }),
      ),
      pregnant: fc.option(fc.boolean(), { nil: undefined, freq: 2 }),
      breastfeeding: fc.option(fc.boolean(), { nil: undefined, freq: 2 }),
      menopausalStatus: fc.option(fc.constantFrom('premenopausal', 'perimenopausal', 'postmenopausal'), {
        nil: undefined,
        freq: 2,
      }),
      biomarkers: fc.tuple(...genes.map(biomarkerArb)),
      ecog: fc.integer({ min: 0, max: 2 }),
    })
    .map((g) => {
      const female = g.sex === 'female';
      const birthYear = Number(AS_OF.slice(0, 4)) - g.age - (g.birthdayPassed ? 0 : 1);
      const birthDate = `${birthYear}-${g.birthdayPassed ? '03-14' : '12-14'}`;
      const patient: Json = {
        ...(g.ageAs === 'age' ? { age: g.age } : g.ageAs === 'birthDate' ? { birthDate } : {}),
        sex: g.sex,
        ...(g.weight !== undefined ? { weight: { value: g.weight, unit: 'kg', date: '2026-11-20' } } : {}),
        ...(g.height !== undefined ? { height: { value: g.height, unit: 'cm', date: '2026-11-20' } } : {}),
        ...(g.serumCreatinine ? { serumCreatinine: g.serumCreatinine } : {}),
        ...(g.egfrSent !== undefined ? { egfr: { value: g.egfrSent, unit: 'mL/min/1.73m2', date: '2026-11-20' } } : {}),
        ...(g.alt !== undefined ? { alt: { value: g.alt, upperLimitOfNormal: 40, date: '2026-11-20' } } : {}),
        ecog: { value: g.ecog, date: '2026-11-20' },
        diagnoses: [{ code: diagnosisFor(regimen), system: 'icd-10', principal: true }],
        biomarkers: g.biomarkers.filter((b): b is Json => b !== undefined),
        ...(g.allergies.length > 0 ? { allergies: g.allergies.map((code) => ({ code, system: 'atc' })) } : {}),
        ...(regimen.linesOfTherapy?.[0] !== undefined ? { lineOfTherapy: regimen.linesOfTherapy[0] } : {}),
        ...(regimen.condition === 'nsclc' || regimen.condition === 'colorectal-cancer'
          ? { stage: { value: 'IV' } }
          : regimen.condition === 'breast-cancer'
            ? { stage: { value: 'II' } }
            : {}),
        // Pregnancy, breastfeeding and menopause are asked of women only; a pregnant woman is 50 or younger.
        ...(female && g.pregnant !== undefined ? { pregnant: g.pregnant && g.age <= 50 } : {}),
        ...(female && g.breastfeeding !== undefined ? { breastfeeding: g.breastfeeding && g.age <= 50 } : {}),
        ...(female && g.menopausalStatus !== undefined
          ? { menopausalStatus: g.age > 60 ? 'postmenopausal' : g.menopausalStatus }
          : {}),
      };
      return patient;
    });
}

/** One case: a regimen of the library, a patient, and a proposal (by id or components, maybe with an error). */
export function caseArb(
  library: readonly LibraryRegimen[],
  only?: (r: LibraryRegimen) => boolean,
): fc.Arbitrary<GeneratedCase> {
  const regimens = library.filter((r) => !only || only(r));
  return fc
    .constantFrom(...regimens)
    .chain((regimen) =>
      fc.record({
        regimen: fc.constant(regimen),
        patient: patientArb(regimen),
        form: fc.constantFrom('regimenId' as const, 'components' as const),
        error: fc.constantFrom(...errorsFor(regimen), 'none', 'none'),
        doubledIndex: fc.nat({ max: 5 }),
        setting: fc.constantFrom('inpatient', 'outpatient'),
      }),
    )
    .map(({ regimen, patient, form, error, doubledIndex, setting }) => ({
      regimenId: regimen.id,
      error,
      body: {
        caseRef: `oracle-${regimen.id}`,
        patient,
        proposal: proposalFor(regimen, form, error, doubledIndex),
        context: { asOf: AS_OF, hospitalTier: 'tertiary', setting },
      },
    }));
}
