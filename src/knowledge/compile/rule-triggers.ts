/**
 * What can make a rule apply. A rule applies only when its `appliesWhen` is TRUE (three-valued:
 * unknown is not true), so a set of fact values at least one of which a case must have for that
 * to happen lets the case skip the rule without evaluating it. Derived from the condition:
 *
 * - `fact eq v`, `fact in [v…]`, `fact includes v`, `fact includesAny [v…]` hold only when the fact
 *   has (or, for a list, contains) one of those values: keyed by (fact, value);
 * - `all` holds only when every child holds: any one keyable child's keys suffice (the most selective
 *   is taken);
 * - `any` holds only when one child holds: the union of its children's keys (unkeyable if one is);
 * - `not`, negative and numeric comparisons, exists/missing, prefixes: not keyable — the rule is
 *   evaluated for every case ("always").
 *
 * Sound by construction: when no key is present the condition cannot be true, so the rule's outcome
 * is exactly the full evaluation's ("does not apply").
 */
import type { Condition, Scalar } from '../types';

export interface TriggerKey {
  fact: string;
  value: Scalar;
}

/** The keys, one of which must be present for the condition to hold; 'always' when none can be given. */
export type Triggers = readonly TriggerKey[] | 'always';

/** Facts whose keys narrow a rule best come first (a drug is rarer than a class, a class than a condition). */
const SELECTIVITY = [
  'regimen.drugs',
  'regimen.allDrugs',
  'regimen.id',
  'regimen.classes',
  'regimen.allClasses',
  'diagnosis.condition',
];

function rank(keys: readonly TriggerKey[]): number {
  const worst = Math.max(
    ...keys.map((k) => {
      const i = SELECTIVITY.indexOf(k.fact);
      return i < 0 ? SELECTIVITY.length : i;
    }),
  );
  return worst * 1000 + keys.length;
}

export function triggersOf(condition: Condition): Triggers {
  if ('all' in condition) {
    let best: readonly TriggerKey[] | null = null;
    for (const child of condition.all) {
      const t = triggersOf(child);
      if (t !== 'always' && (best === null || rank(t) < rank(best))) best = t;
    }
    return best ?? 'always';
  }
  if ('any' in condition) {
    const keys: TriggerKey[] = [];
    for (const child of condition.any) {
      const t = triggersOf(child);
      if (t === 'always') return 'always';
      keys.push(...t);
    }
    return keys;
  }
  if ('not' in condition) return 'always';
  switch (condition.op) {
    case 'eq':
    case 'includes':
      return [{ fact: condition.fact, value: condition.value }];
    case 'in':
    case 'includesAny':
      return condition.value.map((value) => ({ fact: condition.fact, value }));
    default:
      return 'always';
  }
}
