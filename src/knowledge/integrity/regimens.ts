/**
 * regimens.json: unique ids; the condition, drugs (components and supportive), required genes and
 * ADRG each regimen names exist; its cost, outcome and own sources exist.
 */
import { pointer as ptr, type PackViolation } from '../pack-files';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkRegimens(pack: PackReferences): PackViolation[] {
  const regimens = pack.get('regimens.json');
  if (!regimens) return [];
  const f = new FileProblems(pack, 'regimens.json');
  const items = f.good(regimens, (i) => ptr(i));
  f.unique(
    items,
    (r) => r.id,
    (i) => ptr(i, 'id'),
    'regimen id',
  );
  for (const [r, i] of items) {
    f.refConditionId(ptr(i, 'condition'), r.condition);
    r.components.forEach((c, j) => f.refDrug(ptr(i, 'components', j, 'drug'), c.drug));
    r.supportive.forEach((s, j) => {
      f.refDrug(ptr(i, 'supportive', j, 'drug'), s.drug);
      f.refSource(ptr(i, 'supportive', j, 'source'), s.source);
    });
    r.requiredBiomarkers.forEach((b, j) => f.refGene(ptr(i, 'requiredBiomarkers', j, 'gene'), b.gene));
    if (
      r.drgGroup !== undefined &&
      pack.has('drg-tariffs.json') &&
      ![...pack.ids.drgGroups].some((g) => g.slice(0, 3) === r.drgGroup)
    ) {
      f.report(ptr(i, 'drgGroup'), `unknown ADRG '${r.drgGroup}' (no DRG of it in drg-tariffs.json groups)`);
    }
    f.refSource(ptr(i, 'perCycle', 'source'), r.perCycle.source);
    f.refSource(ptr(i, 'outcome', 'source'), r.outcome.source);
    f.refSource(ptr(i, 'source'), r.source);
  }
  return f.problems;
}
