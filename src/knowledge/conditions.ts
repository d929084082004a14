/** Walking the declarative conditions of rules, switches and approval thresholds. */
import type { Condition, Scalar } from './types';
import { pointer as ptr } from './pack-files';

export type FactCondition = Extract<Condition, { fact: string }>;

/** Calls `visit` for every fact comparison inside `condition`, with its JSON pointer below `base`. */
export function forEachFactCondition(
  condition: Condition,
  base: string,
  visit: (c: FactCondition, at: string) => void,
): void {
  if ('all' in condition) condition.all.forEach((c, i) => forEachFactCondition(c, base + ptr('all', i), visit));
  else if ('any' in condition) condition.any.forEach((c, i) => forEachFactCondition(c, base + ptr('any', i), visit));
  else if ('not' in condition) forEachFactCondition(condition.not, base + ptr('not'), visit);
  else visit(condition, base);
}

/** The literal values a fact comparison tests against (empty for exists / missing). */
export function comparedValues(c: FactCondition): Scalar[] {
  if (!('value' in c)) return [];
  return Array.isArray(c.value) ? [...c.value] : [c.value];
}
