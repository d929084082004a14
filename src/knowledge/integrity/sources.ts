/** sources.json: every source id once. */
import { pointer as ptr, type PackViolation } from '../pack-files';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkSources(pack: PackReferences): PackViolation[] {
  const sources = pack.get('sources.json');
  if (!sources) return [];
  const f = new FileProblems(pack, 'sources.json');
  f.unique(
    f.good(sources, (i) => ptr(i)),
    (s) => s.id,
    (i) => ptr(i, 'id'),
    'source id',
  );
  return f.problems;
}
