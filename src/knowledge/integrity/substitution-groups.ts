/** substitution-groups.json: unique ids, member products that exist, sources that exist. */
import { pointer as ptr, type PackViolation } from '../pack-files';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkSubstitutionGroups(pack: PackReferences): PackViolation[] {
  const groups = pack.get('substitution-groups.json');
  if (!groups) return [];
  const f = new FileProblems(pack, 'substitution-groups.json');
  const items = f.good(groups, (i) => ptr(i));
  f.unique(
    items,
    (g) => g.id,
    (i) => ptr(i, 'id'),
    'group id',
  );
  for (const [g, i] of items) {
    g.members.forEach((m, j) => f.refProduct(ptr(i, 'members', j), m));
    f.refSource(ptr(i, 'source'), g.source);
  }
  return f.problems;
}
