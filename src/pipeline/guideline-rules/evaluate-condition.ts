/**
 * Three-valued (Kleene) evaluation of rule conditions over named facts. A comparison on a missing
 * fact is unknown, never false: "no EGFR result recorded" is not "EGFR negative". The evaluation
 * also records every fact it read (for the finding's `inputs`) and the missing facts that left
 * the result undecided.
 */
import type { Condition } from '../../knowledge/types';
import type { FactValue, Facts } from '../core/facts';

export type Tri = boolean | undefined;

export interface Evaluation {
  value: Tri;
  /** Missing facts that made `value` unknown (empty when decided). */
  missing: string[];
}

export interface Trace {
  read: Map<string, FactValue | null>;
}

function combine(children: Evaluation[], mode: 'all' | 'any'): Evaluation {
  const decisive = mode === 'all' ? false : true;
  if (children.some((c) => c.value === decisive)) return { value: decisive, missing: [] };
  const unknown = children.filter((c) => c.value === undefined);
  if (unknown.length > 0) return { value: undefined, missing: [...new Set(unknown.flatMap((c) => c.missing))] };
  return { value: !decisive, missing: [] };
}

/** `trace`, when given, records every fact read (for a finding's inputs). */
export function evaluateCondition(condition: Condition, facts: Facts, trace?: Trace): Evaluation {
  if ('all' in condition)
    return combine(
      condition.all.map((c) => evaluateCondition(c, facts, trace)),
      'all',
    );
  if ('any' in condition)
    return combine(
      condition.any.map((c) => evaluateCondition(c, facts, trace)),
      'any',
    );
  if ('not' in condition) {
    const inner = evaluateCondition(condition.not, facts, trace);
    return { value: inner.value === undefined ? undefined : !inner.value, missing: inner.missing };
  }
  const value = facts.get(condition.fact);
  trace?.read.set(condition.fact, value ?? null);
  if (condition.op === 'exists') return { value: value !== undefined, missing: [] };
  if (condition.op === 'missing') return { value: value === undefined, missing: [] };
  if (value === undefined) return { value: undefined, missing: [condition.fact] };
  return { value: compare(condition, value), missing: [] };
}

type Comparison = Exclude<Condition, { all: Condition[] } | { any: Condition[] } | { not: Condition }>;

function compare(condition: Comparison, value: FactValue): boolean {
  const list: readonly (string | number | boolean)[] = Array.isArray(value)
    ? value
    : [value as string | number | boolean];
  switch (condition.op) {
    case 'exists':
      return true;
    case 'missing':
      return false;
    case 'eq':
      return value === condition.value;
    case 'ne':
      return value !== condition.value;
    case 'lt':
      return typeof value === 'number' && value < condition.value;
    case 'lte':
      return typeof value === 'number' && value <= condition.value;
    case 'gt':
      return typeof value === 'number' && value > condition.value;
    case 'gte':
      return typeof value === 'number' && value >= condition.value;
    case 'in':
      return condition.value.includes(value as string | number | boolean);
    case 'notIn':
      return !condition.value.includes(value as string | number | boolean);
    case 'includes':
      return list.includes(condition.value);
    case 'excludes':
      return !list.includes(condition.value);
    case 'includesAny':
      return condition.value.some((v) => list.includes(v));
    case 'includesNone':
      return !condition.value.some((v) => list.includes(v));
    case 'startsWithAny':
      return list.some((item) => typeof item === 'string' && condition.value.some((prefix) => item.startsWith(prefix)));
  }
}
