/**
 * Deliberately unsafe copies of the default pack, for the mutation tests: the safety property must
 * find a counterexample against each. Every mutator checks that it changed something, so a pack
 * refactor that moves the data elsewhere fails loudly instead of turning the mutation test into a
 * test of an unchanged pack.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DEFAULT_PACK_DIR = path.resolve(__dirname, '..', '..', 'rules', 'default');

/** Files that describe products, prices, regimens or payers, never a contraindication. */
const NOT_SAFETY_FILES = new Set([
  'manifest.json',
  'formulary.json',
  'his-codes.json',
  'atc-aliases.json',
  'regimens.json',
  'regimen-switches.json',
  'substitution-groups.json',
  'drg-tariffs.json',
  'payer-policy.json',
  'sources.json',
  'policies.json',
  'variant-classes.json',
  'drug-classes.json',
]);

function copyPack(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-mutant-pack-'));
  for (const file of fs.readdirSync(DEFAULT_PACK_DIR))
    fs.copyFileSync(path.join(DEFAULT_PACK_DIR, file), path.join(dir, file));
  return dir;
}

/** Removes, from every array of the safety files, the objects `drop` selects; returns how many. */
function removeEverywhere(dir: string, drop: (item: unknown) => boolean): number {
  let removed = 0;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const kept = node.filter((item) => {
        if (drop(item)) {
          removed += 1;
          return false;
        }
        return true;
      });
      return kept.map(walk);
    }
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !NOT_SAFETY_FILES.has(f))) {
    const full = path.join(dir, file);
    fs.writeFileSync(full, JSON.stringify(walk(JSON.parse(fs.readFileSync(full, 'utf8'))), null, 2));
  }
  return removed;
}

/** Mutation 1: the pack forgets that metformin is contraindicated at low eGFR (every renal rule for metformin goes). */
export function packWithoutMetforminRenalLimit(): string {
  const dir = copyPack();
  const removed = removeEverywhere(dir, (item) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return false;
    const text = JSON.stringify(item);
    return /A10BA02|metformin|biguanide/i.test(text) && /egfr|renal|clearance|kidney/i.test(text) && /"id"/.test(text);
  });
  if (removed === 0)
    throw new Error(
      'mutation did not apply: no metformin renal rule found in the pack; update packWithoutMetforminRenalLimit',
    );
  return dir;
}

/**
 * Mutation 2: the pack forgets the JAK inhibitor age limit (EMA 2023: at 65 or over only if no
 * suitable alternative), wherever it keeps it (a rule, or a contraindication by drug or class).
 * (Listing TNF → JAK as an "equivalent" is refused by the pack loader itself, which is better.)
 */
export function packWithoutJakAgeLimit(): string {
  const dir = copyPack();
  const removed = removeEverywhere(dir, (item) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return false;
    const text = JSON.stringify(item);
    return /L04AF|tofacitinib|baricitinib|jak/i.test(text) && /ageYears|\b65\b/i.test(text) && /"id"/.test(text);
  });
  if (removed === 0)
    throw new Error(
      'mutation did not apply: no JAK inhibitor age rule found in the pack; update packWithoutJakAgeLimit',
    );
  return dir;
}
