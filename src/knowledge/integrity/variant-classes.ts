/** variant-classes.json: known genes, classes that exist, patterns that are valid regular expressions, sources that exist. */
import { pointer as ptr, type PackViolation } from '../pack-files';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkVariantClasses(pack: PackReferences): PackViolation[] {
  const variants = pack.get('variant-classes.json');
  if (!variants) return [];
  const f = new FileProblems(pack, 'variant-classes.json');
  for (const [v, i] of f.good(variants, (i) => ptr(i))) {
    f.refGene(ptr(i, 'gene'), v.gene);
    v.appliesToClasses?.forEach((c, j) => f.refClass(ptr(i, 'appliesToClasses', j), c));
    try {
      new RegExp(v.pattern, 'i');
    } catch (e) {
      f.report(ptr(i, 'pattern'), `invalid regular expression: ${(e as Error).message}`);
    }
    f.refSource(ptr(i, 'source'), v.source);
  }
  return f.problems;
}
