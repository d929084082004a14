/** rules.json: unique ids; conditions on known facts and pack vocabulary; a stop action names a class or drug; sources exist. */
import { pointer as ptr, type PackViolation } from '../pack-files';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkRules(pack: PackReferences): PackViolation[] {
  const rules = pack.get('rules.json');
  if (!rules) return [];
  const f = new FileProblems(pack, 'rules.json');
  const items = f.good(rules, (i) => ptr(i));
  f.unique(
    items,
    (r) => r.id,
    (i) => ptr(i, 'id'),
    'rule id',
  );
  for (const [r, i] of items) {
    f.refCondition(r.appliesWhen, ptr(i, 'appliesWhen'));
    f.refCondition(r.when, ptr(i, 'when'));
    const stop = r.action?.stop;
    if (stop !== undefined && !pack.ids.classes.has(stop) && !pack.ids.drugs.has(stop)) {
      f.report(ptr(i, 'action', 'stop'), `'${stop}' is neither a drug class nor a drug code`);
    }
    f.refSource(ptr(i, 'source'), r.source);
  }
  return f.problems;
}
