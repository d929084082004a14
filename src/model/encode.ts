/**
 * ModelInput -> float32 feature rows, driven entirely by the manifest: column order, encodings,
 * defaults for missing values and training ranges. Nothing here knows the feature list.
 *
 * The manifest is compiled once per model load into flat per-column plans, so encoding a batch is a
 * tight loop (it sits on the request path of every assessment).
 */
import type { ManifestFeature, ModelManifest } from './manifest';
import type { ModelInput } from './types';

export interface EncodedBatch {
  /** row-major [rows, width] */
  data: Float32Array;
  rows: number;
  width: number;
  /** per row: ModelInput fields that were missing and took the manifest default */
  imputed: string[][];
  /** per row: ModelInput fields outside the training range or with a category the model does not know */
  outOfRange: string[][];
}

export type Encoder = (rows: readonly ModelInput[]) => EncodedBatch;

const CLASS_PREFIX = 'classCounts.';

type Getter = (input: ModelInput) => unknown;

function getterFor(source: string): Getter {
  if (source.startsWith(CLASS_PREFIX)) {
    const cls = source.slice(CLASS_PREFIX.length);
    return (input) => input.classCounts?.[cls];
  }
  return (input) => (input as unknown as Record<string, unknown>)[source];
}

function addOnce(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/** A numeric, count or ordinal column. */
interface ColumnPlan {
  col: number;
  source: string;
  get: Getter;
  kind: 'numeric' | 'count' | 'ordinal';
  categories: ReadonlyMap<string, number> | undefined;
  min: number;
  max: number;
  default: number;
}

/** All one-hot columns fed by one source (e.g. every condition_* column). */
interface OneHotPlan {
  source: string;
  get: Getter;
  columnOf: ReadonlyMap<string, number>;
  /** columns and their defaults, used when the source is missing */
  defaults: readonly [number, number][];
}

/** What the encoder notes about one row while encoding it. */
interface RowNotes {
  imputed: string[];
  outOfRange: string[];
}

interface EncoderPlan {
  columns: ColumnPlan[];
  oneHots: OneHotPlan[];
  /** the drug classes the model has a count column for */
  knownClasses: ReadonlySet<string>;
}

/** Groups the manifest's features (in column order) into column plans and per-source one-hot plans. */
function compilePlan(features: readonly ManifestFeature[]): EncoderPlan {
  const columns: ColumnPlan[] = [];
  const oneHotBySource = new Map<string, { columnOf: Map<string, number>; defaults: [number, number][] }>();
  features.forEach((f, col) => {
    if (f.encoding.kind === 'one-hot') {
      const g = oneHotBySource.get(f.source) ?? { columnOf: new Map<string, number>(), defaults: [] };
      g.columnOf.set(f.encoding.category, col);
      g.defaults.push([col, f.default]);
      oneHotBySource.set(f.source, g);
    } else {
      columns.push({
        col,
        source: f.source,
        get: getterFor(f.source),
        kind: f.encoding.kind,
        categories: f.encoding.kind === 'ordinal' ? new Map(Object.entries(f.encoding.categories)) : undefined,
        min: f.range.min,
        max: f.range.max,
        default: f.default,
      });
    }
  });
  const oneHots: OneHotPlan[] = [...oneHotBySource].map(([source, g]) => ({ source, get: getterFor(source), ...g }));
  const knownClasses = new Set(
    features.filter((f) => f.source.startsWith(CLASS_PREFIX)).map((f) => f.source.slice(CLASS_PREFIX.length)),
  );
  return { columns, oneHots, knownClasses };
}

/** Sets one source's one-hot column to 1; a missing source takes the defaults, an unknown category leaves all 0. */
function encodeOneHot(h: OneHotPlan, input: ModelInput, row: Float32Array, base: number, notes: RowNotes): void {
  const v = h.get(input);
  if (v === undefined || v === null) {
    addOnce(notes.imputed, h.source);
    for (const [col, d] of h.defaults) row[base + col] = d;
    return;
  }
  const col = typeof v === 'string' ? h.columnOf.get(v) : undefined;
  if (col === undefined)
    addOnce(notes.outOfRange, h.source); // unknown category: every column of the source stays 0
  else row[base + col] = 1;
}

/** A drug class counted in the input that the model has no column for is out of range. */
function noteUnknownClasses(input: ModelInput, knownClasses: ReadonlySet<string>, notes: RowNotes): void {
  const counts = input.classCounts;
  if (!counts) return;
  for (const cls in counts) {
    if (!knownClasses.has(cls) && counts[cls] !== undefined && counts[cls] !== 0)
      addOnce(notes.outOfRange, CLASS_PREFIX + cls);
  }
}

/** One numeric, count or ordinal value: imputed when missing, noted (and clamped if asked) outside the range. */
function encodeColumn(c: ColumnPlan, input: ModelInput, clamp: boolean, notes: RowNotes): number {
  const v = c.get(input);
  const missing = v === undefined || v === null;
  let x: number;
  if (c.kind === 'ordinal') {
    const code = typeof v === 'string' ? c.categories?.get(v) : undefined;
    if (missing) addOnce(notes.imputed, c.source);
    else if (code === undefined) addOnce(notes.outOfRange, c.source);
    x = code ?? c.default;
  } else if (typeof v === 'number' && Number.isFinite(v)) {
    x = v;
  } else {
    // a missing class count means "no agent of that class"; any other missing value is imputed
    if (!missing) addOnce(notes.outOfRange, c.source);
    else if (c.kind === 'numeric') addOnce(notes.imputed, c.source);
    x = c.default;
  }
  if (x < c.min || x > c.max) {
    addOnce(notes.outOfRange, c.source);
    if (clamp) x = x < c.min ? c.min : c.max;
  }
  return x;
}

/** Compiles the manifest's feature list into an encoder (done once per model load). */
export function createEncoder(manifest: ModelManifest): Encoder {
  const features: readonly ManifestFeature[] = [...manifest.features].sort((a, b) => a.index - b.index);
  const width = features.length;
  const clamp = manifest.outOfRangePolicy === 'clamp';
  const { columns, oneHots, knownClasses } = compilePlan(features);

  return (rows) => {
    const n = rows.length;
    const data = new Float32Array(n * width); // zero-filled: one-hot columns only need their 1
    const imputed: string[][] = new Array<string[]>(n);
    const outOfRange: string[][] = new Array<string[]>(n);
    for (let r = 0; r < n; r++) {
      const input = rows[r] as ModelInput;
      const base = r * width;
      const notes: RowNotes = { imputed: [], outOfRange: [] };
      for (const h of oneHots) encodeOneHot(h, input, data, base, notes);
      noteUnknownClasses(input, knownClasses, notes);
      for (const c of columns) data[base + c.col] = encodeColumn(c, input, clamp, notes);
      imputed[r] = notes.imputed;
      outOfRange[r] = notes.outOfRange;
    }
    return { data, rows: n, width, imputed, outOfRange };
  };
}
