/**
 * The grouper's input record, in the scheme's own terms (README §2): the scalar fields are text,
 * exactly as a discharge abstract carries them, so that blank and non-numeric values read the
 * way the published grouper reads them (§2.2). Adapters turn API JSON into this shape.
 */

export interface GrouperRecord {
  /** `"1"` male, `"2"` female; `男` / `女` are normalised; other values pass but match no sex rule. */
  gender: string;
  /** Whole years, as text; blank reads as 0. */
  age: string;
  /** Days, as text; blank reads as 0 (a newborn, README §6.3). */
  ageDays: string;
  /** Birth weight in grams, as text; blank reads as 0. */
  weight: string;
  /** Principal first, then the secondary diagnoses. Order, duplicates and empty codes are kept. */
  diagnoses: readonly string[];
  /** Main procedure first. No procedure is `[""]` in the source; `[]` groups the same. */
  procedures: readonly string[];
}

const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * A text field read as a number the way the source's loose comparison reads it (README §2.2):
 * blank or whitespace is 0, a decimal number is its value, anything else is NaN (every
 * comparison with NaN is false).
 */
export function num(text: string): number {
  if (text.trim() === '') return 0;
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}
