/**
 * regimen-switches.json: unique ids; both ends are known, different regimens; a switch that claims
 * equivalence (or only removes drugs) never adds a mechanism; eligibility conditions and sources exist.
 */
import { mechanismChange } from '../equivalence';
import { pointer as ptr, type PackViolation } from '../pack-files';
import type { Drug, Regimen } from '../types';
import { FileProblems } from './file-problems';
import { type PackReferences, field, itemsOf } from './pack-references';

/** Switch bases that claim equivalence (or only remove drugs): they must not change mechanism. */
const EQUIVALENT_BASES: ReadonlySet<string> = new Set(['therapeutic-equivalence', 'iv-to-oral', 'step-down']);

export function checkRegimenSwitches(pack: PackReferences): PackViolation[] {
  const switches = pack.get('regimen-switches.json');
  if (!switches) return [];
  const f = new FileProblems(pack, 'regimen-switches.json');
  const items = f.good(switches, (i) => ptr(i));
  const regimensById = new Map(
    itemsOf(pack.files['regimens.json']).map((r) => [String(r['id']), r as unknown as Regimen]),
  );
  const drugsByCode = new Map(
    itemsOf(field(pack.files['formulary.json'], 'drugs')).map((d) => [String(d['code']), d as unknown as Drug]),
  );
  f.unique(
    items,
    (s) => s.id,
    (i) => ptr(i, 'id'),
    'switch id',
  );
  for (const [s, i] of items) {
    for (const end of ['from', 'to'] as const) f.refRegimen(ptr(i, end), s[end]);
    if (s.from === s.to) f.report(ptr(i, 'to'), 'a switch must lead to a different regimen');
    const from = regimensById.get(s.from);
    const to = regimensById.get(s.to);
    if (from && to && EQUIVALENT_BASES.has(s.basis)) {
      const { newMechanisms } = mechanismChange(from, to, drugsByCode);
      if (newMechanisms.length > 0) {
        f.report(
          ptr(i, 'basis'),
          `'${s.basis}' switch adds ${newMechanisms.join(', ')} of a class the switch does not remove: a change of mechanism is a therapy change (basis 'therapy-change' with its eligibility in 'when'), never an equivalent`,
        );
      }
    }
    if (s.when) f.refCondition(s.when, ptr(i, 'when'));
    f.refSource(ptr(i, 'source'), s.source);
  }
  return f.problems;
}
