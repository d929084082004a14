/** atc-aliases.json: unique alias codes naming a current formulary drug, never a current code themselves. */
import { pointer as ptr, type PackViolation } from '../pack-files';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkAtcAliases(pack: PackReferences): PackViolation[] {
  const aliases = pack.get('atc-aliases.json');
  if (!aliases) return [];
  const f = new FileProblems(pack, 'atc-aliases.json');
  const items = f.good(aliases, (i) => ptr(i));
  f.unique(
    items,
    (a) => a.code,
    (i) => ptr(i, 'code'),
    'alias code',
  );
  for (const [a, i] of items) {
    f.refDrug(ptr(i, 'current'), a.current);
    if (pack.ids.drugs.has(a.code))
      f.report(ptr(i, 'code'), `alias '${a.code}' is itself a current drug code in formulary.json`);
    f.refSource(ptr(i, 'source'), a.source);
  }
  return f.problems;
}
