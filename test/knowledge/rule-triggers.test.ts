/**
 * Rule triggers: the keys one of which a case must have for a rule's `appliesWhen` to hold. The
 * property that makes the rule index safe: for ANY condition and ANY facts, when none of the
 * condition's keys is present the condition is not true (three-valued: false or unknown).
 */
import fc from 'fast-check';
import { buildRuleIndex, rulesThatMayApply } from '../../src/knowledge/compile/rule-index';
import { triggersOf } from '../../src/knowledge/compile/rule-triggers';
import type { Condition, GuidelineRule } from '../../src/knowledge/types';
import type { FactValue } from '../../src/pipeline/guideline-rules/derive-facts';
import { evaluateCondition } from '../../src/pipeline/guideline-rules/evaluate-condition';

const FACTS = ['regimen.drugs', 'regimen.classes', 'diagnosis.condition', 'regimen.agentCount', 'patient.sex'];
const VALUES = ['A', 'B', 'C', 1, 2, true];
const STRINGS = ['A', 'B', 'C'];

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    fact: fc.constantFrom(...FACTS),
    op: fc.constantFrom('eq' as const, 'ne' as const),
    value: fc.constantFrom(...VALUES),
  }),
  fc.record({
    fact: fc.constantFrom(...FACTS),
    op: fc.constantFrom('in' as const, 'notIn' as const),
    value: fc.subarray(VALUES),
  }),
  fc.record({
    fact: fc.constantFrom(...FACTS),
    op: fc.constantFrom('includes' as const, 'excludes' as const),
    value: fc.constantFrom(...STRINGS),
  }),
  fc.record({
    fact: fc.constantFrom(...FACTS),
    op: fc.constantFrom('includesAny' as const, 'includesNone' as const, 'startsWithAny' as const),
    value: fc.subarray(STRINGS),
  }),
  fc.record({
    fact: fc.constantFrom(...FACTS),
    op: fc.constantFrom('lt' as const, 'gte' as const),
    value: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ fact: fc.constantFrom(...FACTS), op: fc.constantFrom('exists' as const, 'missing' as const) }),
);

const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('c'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('c'), { maxLength: 3 }) }),
    fc.record({ not: tie('c') }),
  ),
})).c;

const factValue: fc.Arbitrary<FactValue | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(...VALUES),
  fc.subarray(STRINGS),
);
const facts = fc.tuple(...FACTS.map(() => factValue)).map((values) => {
  const map = new Map<string, FactValue>();
  FACTS.forEach((f, i) => values[i] !== undefined && map.set(f, values[i]!));
  return map;
});

function hasKey(keys: readonly { fact: string; value: unknown }[], values: Map<string, FactValue>): boolean {
  return keys.some(({ fact, value }) => {
    const v = values.get(fact);
    return Array.isArray(v) ? v.includes(value as string) : v === value;
  });
}

const rule = (id: string, appliesWhen: Condition, extra: Partial<GuidelineRule> = {}): GuidelineRule =>
  ({ id, appliesWhen, when: { fact: 'patient.sex', op: 'exists' }, safety: false, ...extra }) as GuidelineRule;

describe('rule triggers', () => {
  it('a condition none of whose keys a case has is never true for it (property)', () => {
    fc.assert(
      fc.property(condition, facts, (c, f) => {
        const triggers = triggersOf(c);
        if (triggers === 'always' || hasKey(triggers, f)) return true;
        return evaluateCondition(c, f).value !== true;
      }),
      { numRuns: 3000 },
    );
  });

  it('key a drug, a class, a regimen or a condition; take the most selective key of an `all`', () => {
    expect(
      triggersOf({
        all: [
          { fact: 'diagnosis.condition', op: 'eq', value: 'nsclc' },
          { fact: 'regimen.classes', op: 'includes', value: 'egfr-tki' },
        ],
      }),
    ).toEqual([{ fact: 'regimen.classes', value: 'egfr-tki' }]);
    expect(
      triggersOf({
        any: [
          { fact: 'regimen.classes', op: 'includes', value: 'chemotherapy' },
          { fact: 'regimen.drugs', op: 'includesAny', value: ['L01BA04', 'L01XA02'] },
        ],
      }),
    ).toEqual([
      { fact: 'regimen.classes', value: 'chemotherapy' },
      { fact: 'regimen.drugs', value: 'L01BA04' },
      { fact: 'regimen.drugs', value: 'L01XA02' },
    ]);
  });

  it('leave negations, numeric comparisons, existence and an `any` with such a branch unkeyed (always evaluated)', () => {
    expect(triggersOf({ not: { fact: 'regimen.drugs', op: 'includes', value: 'X' } })).toBe('always');
    expect(triggersOf({ fact: 'regimen.agentCount', op: 'gte', value: 1 })).toBe('always');
    expect(triggersOf({ all: [{ fact: 'patient.egfr', op: 'exists' }] })).toBe('always');
    expect(
      triggersOf({
        any: [
          { fact: 'regimen.drugs', op: 'includes', value: 'X' },
          { fact: 'regimen.classes', op: 'excludes', value: 'Y' },
        ],
      }),
    ).toBe('always');
  });
});

describe('rule index', () => {
  const rules = [
    rule('by-drug', { fact: 'regimen.drugs', op: 'includes', value: 'L01BA04' }),
    rule('patient-only', { fact: 'regimen.agentCount', op: 'gte', value: 1 }),
    rule('by-class', { fact: 'regimen.classes', op: 'includes', value: 'platinum' }),
    rule('disabled', { fact: 'regimen.drugs', op: 'includes', value: 'L01BA04' }, { enabled: false }),
  ];
  const index = buildRuleIndex(rules);
  const ids = (f: Record<string, FactValue>) => rulesThatMayApply(index, (p) => f[p] as never).map((r) => r.id);

  it('gives a case the rules of its drugs and classes and the unkeyable ones, in pack order, never a disabled one', () => {
    expect(ids({ 'regimen.drugs': ['L01BA04'], 'regimen.classes': ['platinum'] })).toEqual([
      'by-drug',
      'patient-only',
      'by-class',
    ]);
    expect(ids({ 'regimen.drugs': ['L04AX03'], 'regimen.classes': ['antimetabolite'] })).toEqual(['patient-only']);
  });

  it('records every fact a rule reads, for reusing outcomes', () => {
    expect(index.reads.get(rules[0]!)).toEqual(['regimen.drugs', 'patient.sex']);
  });
});
