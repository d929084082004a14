/**
 * The regimen library read as PROTOCOL data (the doses and schedules a regimen prescribes), for
 * the oracle's dose-ceiling check and for building proposals. Only rules/default/regimens.json is
 * read, straight from disk: no rule, contraindication or class of the pack is used by the oracle.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface LibraryComponent {
  drug: string;
  dose: { basis: 'flat' | 'mg/m2' | 'mg/kg' | 'auc'; value: number; unit?: string; maxMg?: number };
  route: string;
  administrationsPerCycle?: number;
  timesPerAdministration?: number;
  requiredWhen?: string;
}

export interface LibraryRegimen {
  id: string;
  condition: string;
  indications: string[];
  linesOfTherapy?: number[];
  requiredBiomarkers: { gene: string; status: string }[];
  components: LibraryComponent[];
  supportive?: LibraryComponent[];
  cycleLengthDays: number;
  cycles: number;
}

export function readRegimenLibrary(
  packDir = path.resolve(__dirname, '..', '..', 'rules', 'default'),
): LibraryRegimen[] {
  return JSON.parse(fs.readFileSync(path.join(packDir, 'regimens.json'), 'utf8')) as LibraryRegimen[];
}

/** A dose unit the way the API writes it, normalised: 'mg', 'mg/m2', 'mg/kg', 'auc', or another flat unit. */
export type DoseUnit = 'mg' | 'mg/m2' | 'mg/kg' | 'auc' | string;

export function unitOfBasis(dose: LibraryComponent['dose']): DoseUnit {
  if (dose.basis === 'flat') return (dose.unit ?? 'mg').toLowerCase();
  return dose.basis;
}

export function normaliseUnit(unit: string): DoseUnit {
  const u = unit.trim().toLowerCase().replace('m²', 'm2');
  if (u === 'µg' || u === 'mcg' || u === 'ug') return 'µg';
  return u;
}

/** The highest per-administration dose and per-day intensity of a drug in the library, per unit. */
export interface ProtocolCeiling {
  perAdministration: Map<DoseUnit, number>;
  perDay: Map<DoseUnit, number>;
}

export function protocolCeilings(library: readonly LibraryRegimen[]): Map<string, ProtocolCeiling> {
  const table = new Map<string, ProtocolCeiling>();
  const add = (c: LibraryComponent, cycleLengthDays: number) => {
    const unit = unitOfBasis(c.dose);
    const entry = table.get(c.drug) ?? { perAdministration: new Map(), perDay: new Map() };
    const perDay =
      (c.dose.value * (c.administrationsPerCycle ?? 1) * (c.timesPerAdministration ?? 1)) / cycleLengthDays;
    entry.perAdministration.set(unit, Math.max(entry.perAdministration.get(unit) ?? 0, c.dose.value));
    entry.perDay.set(unit, Math.max(entry.perDay.get(unit) ?? 0, perDay));
    table.set(c.drug, entry);
  };
  for (const r of library) for (const c of [...r.components, ...(r.supportive ?? [])]) add(c, r.cycleLengthDays);
  return table;
}

/** The regimens whose indications cover this ICD-10 code (the protocols that apply to the case). */
export function regimensForDiagnosis(library: readonly LibraryRegimen[], code: string): LibraryRegimen[] {
  const upper = code.toUpperCase();
  return library.filter((r) => r.indications.some((prefix) => upper.startsWith(prefix)));
}

const ceilingCache = new WeakMap<readonly LibraryRegimen[], Map<string, Map<string, ProtocolCeiling>>>();

/**
 * Protocol ceilings from the regimens of the case's own condition only: rituximab 1000 mg flat in
 * RA must not be judged against the 375 mg/m² of a lymphoma protocol. A drug no regimen of the
 * condition uses has no ceiling (nothing to compare with).
 */
export function ceilingsForDiagnosis(library: readonly LibraryRegimen[], code: string): Map<string, ProtocolCeiling> {
  const regimens = regimensForDiagnosis(library, code);
  const key = regimens.map((r) => r.id).join(',');
  const byKey = ceilingCache.get(library) ?? new Map<string, Map<string, ProtocolCeiling>>();
  ceilingCache.set(library, byKey);
  const cached = byKey.get(key);
  if (cached) return cached;
  const ceilings = protocolCeilings(regimens);
  byKey.set(key, ceilings);
  return ceilings;
}
