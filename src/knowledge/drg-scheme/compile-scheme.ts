/**
 * Compiles a scheme's data files once, at load, into sets, maps and small closures, so that
 * grouping one record is a handful of look-ups. Each MDC entry condition and ADRG condition kind
 * of README §4.3/§4.4 becomes a predicate that returns, when it holds, the sentence the trace
 * shows (and `undefined` when it does not, so nothing is formatted for rules that fail).
 */
import type {
  AdrgCondition,
  AdrgFile,
  DrgFile,
  InputCheck,
  MdcEntry,
  MdcFile,
  QyCheck,
  SchemeFiles,
  SchemeManifest,
  SplitKind,
} from './scheme-files';
import { num } from '../../domain/grouper-record';
import { compileAdrgCondition } from './adrg-conditions';

/** The record as the rules read it: computed once per record. */
export interface RecordView {
  dx: readonly string[];
  pdx: string;
  pr: readonly string[];
  p1: string;
  /** After normalisation (`男` → `1`, `女` → `2`). */
  gender: string;
  age: number;
  ageDays: number;
  weight: number;
}

/** Holds → the trace sentence; does not hold → undefined. */
export type Predicate = (r: RecordView) => string | undefined;

export interface CompiledMdc {
  code: string;
  mdc: string;
  name: string;
  entryKind: MdcEntry['kind'];
  entry: Predicate;
  adrgs: readonly CompiledAdrg[];
  qy: QyCheck;
}

export interface CompiledAdrg {
  code: string;
  name: string;
  kind: AdrgCondition['kind'];
  condition: Predicate;
  drgs: readonly CompiledDrg[];
}

export interface CompiledDrg {
  code: string;
  name: string;
  split: SplitKind;
}

export interface CompiledScheme {
  manifest: SchemeManifest;
  mdcs: readonly CompiledMdc[];
  /** Compiled ADRGs by code. */
  adrgs: ReadonlyMap<string, CompiledAdrg>;
  mdcNames: ReadonlyMap<string, string>;
  adrgNames: ReadonlyMap<string, string>;
  drgs: ReadonlyMap<string, CompiledDrg & { adrg: string; mdc: string }>;
  cc: ReadonlyMap<string, string>;
  mcc: ReadonlyMap<string, string>;
  ccExclusions: ReadonlyMap<string, string>;
  orProcedures: ReadonlySet<string>;
  checks: readonly InputCheck[];
  genderNormalisation: ReadonlyMap<string, string>;
  diagnosisNames: ReadonlyMap<string, string>;
  procedureNames: ReadonlyMap<string, string>;
  /** Every diagnosis / procedure code the scheme knows (names, tables and grouping lists). */
  knownDiagnoses: ReadonlySet<string>;
  knownProcedures: ReadonlySet<string>;
  translation?: { diagnoses: ReadonlyMap<string, string>; procedures: ReadonlyMap<string, string> };
  newbornMaxAgeDays: number;
}

export class SchemeCompileError extends Error {
  override name = 'SchemeCompileError';
}

function compileMdcEntry(entry: MdcEntry, or: ReadonlySet<string>, mdc: string): Predicate {
  switch (entry.kind) {
    case 'first_proc_or':
      return (r) => (or.has(r.p1) ? `main procedure ${r.p1} is an operating-room procedure` : undefined);
    case 'principal_dx': {
      const d = new Set(entry.diagnoses);
      return (r) => (d.has(r.pdx) ? `principal diagnosis ${r.pdx} is in the MDC ${mdc} list` : undefined);
    }
    case 'principal_dx_and_age_zero': {
      const d = new Set(entry.diagnoses);
      const age = entry.age_years;
      return (r) =>
        d.has(r.pdx) && r.age === age
          ? `principal diagnosis ${r.pdx} is in the MDC ${mdc} list and age is ${age} years`
          : undefined;
    }
    case 'principal_dx_and_sex': {
      const d = new Set(entry.diagnoses);
      const sex = entry.sex;
      return (r) =>
        d.has(r.pdx) && r.gender === sex
          ? `principal diagnosis ${r.pdx} is in the MDC ${mdc} list and sex is ${sex}`
          : undefined;
    }
    case 'multiple_trauma': {
      const regionOf = new Map<string, string>();
      for (const label of entry.region_order) for (const code of entry.regions[label] ?? []) regionOf.set(code, label);
      const labels = new Set(entry.region_order);
      const acceptLabels = entry.principal_also_accepts_region_labels;
      const min = entry.min_regions;
      return (r) => {
        if (!regionOf.has(r.pdx) && !(acceptLabels && labels.has(r.pdx))) return undefined;
        const regions = new Set<string>();
        for (const d of r.dx) {
          const region = regionOf.get(d);
          if (region !== undefined) regions.add(region);
        }
        if (regions.size < min) return undefined;
        return `principal diagnosis ${r.pdx} is an injury and the diagnoses cover ${regions.size} body regions (${[...regions].join('、')}), at least ${min}`;
      };
    }
  }
}

/**
 * The MDCs in order, each with its entry predicate and its ADRGs (condition and DRGs in order);
 * refuses an MDC's ADRG or an ADRG's DRG that is not in the files, and an ADRG whose last DRG
 * does not split "always".
 */
function compileMdcs(files: SchemeFiles, or: ReadonlySet<string>): CompiledMdc[] {
  const drgFiles = new Map<string, DrgFile>(files.drgs.map((d) => [d.code, d]));
  const adrgFiles = new Map<string, AdrgFile>(files.adrgs.map((a) => [a.code, a]));
  const problems: string[] = [];

  const compileAdrg = (code: string): CompiledAdrg | undefined => {
    const a = adrgFiles.get(code);
    if (!a) {
      problems.push(`ADRG ${code} is not in adrgs.json`);
      return undefined;
    }
    const drgs = a.drgs.flatMap((d) => {
      const drg = drgFiles.get(d);
      if (!drg) problems.push(`DRG ${d} of ADRG ${code} is not in drgs.json`);
      return drg ? [{ code: drg.code, name: drg.name, split: drg.split }] : [];
    });
    if (drgs.length === 0 || drgs[drgs.length - 1]?.split !== 'always')
      problems.push(`ADRG ${code}: the last DRG must have split "always"`);
    return {
      code: a.code,
      name: a.name,
      kind: a.condition.kind,
      condition: compileAdrgCondition(a.condition, or),
      drgs,
    };
  };

  const mdcs = [...files.mdcs]
    .sort((x, y) => x.order - y.order)
    .map(
      (m: MdcFile): CompiledMdc => ({
        code: m.code,
        mdc: m.mdc,
        name: m.name,
        entryKind: m.entry.kind,
        entry: compileMdcEntry(m.entry, or, m.code),
        adrgs: m.adrgs.flatMap((a) => compileAdrg(a) ?? []),
        qy: m.qy_check,
      }),
    );
  if (problems.length > 0)
    throw new SchemeCompileError(
      `DRG scheme ${files.manifest.id} ${files.manifest.version} is inconsistent:\n  - ${problems.join('\n  - ')}`,
    );

  return mdcs;
}

/** Every diagnosis and procedure code the scheme knows: names, CC tables, OR list and grouping lists. */
function knownCodes(files: SchemeFiles): { knownDiagnoses: Set<string>; knownProcedures: Set<string> } {
  const knownDiagnoses = new Set([
    ...Object.keys(files.diagnosisNames),
    ...Object.keys(files.cc),
    ...Object.keys(files.mcc),
    ...Object.keys(files.ccExclusions),
  ]);
  const knownProcedures = new Set([...Object.keys(files.procedureNames), ...files.orProcedures]);
  for (const a of files.adrgs) {
    const c = a.condition as Partial<Record<'diagnoses' | 'procedures' | 'procedures_a' | 'procedures_b', string[]>> & {
      procedure_categories?: Record<string, string>;
    };
    for (const d of c.diagnoses ?? []) knownDiagnoses.add(d);
    for (const p of [
      ...(c.procedures ?? []),
      ...(c.procedures_a ?? []),
      ...(c.procedures_b ?? []),
      ...Object.keys(c.procedure_categories ?? {}),
    ])
      knownProcedures.add(p);
  }
  for (const m of files.mdcs) {
    if (m.entry.kind === 'multiple_trauma')
      for (const list of Object.values(m.entry.regions)) list.forEach((d) => knownDiagnoses.add(d));
    else if ('diagnoses' in m.entry) m.entry.diagnoses.forEach((d) => knownDiagnoses.add(d));
  }

  return { knownDiagnoses, knownProcedures };
}

/** The code translation maps, when the manifest switches translation on (both files are then required). */
function translationOf(files: SchemeFiles): CompiledScheme['translation'] {
  const translation =
    files.manifest.translation && files.diagnosisMap && files.procedureMap
      ? {
          diagnoses: new Map(Object.entries(files.diagnosisMap)),
          procedures: new Map(Object.entries(files.procedureMap)),
        }
      : undefined;
  if (files.manifest.translation && !translation)
    throw new SchemeCompileError(
      `DRG scheme ${files.manifest.id} ${files.manifest.version} switches translation on but lacks diagnosis-map.json or procedure-map.json`,
    );

  return translation;
}

/** Builds the compiled scheme, refusing references that do not resolve (an ADRG's DRG, an MDC's ADRG). */
export function compileScheme(files: SchemeFiles): CompiledScheme {
  const or = new Set(files.orProcedures);
  const mdcs = compileMdcs(files, or);
  const { knownDiagnoses, knownProcedures } = knownCodes(files);
  const translation = translationOf(files);
  return {
    manifest: files.manifest,
    mdcs,
    adrgs: new Map(mdcs.flatMap((m) => m.adrgs.map((a) => [a.code, a] as const))),
    mdcNames: new Map(files.mdcs.map((m) => [m.mdc, m.name])),
    adrgNames: new Map(files.adrgs.map((a) => [a.code, a.name])),
    drgs: new Map(
      files.drgs.map((d) => [d.code, { code: d.code, name: d.name, split: d.split, adrg: d.adrg, mdc: d.mdc }]),
    ),
    cc: new Map(Object.entries(files.cc)),
    mcc: new Map(Object.entries(files.mcc)),
    ccExclusions: new Map(Object.entries(files.ccExclusions)),
    orProcedures: or,
    checks: [...files.checks.checks].sort((x, y) => x.order - y.order),
    genderNormalisation: new Map(Object.entries(files.checks.gender_normalisation)),
    diagnosisNames: new Map(Object.entries(files.diagnosisNames)),
    procedureNames: new Map(Object.entries(files.procedureNames)),
    knownDiagnoses,
    knownProcedures,
    ...(translation ? { translation } : {}),
    newbornMaxAgeDays: files.checks.newborn_max_age_days,
  };
}

/** Reads a record's text fields once (README §2.2 for numbers, §4.2 for gender). */
export function viewOf(
  scheme: CompiledScheme,
  record: {
    gender: string;
    age: string;
    ageDays: string;
    weight: string;
    diagnoses: readonly string[];
    procedures: readonly string[];
  },
): RecordView {
  return {
    dx: record.diagnoses,
    pdx: record.diagnoses[0] ?? '',
    pr: record.procedures,
    p1: record.procedures[0] ?? '',
    gender: scheme.genderNormalisation.get(record.gender) ?? record.gender,
    age: num(record.age),
    ageDays: num(record.ageDays),
    weight: num(record.weight),
  };
}
