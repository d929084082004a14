/**
 * Turns a city's published DRG weight table (CSV) into the pack's tariff groups.
 *
 * CSV: a header row, then one DRG per line. Columns `code`, `name` and `weight` are required;
 * `baseRate` (one base rate for every insurance type, stored as `default`) and `baseRate:<insuranceType>` (e.g.
 * `baseRate:urban-employee`) are optional. Fields may be double-quoted. A code that is not a DRG
 * of the pack's scheme version, a weight that is not a positive number, or a code listed twice is
 * refused with its line number; nothing is imported unless every line is good.
 */
import type { CompiledScheme } from './drg-scheme/compile-scheme';
import type { DrgGroup, DrgTariffs } from './types';

export interface ImportLineError {
  line: number;
  message: string;
}

export interface ImportOptions {
  /** Source id (in sources.json) the imported weights cite. */
  source: string;
  /** Drop tariff groups the CSV does not list (a complete city table). */
  replace: boolean;
}

export type ImportResult =
  | { ok: true; tariffs: DrgTariffs; imported: number; kept: string[] }
  | { ok: false; errors: ImportLineError[] };

/** Splits one CSV line; a field in double quotes may hold commas and doubled quotes. */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field.trim());
      field = '';
    } else field += ch;
  }
  out.push(field.trim());
  return out;
}

const positive = (text: string): number | undefined => {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
};

export function importDrgTariff(
  csv: string,
  tariffs: DrgTariffs,
  scheme: CompiledScheme,
  options: ImportOptions,
): ImportResult {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: ImportLineError[] = [];
  const header = csvFields(lines[0] ?? '').map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [iCode, iName, iWeight] = [col('code'), col('name'), col('weight')];
  if (iCode < 0 || iName < 0 || iWeight < 0)
    return {
      ok: false,
      errors: [{ line: 1, message: `header must name the columns code, name and weight (got: ${header.join(', ')})` }],
    };
  const rateColumns = header.flatMap((h, i) =>
    h === 'baserate'
      ? [{ i, type: 'default' }]
      : h.startsWith('baserate:')
        ? [{ i, type: csvFields(lines[0] ?? '')[i]?.slice('baseRate:'.length) ?? '' }]
        : [],
  );

  const version = `${scheme.manifest.id} ${scheme.manifest.version}`;
  const seen = new Map<string, number>();
  const rows: DrgGroup[] = [];
  lines.slice(1).forEach((text, k) => {
    const line = k + 2;
    if (text.trim() === '') return;
    const f = csvFields(text);
    const code = f[iCode] ?? '';
    const drg = scheme.drgs.get(code);
    if (!drg) {
      errors.push({ line, message: `'${code}' is not a DRG of ${version}` });
      return;
    }
    if (seen.has(code)) {
      errors.push({ line, message: `'${code}' is listed twice (first on line ${seen.get(code)})` });
      return;
    }
    seen.set(code, line);
    const weight = positive(f[iWeight] ?? '');
    if (weight === undefined) {
      errors.push({ line, message: `weight '${f[iWeight] ?? ''}' of ${code} is not a positive number` });
      return;
    }
    const baseRates: Record<string, number> = {};
    for (const { i, type } of rateColumns) {
      const raw = f[i] ?? '';
      if (raw === '') continue;
      const rate = positive(raw);
      if (rate === undefined) {
        errors.push({ line, message: `base rate '${raw}' of ${code} is not a positive number` });
        return;
      }
      baseRates[type] = rate;
    }
    const existing = tariffs.groups.find((g) => g.code === code);
    const name = (f[iName] ?? '') || drg.name;
    rows.push({
      code,
      codeIllustrative: false,
      name: { en: existing?.name.en ?? name, zh: name },
      system: 'CHS-DRG',
      relativeWeight: weight,
      illustrative: false,
      ...(Object.keys(baseRates).length > 0 ? { baseRates } : {}),
      ...(existing?.dailyCostStandard !== undefined ? { dailyCostStandard: existing.dailyCostStandard } : {}),
      ...(existing?.highCostOutlierMultiple !== undefined
        ? { highCostOutlierMultiple: existing.highCostOutlierMultiple }
        : {}),
      carveOutDrugs: existing?.carveOutDrugs ?? [],
      source: options.source,
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: [{ line: 2, message: 'no DRG rows' }] };

  const imported = new Set(rows.map((r) => r.code));
  const kept = options.replace ? [] : tariffs.groups.filter((g) => !imported.has(g.code));
  const groups = [...kept, ...rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { ok: true, tariffs: { ...tariffs, groups }, imported: rows.length, kept: kept.map((g) => g.code) };
}
