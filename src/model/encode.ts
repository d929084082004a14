/**
 * ModelInput -> float32 feature rows, driven entirely by the manifest: column order, encodings,
 * defaults for missing values and training ranges. Nothing here knows the feature list.
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

function readSource(input: ModelInput, source: string): unknown {
  if (source.startsWith(CLASS_PREFIX)) return input.classCounts?.[source.slice(CLASS_PREFIX.length)];
  return (input as unknown as Record<string, unknown>)[source];
}

function addOnce(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/** Compiles the manifest's feature list into an encoder (done once per model load). */
export function createEncoder(manifest: ModelManifest): Encoder {
  const features: readonly ManifestFeature[] = [...manifest.features].sort((a, b) => a.index - b.index);
  const width = features.length;
  const clamp = manifest.outOfRangePolicy === 'clamp';
  // every category some one-hot column of a source accepts
  const oneHotCategories = new Map<string, Set<string>>();
  for (const f of features) {
    if (f.encoding.kind !== 'one-hot') continue;
    const set = oneHotCategories.get(f.source) ?? new Set<string>();
    set.add(f.encoding.category);
    oneHotCategories.set(f.source, set);
  }
  const knownClasses = new Set(
    features.filter((f) => f.source.startsWith(CLASS_PREFIX)).map((f) => f.source.slice(CLASS_PREFIX.length)),
  );

  return (rows) => {
    const data = new Float32Array(rows.length * width);
    const imputed: string[][] = [];
    const outOfRange: string[][] = [];
    rows.forEach((input, r) => {
      const imp: string[] = [];
      const oor: string[] = [];
      for (const [source, categories] of oneHotCategories) {
        const v = readSource(input, source);
        if (v === undefined || v === null) addOnce(imp, source);
        else if (typeof v !== 'string' || !categories.has(v)) addOnce(oor, source);
      }
      for (const [cls, n] of Object.entries(input.classCounts ?? {})) {
        if (!knownClasses.has(cls) && n !== undefined && n !== 0) addOnce(oor, CLASS_PREFIX + cls);
      }
      const base = r * width;
      for (let j = 0; j < width; j++) {
        const f = features[j] as ManifestFeature;
        const v = readSource(input, f.source);
        const missing = v === undefined || v === null;
        let x: number;
        switch (f.encoding.kind) {
          case 'one-hot':
            x = missing ? f.default : v === f.encoding.category ? 1 : 0;
            break;
          case 'ordinal': {
            const code = typeof v === 'string' ? f.encoding.categories[v] : undefined;
            if (missing) addOnce(imp, f.source);
            else if (code === undefined) addOnce(oor, f.source);
            x = code ?? f.default;
            break;
          }
          case 'count':
          case 'numeric': {
            if (typeof v === 'number' && Number.isFinite(v)) {
              x = v;
            } else {
              // a missing class count means "no agent of that class"; anything else missing is imputed
              if (missing && f.encoding.kind === 'numeric') addOnce(imp, f.source);
              else if (!missing) addOnce(oor, f.source);
              x = f.default;
            }
            break;
          }
        }
        if (x < f.range.min || x > f.range.max) {
          addOnce(oor, f.source);
          if (clamp) x = Math.min(f.range.max, Math.max(f.range.min, x));
        }
        data[base + j] = x;
      }
      imputed.push(imp);
      outOfRange.push(oor);
    });
    return { data, rows: rows.length, width, imputed, outOfRange };
  };
}
