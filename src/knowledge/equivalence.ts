/**
 * What "equivalent" means for a regimen switch: every drug the target adds shares a class of its own
 * (not just a parent class) with a drug the switch removes — carboplatin ↔ cisplatin (platinum),
 * gefitinib ↔ erlotinib (first-generation EGFR TKI), fluorouracil → capecitabine (pyrimidine
 * analogue). A drug of another class (TNF inhibitor → JAK inhibitor, chemotherapy → aromatase
 * inhibitor) is a change of mechanism: a therapy change, never a cheaper equivalent.
 */
import type { Drug, Regimen } from './types';

export interface MechanismChange {
  /** Added drug codes with no removed drug of a shared class. */
  newMechanisms: string[];
}

export function mechanismChange(
  from: Pick<Regimen, 'components'>,
  to: Pick<Regimen, 'components'>,
  drugs: ReadonlyMap<string, Pick<Drug, 'classes'>>,
): MechanismChange {
  const all = [...from.components, ...to.components].map((c) => c.drug);
  // A drug the formulary lacks is reported as a dangling reference; its mechanism cannot be judged.
  if (all.some((d) => !drugs.has(d))) return { newMechanisms: [] };
  const fromDrugs = new Set(from.components.map((c) => c.drug));
  const toDrugs = new Set(to.components.map((c) => c.drug));
  const removedClasses = new Set(
    [...fromDrugs].filter((d) => !toDrugs.has(d)).flatMap((d) => drugs.get(d)?.classes ?? []),
  );
  const newMechanisms = [...toDrugs].filter(
    (d) => !fromDrugs.has(d) && !(drugs.get(d)?.classes ?? []).some((k) => removedClasses.has(k)),
  );
  return { newMechanisms };
}
