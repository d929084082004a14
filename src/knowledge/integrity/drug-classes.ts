/** drug-classes.json: unique ids, known parents without cycles, allergy sources that exist. */
import { pointer as ptr, type PackViolation } from '../pack-files';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkDrugClasses(pack: PackReferences): PackViolation[] {
  const classes = pack.get('drug-classes.json');
  if (!classes) return [];
  const f = new FileProblems(pack, 'drug-classes.json');
  const items = f.good(classes, (i) => ptr(i));
  f.unique(
    items,
    (c) => c.id,
    (i) => ptr(i, 'id'),
    'class id',
  );
  const parentOf = new Map(items.map(([c]) => [c.id, c.parent]));
  for (const [c, i] of items) {
    if (c.allergySource !== undefined) f.refSource(ptr(i, 'allergySource'), c.allergySource);
    if (c.parent === undefined) continue;
    f.refClass(ptr(i, 'parent'), c.parent);
    const seen = new Set([c.id]);
    for (let p: string | undefined = c.parent; p !== undefined; p = parentOf.get(p)) {
      if (seen.has(p)) {
        f.report(ptr(i, 'parent'), `class '${c.id}' is its own ancestor (parent cycle through '${p}')`);
        break;
      }
      seen.add(p);
    }
  }
  return f.problems;
}
