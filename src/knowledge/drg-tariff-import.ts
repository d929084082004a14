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

/** Where the columns are: code, name and weight, and each base-rate column with its insurance type. */
interface CsvLayout {
  iCode: number;
  iName: number;
  iWeight: number;
  rateColumns: { i: number; type: string }[];
}

/** The column layout from the header line, or the error naming the columns it lacks. */
function readHeader(headerLine: string): CsvLayout | ImportLineError {
  const header = csvFields(headerLine).map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [iCode, iName, iWeight] = [col('code'), col('name'), col('weight')];
  if (iCode < 0 || iName < 0 || iWeight < 0)
    return { line: 1, message: `header must name the columns code, name and weight (got: ${header.join(', ')})` };
  const rateColumns = header.flatMap((h, i) =>
    h === 'baserate'
      ? [{ i, type: 'default' }]
      : h.startsWith('baserate:')
        ? [{ i, type: csvFields(headerLine)[i]?.slice('baseRate:'.length) ?? '' }]
        : [],
  );
  return { iCode, iName, iWeight, rateColumns };
}

/** What reading the rows shares: the scheme, the tariffs imported into, and the codes seen so far (with their line). */
interface RowContext {
  scheme: CompiledScheme;
  tariffs: DrgTariffs;
  options: ImportOptions;
  seen: Map<string, number>;
}

/** The optional base rates of one row, by insurance type; a rate that is not a positive number is refused. */
function readBaseRates(
  f: readonly string[],
  layout: CsvLayout,
  code: string,
  line: number,
): { rates: Record<string, number> } | ImportLineError {
  const baseRates: Record<string, number> = {};
  for (const { i, type } of layout.rateColumns) {
    const raw = f[i] ?? '';
    if (raw === '') continue;
    const rate = positive(raw);
    if (rate === undefined) return { line, message: `base rate '${raw}' of ${code} is not a positive number` };
    baseRates[type] = rate;
  }
  return { rates: baseRates };
}

/**
 * One data line as a tariff group (keeping the English name, daily cost standard, outlier multiple and
 * carve-outs of the group it replaces), or the error that refuses it.
 */
function readRow(text: string, line: number, layout: CsvLayout, ctx: RowContext): DrgGroup | ImportLineError {
  const f = csvFields(text);
  const code = f[layout.iCode] ?? '';
  const drg = ctx.scheme.drgs.get(code);
  if (!drg)
    return { line, message: `'${code}' is not a DRG of ${ctx.scheme.manifest.id} ${ctx.scheme.manifest.version}` };
  const firstLine = ctx.seen.get(code);
  if (firstLine !== undefined) return { line, message: `'${code}' is listed twice (first on line ${firstLine})` };
  ctx.seen.set(code, line);
  const weight = positive(f[layout.iWeight] ?? '');
  if (weight === undefined)
    return { line, message: `weight '${f[layout.iWeight] ?? ''}' of ${code} is not a positive number` };
  const rates = readBaseRates(f, layout, code, line);
  if (isLineError(rates)) return rates;
  const baseRates = rates.rates;
  const existing = ctx.tariffs.groups.find((g) => g.code === code);
  const name = (f[layout.iName] ?? '') || drg.name;
  return {
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
    source: ctx.options.source,
  };
}

function isLineError(value: object): value is ImportLineError {
  return 'line' in value && 'message' in value;
}

export function importDrgTariff(
  csv: string,
  tariffs: DrgTariffs,
  scheme: CompiledScheme,
  options: ImportOptions,
): ImportResult {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const layout = readHeader(lines[0] ?? '');
  if (isLineError(layout)) return { ok: false, errors: [layout] };

  const ctx: RowContext = { scheme, tariffs, options, seen: new Map() };
  const errors: ImportLineError[] = [];
  const rows: DrgGroup[] = [];
  lines.slice(1).forEach((text, k) => {
    if (text.trim() === '') return;
    const row = readRow(text, k + 2, layout, ctx);
    if (isLineError(row)) errors.push(row);
    else rows.push(row);
  });
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: [{ line: 2, message: 'no DRG rows' }] };

  const imported = new Set(rows.map((r) => r.code));
  const kept = options.replace ? [] : tariffs.groups.filter((g) => !imported.has(g.code));
  const groups = [...kept, ...rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { ok: true, tariffs: { ...tariffs, groups }, imported: rows.length, kept: kept.map((g) => g.code) };
}
