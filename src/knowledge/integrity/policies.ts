/** policies.json: the biosimilar-switch, generic-substitution and willingness-to-pay sources exist. */
import { pointer as ptr, type PackViolation } from '../pack-files';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkPolicies(pack: PackReferences): PackViolation[] {
  const policies = pack.get('policies.json');
  if (!policies) return [];
  const f = new FileProblems(pack, 'policies.json');
  if (f.shapeOk(ptr('biosimilarSwitch')))
    f.refSource(ptr('biosimilarSwitch', 'source'), policies.biosimilarSwitch.source);
  if (f.shapeOk(ptr('genericSubstitution')))
    f.refSource(ptr('genericSubstitution', 'source'), policies.genericSubstitution.source);
  if (f.shapeOk(ptr('wtpSource'))) f.refSource(ptr('wtpSource'), policies.wtpSource);
  return f.problems;
}
