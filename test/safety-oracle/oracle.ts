/**
 * The independent safety oracle: given the request (patient + context) and a set of drugs with
 * doses and schedule (the proposal, or an offered option's components), it returns every label
 * constraint that is violated or cannot be decided ("unknown", with the missing inputs).
 *
 * It reads only the request, label-constraints.ts and the regimen library as protocol data.
 * Three-valued: a constraint whose input is missing is "unknown", and an offered option with an
 * unknown applicable constraint is a violation ("unknown never passes an option").
 */
import {
  ageAt,
  altTimesUln,
  bsaMosteller,
  ckdEpi2021,
  cockcroftGault,
  creatinineMgDl,
  type Sex,
} from './derived-measures';
import {
  ALLERGY_SOURCE,
  DOSE_CEILING_RATIO,
  DRUG_CLASSES,
  LABEL_CONSTRAINTS,
  type FindingSeverity,
  type LabelConstraint,
  type Measure,
  type MeasureLimit,
} from './label-constraints';
import { normaliseUnit, type DoseUnit, type LibraryRegimen, type ProtocolCeiling } from './protocol';

/** The request fields the oracle reads (the API's patient, plus the issue-10 inputs). */
export interface OraclePatient {
  age?: number;
  birthDate?: string;
  sex?: string;
  weight?: { value: number; unit?: string };
  height?: { value: number; unit?: string };
  serumCreatinine?: { value: number; unit?: string };
  egfr?: { value: number };
  alt?: { value: number; upperLimitOfNormal?: number };
  diagnoses: { code: string; principal?: boolean }[];
  biomarkers?: { gene: string; result: string; method?: string }[];
  allergies?: { code: string; system?: string }[];
  pregnant?: boolean;
  breastfeeding?: boolean;
  menopausalStatus?: string;
}

export interface OracleRequest {
  patient: OraclePatient;
  context: { asOf: string };
}

export interface OracleComponent {
  drug: string;
  dose?: { value: number; unit: string };
  administrationsPerCycle?: number;
  timesPerAdministration?: number;
  cycleLengthDays?: number;
}

export interface OracleViolation {
  constraintId: string;
  status: 'violated' | 'unknown';
  drugs: string[];
  /** For unknown: the request inputs that would decide it. */
  missing: string[];
  /** For a measure limit: the (derived) measure it reads; a finding may name it instead of its raw inputs. */
  measure?: Measure;
  proposalFinding: FindingSeverity;
  detail: string;
}

// ---- derived measures -------------------------------------------------------------------------

export interface PatientMeasures {
  values: Partial<Record<Measure, number>>;
  missing: Record<Measure, string[]>;
  sex?: Sex;
  weightKg?: number;
  bsa?: number;
}

function sexOf(p: OraclePatient): Sex | undefined {
  return p.sex === 'male' || p.sex === 'female' ? p.sex : undefined;
}

export function patientMeasures(req: OracleRequest): PatientMeasures {
  const p = req.patient;
  const sex = sexOf(p);
  const ageYears = p.age ?? ageAt(p.birthDate, req.context.asOf);
  const weightKg = p.weight && p.weight.value > 0 ? p.weight.value : undefined;
  const scr = creatinineMgDl(p.serumCreatinine?.value, p.serumCreatinine?.unit);
  const lacking = (pairs: [string, unknown][]) => pairs.filter(([, v]) => v === undefined).map(([k]) => k);
  const egfr = p.egfr?.value ?? ckdEpi2021({ ageYears, scrMgDl: scr, sex });
  const crcl = cockcroftGault({ ageYears, weightKg, scrMgDl: scr, sex });
  const altUln = altTimesUln(p.alt?.value, p.alt?.upperLimitOfNormal);
  return {
    values: { ageYears, egfr, crcl, altUln },
    missing: {
      ageYears: ageYears === undefined ? ['age'] : [],
      egfr:
        egfr === undefined
          ? lacking([
              ['serumCreatinine', scr],
              ['age', ageYears],
              ['sex', sex],
            ])
          : [],
      crcl:
        crcl === undefined
          ? lacking([
              ['serumCreatinine', scr],
              ['age', ageYears],
              ['weight', weightKg],
              ['sex', sex],
            ])
          : [],
      altUln: altUln === undefined ? (p.alt ? ['alt.upperLimitOfNormal'] : ['alt']) : [],
    },
    sex,
    weightKg,
    bsa: bsaMosteller(p.height?.value, weightKg),
  };
}

// ---- helpers ------------------------------------------------------------------------------------

const compare = (value: number, op: MeasureLimit['op'], limit: number): boolean =>
  op === 'lt' ? value < limit : op === 'lte' ? value <= limit : op === 'gte' ? value >= limit : value > limit;

function principalDiagnosis(p: OraclePatient): string {
  return (p.diagnoses.find((d) => d.principal) ?? p.diagnoses[0])?.code ?? '';
}

/** Whether the patient is pregnant / breastfeeding: yes, no, or unknown (a woman who might be, not recorded). */
export function reproductiveStatus(req: OracleRequest, kind: 'pregnancy' | 'breastfeeding'): 'yes' | 'no' | 'unknown' {
  const p = req.patient;
  const recorded = kind === 'pregnancy' ? p.pregnant : p.breastfeeding;
  if (recorded !== undefined) return recorded ? 'yes' : 'no';
  if (p.sex === 'male') return 'no';
  const age = p.age ?? ageAt(p.birthDate, req.context.asOf);
  if (age !== undefined && (age < 12 || age > 55)) return 'no';
  return 'unknown';
}

const GENE_ALIASES: Readonly<Record<string, string>> = { 'HGNC:6407': 'KRAS', 'HGNC:7989': 'NRAS' };

function geneResult(p: OraclePatient, gene: string): 'mutant' | 'wild-type' | 'unknown' {
  const results = (p.biomarkers ?? [])
    .filter((b) => (GENE_ALIASES[b.gene.toUpperCase()] ?? b.gene.toUpperCase()) === gene)
    .map((b) => b.result);
  if (results.some((r) => r === 'present' || r === 'positive')) return 'mutant';
  if (results.length > 0 && results.every((r) => r === 'absent' || r === 'negative')) return 'wild-type';
  return 'unknown';
}

function dailyMg(c: OracleComponent): number | undefined {
  if (!c.dose || normaliseUnit(c.dose.unit) !== 'mg' || !c.administrationsPerCycle || !c.cycleLengthDays)
    return undefined;
  return (c.dose.value * c.administrationsPerCycle * (c.timesPerAdministration ?? 1)) / c.cycleLengthDays;
}

// ---- the check ----------------------------------------------------------------------------------

function checkConstraint(
  req: OracleRequest,
  m: PatientMeasures,
  drugs: readonly OracleComponent[],
  k: LabelConstraint,
): OracleViolation | null {
  const base = {
    constraintId: k.id,
    proposalFinding: k.proposalFinding,
    ...(k.kind === 'measure' ? { measure: k.measure } : {}),
  };
  const present = (codes: readonly string[]) => drugs.filter((c) => codes.includes(c.drug));
  switch (k.kind) {
    case 'measure': {
      const hit = present(k.drugs);
      if (hit.length === 0) return null;
      const value = m.values[k.measure];
      const codes = hit.map((c) => c.drug);
      if (value === undefined)
        return {
          ...base,
          status: 'unknown',
          drugs: codes,
          missing: m.missing[k.measure],
          detail: `${k.measure} unknown`,
        };
      if (!compare(value, k.op, k.limit)) return null;
      if (k.aboveDailyMg !== undefined) {
        const over = hit.filter((c) => {
          const mg = dailyMg(c);
          return mg === undefined || mg > k.aboveDailyMg! + 1e-9;
        });
        if (over.length === 0) return null;
        const unknownDose = over.some((c) => dailyMg(c) === undefined);
        return unknownDose
          ? {
              ...base,
              status: 'unknown',
              drugs: over.map((c) => c.drug),
              missing: ['schedule'],
              detail: `${k.measure} ${value.toFixed(1)}: daily dose unreadable`,
            }
          : {
              ...base,
              status: 'violated',
              drugs: over.map((c) => c.drug),
              missing: [],
              detail: `${k.measure} ${value.toFixed(1)} ${k.op} ${k.limit} and daily dose above ${k.aboveDailyMg} mg`,
            };
      }
      return {
        ...base,
        status: 'violated',
        drugs: codes,
        missing: [],
        detail: `${k.measure} ${value.toFixed(1)} ${k.op} ${k.limit}`,
      };
    }
    case 'pregnancy':
    case 'breastfeeding': {
      const hit = present(k.drugs);
      if (hit.length === 0) return null;
      const status = reproductiveStatus(req, k.kind);
      if (status === 'no') return null;
      const field = k.kind === 'pregnancy' ? 'pregnant' : 'breastfeeding';
      return {
        ...base,
        status: status === 'yes' ? 'violated' : 'unknown',
        drugs: hit.map((c) => c.drug),
        missing: status === 'yes' ? [] : [field],
        detail: `${field}: ${status}`,
      };
    }
    case 'menopause': {
      const hit = present(k.drugs);
      if (hit.length === 0 || req.patient.sex === 'male') return null;
      const s = req.patient.menopausalStatus;
      if (s === 'postmenopausal') return null;
      if (s === undefined)
        return {
          ...base,
          status: 'unknown',
          drugs: hit.map((c) => c.drug),
          missing: ['menopausalStatus'],
          detail: 'menopausal status not recorded',
        };
      return {
        ...base,
        status: 'violated',
        drugs: hit.map((c) => c.drug),
        missing: [],
        detail: `menopausal status ${s}`,
      };
    }
    case 'combination': {
      const a = [...new Set(present(DRUG_CLASSES[k.classA]).map((c) => c.drug))];
      const b = [...new Set(present(DRUG_CLASSES[k.classB]).map((c) => c.drug))];
      // The same class twice means two different drugs of it; two classes mean one drug of each.
      const pair =
        k.classA === k.classB
          ? a.length >= 2
            ? a
            : null
          : a.length > 0 && b.length > 0
            ? [...new Set([...a, ...b])]
            : null;
      return pair
        ? { ...base, status: 'violated', drugs: pair, missing: [], detail: `${k.classA} + ${k.classB}` }
        : null;
    }
    case 'weekly-only': {
      if (!k.indications.some((prefix) => principalDiagnosis(req.patient).toUpperCase().startsWith(prefix)))
        return null;
      for (const c of present(k.drugs)) {
        if (!c.administrationsPerCycle || !c.cycleLengthDays)
          return { ...base, status: 'unknown', drugs: [c.drug], missing: ['schedule'], detail: 'schedule unreadable' };
        const perWeek = (c.administrationsPerCycle * 7) / c.cycleLengthDays;
        if (perWeek > 1 + 1e-9)
          return {
            ...base,
            status: 'violated',
            drugs: [c.drug],
            missing: [],
            detail: `${perWeek.toFixed(2)} administration days per week`,
          };
      }
      return null;
    }
    case 'wild-type-required': {
      const hit = present(k.drugs);
      if (hit.length === 0 || present(k.withAny).length === 0) return null;
      const results = k.genes.map((g) => [g, geneResult(req.patient, g)] as const);
      const notWild = results.filter(([, r]) => r !== 'wild-type');
      if (notWild.length === 0) return null;
      // The label contraindicates "mutant OR unknown RAS status": unknown is itself a violation here.
      return {
        ...base,
        status: 'violated',
        drugs: [...hit, ...present(k.withAny)].map((c) => c.drug),
        missing: [],
        detail: notWild.map(([g, r]) => `${g} ${r}`).join(', '),
      };
    }
  }
}

function allergyViolations(req: OracleRequest, drugs: readonly OracleComponent[]): OracleViolation[] {
  const codes = (req.patient.allergies ?? [])
    .filter((a) => (a.system ?? 'atc') === 'atc' && a.code.length >= 3)
    .map((a) => a.code.toUpperCase());
  return drugs
    .filter((c) => codes.some((a) => c.drug.toUpperCase().startsWith(a)))
    .map((c) => ({
      constraintId: 'allergy',
      status: 'violated' as const,
      drugs: [c.drug],
      missing: [],
      proposalFinding: 'critical' as const,
      detail: `allergy recorded (${ALLERGY_SOURCE.section})`,
    }));
}

function toProtocolUnits(c: OracleComponent, unit: DoseUnit, m: PatientMeasures): number | undefined {
  if (!c.dose) return undefined;
  const ordered = normaliseUnit(c.dose.unit);
  const value = ordered === 'µg' ? c.dose.value / 1000 : c.dose.value;
  const orderedUnit = ordered === 'µg' ? 'mg' : ordered;
  if (orderedUnit === unit) return value;
  if (orderedUnit === 'mg' && unit === 'mg/m2' && m.bsa) return value / m.bsa;
  if (orderedUnit === 'mg' && unit === 'mg/kg' && m.weightKg) return value / m.weightKg;
  return undefined;
}

function doseCeilingViolations(
  m: PatientMeasures,
  drugs: readonly OracleComponent[],
  ceilings: ReadonlyMap<string, ProtocolCeiling>,
): OracleViolation[] {
  const out: OracleViolation[] = [];
  for (const c of drugs) {
    const ceiling = ceilings.get(c.drug);
    if (!ceiling || !c.dose) continue;
    for (const [unit, max] of ceiling.perAdministration) {
      const dose = toProtocolUnits(c, unit, m);
      if (dose === undefined) continue;
      const perDay =
        c.administrationsPerCycle && c.cycleLengthDays
          ? (dose * c.administrationsPerCycle * (c.timesPerAdministration ?? 1)) / c.cycleLengthDays
          : undefined;
      const maxPerDay = ceiling.perDay.get(unit)!;
      const ratio = Math.max(dose / max, perDay !== undefined ? perDay / maxPerDay : 0);
      if (ratio >= DOSE_CEILING_RATIO - 1e-9) {
        out.push({
          constraintId: 'dose-2x-protocol',
          status: 'violated',
          drugs: [c.drug],
          missing: [],
          proposalFinding: 'critical',
          detail: `${ratio.toFixed(2)} × the highest protocol dose (${unit})`,
        });
        break;
      }
    }
  }
  return out;
}

/** Every label constraint the given drugs break for this patient, or cannot be decided. */
export function checkRegimen(
  req: OracleRequest,
  drugs: readonly OracleComponent[],
  ceilings: ReadonlyMap<string, ProtocolCeiling>,
): OracleViolation[] {
  const m = patientMeasures(req);
  const fromTable = LABEL_CONSTRAINTS.map((k) => checkConstraint(req, m, drugs, k)).filter(
    (v): v is OracleViolation => v !== null,
  );
  return [...fromTable, ...allergyViolations(req, drugs), ...doseCeilingViolations(m, drugs, ceilings)];
}

// ---- reading the request and the answer as oracle components -------------------------------------

interface ProposedComponentLike {
  code: string;
  system?: string;
  dose?: { value: number; unit: string };
  administrationsPerCycle?: number;
  timesPerAdministration?: number;
}

export interface ProposalLike {
  regimenId?: string;
  components?: ProposedComponentLike[];
  supportive?: ProposedComponentLike[];
  cycleLengthDays?: number;
}

const libraryDose = (d: LibraryRegimen['components'][number]['dose']) => ({
  value: d.value,
  unit: d.basis === 'flat' ? (d.unit ?? 'mg') : d.basis === 'auc' ? 'AUC' : d.basis,
});

/** The proposal as the oracle sees it (ATC-coded components only; devices have no label constraints here). */
export function proposalComponents(proposal: ProposalLike, library: readonly LibraryRegimen[]): OracleComponent[] {
  const regimen = proposal.regimenId ? library.find((r) => r.id === proposal.regimenId) : undefined;
  if (proposal.components) {
    const cycleLengthDays = proposal.cycleLengthDays ?? regimen?.cycleLengthDays;
    return [...proposal.components, ...(proposal.supportive ?? [])]
      .filter((c) => (c.system ?? 'atc') === 'atc')
      .map((c) => ({
        drug: c.code,
        dose: c.dose,
        administrationsPerCycle: c.administrationsPerCycle,
        timesPerAdministration: c.timesPerAdministration,
        cycleLengthDays,
      }));
  }
  if (!regimen) return [];
  return [...regimen.components, ...(regimen.supportive ?? []).filter((s) => s.requiredWhen === 'always')]
    .filter((c) => c.route !== 'device')
    .map((c) => ({
      drug: c.drug,
      dose: libraryDose(c.dose),
      administrationsPerCycle: c.administrationsPerCycle,
      timesPerAdministration: c.timesPerAdministration,
      cycleLengthDays: proposal.cycleLengthDays ?? regimen.cycleLengthDays,
    }));
}

export interface OptionLike {
  id: string;
  basis: string;
  regimenId?: string;
  components: {
    drug: string;
    product?: string;
    dose?: string;
    administrationsPerCycle?: number;
    timesPerAdministration?: number;
    cycleLengthDays?: number;
  }[];
  changes?: { from: string; to: string; detail?: string }[];
}

export function parseDose(text: string | undefined): { value: number; unit: string } | undefined {
  const match = text ? /^\s*(-?[\d.]+(?:e[+-]?\d+)?)\s*(\S+)/i.exec(text) : null;
  return match?.[1] !== undefined && match[2] !== undefined ? { value: Number(match[1]), unit: match[2] } : undefined;
}

/**
 * An offered option as the oracle sees it. The response gives each component's drug and dose; its
 * schedule is read from the component when the answer carries one, otherwise inherited from the
 * proposal for the same drug (an option repeats the proposal's schedule unless it says otherwise),
 * otherwise from the library regimen the option names.
 */
export function optionComponents(
  option: OptionLike,
  proposal: readonly OracleComponent[],
  library: readonly LibraryRegimen[],
): OracleComponent[] {
  const regimen = option.regimenId ? library.find((r) => r.id === option.regimenId) : undefined;
  return option.components
    .filter((c) => !c.drug.startsWith('DEV-'))
    .map((c) => {
      const fromProposal = proposal.find((p) => p.drug === c.drug);
      const fromLibrary = regimen
        ? [...regimen.components, ...(regimen.supportive ?? [])].find((l) => l.drug === c.drug)
        : undefined;
      const inherited = fromProposal
        ? {
            administrationsPerCycle: fromProposal.administrationsPerCycle,
            timesPerAdministration: fromProposal.timesPerAdministration,
            cycleLengthDays: fromProposal.cycleLengthDays,
          }
        : fromLibrary && regimen
          ? {
              administrationsPerCycle: fromLibrary.administrationsPerCycle,
              timesPerAdministration: fromLibrary.timesPerAdministration,
              cycleLengthDays: regimen.cycleLengthDays,
            }
          : {};
      return {
        drug: c.drug,
        dose: parseDose(c.dose),
        administrationsPerCycle: c.administrationsPerCycle ?? inherited.administrationsPerCycle,
        timesPerAdministration: c.timesPerAdministration ?? inherited.timesPerAdministration,
        cycleLengthDays: c.cycleLengthDays ?? inherited.cycleLengthDays,
      };
    });
}
