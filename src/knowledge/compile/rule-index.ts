/**
 * Rules keyed by what can trigger them (rule-triggers.ts), built once per pack: a case evaluates
 * the rules whose keys it has — its drugs, classes (with parents), regimen, condition — and the
 * few rules that cannot be keyed. Every other rule does not apply to it, by construction.
 */
import type { GuidelineRule, Scalar } from '../types';
import { forEachFactCondition } from '../conditions';
import { triggersOf } from './rule-triggers';

/** Reads one fact of a case (a scalar or a list of strings). */
export type FactReader = (path: string) => Scalar | readonly string[] | undefined;

export interface RuleIndex {
  /** The enabled rules, in pack order. */
  readonly rules: readonly GuidelineRule[];
  /** Rule positions (in `rules`) evaluated for every case. */
  readonly always: readonly number[];
  /** fact → value → positions of the rules that value can trigger. */
  readonly buckets: ReadonlyMap<string, ReadonlyMap<Scalar, readonly number[]>>;
  /** Every fact path each rule reads (appliesWhen and when). */
  readonly reads: ReadonlyMap<GuidelineRule, readonly string[]>;
}

export function buildRuleIndex(rules: readonly GuidelineRule[]): RuleIndex {
  const enabled = rules.filter((r) => r.enabled !== false);
  const always: number[] = [];
  const buckets = new Map<string, Map<Scalar, number[]>>();
  const reads = new Map<GuidelineRule, readonly string[]>();
  enabled.forEach((rule, position) => {
    const facts = new Set<string>();
    forEachFactCondition(rule.appliesWhen, '', (c) => facts.add(c.fact));
    forEachFactCondition(rule.when, '', (c) => facts.add(c.fact));
    reads.set(rule, Object.freeze([...facts]));
    const triggers = triggersOf(rule.appliesWhen);
    if (triggers === 'always') {
      always.push(position);
      return;
    }
    for (const { fact, value } of triggers) {
      let byValue = buckets.get(fact);
      if (!byValue) buckets.set(fact, (byValue = new Map()));
      const list = byValue.get(value) ?? [];
      if (list.at(-1) !== position) list.push(position);
      byValue.set(value, list);
    }
  });
  return { rules: enabled, always, buckets, reads };
}

/** The rules that may apply to a case with these facts, in pack order. */
export function rulesThatMayApply(index: RuleIndex, read: FactReader): GuidelineRule[] {
  const hit = new Set<number>(index.always);
  for (const [fact, byValue] of index.buckets) {
    const value = read(fact);
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const v of value as readonly Scalar[]) byValue.get(v)?.forEach((p) => hit.add(p));
    } else byValue.get(value as Scalar)?.forEach((p) => hit.add(p));
  }
  return [...hit].sort((a, b) => a - b).map((p) => index.rules[p]!);
}
