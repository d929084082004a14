import { judgeSafety, violationReasons } from '../../src/pipeline/safety/safety-verdict';
import type { RuleOutcome } from '../../src/pipeline/guideline-rules/evaluate-rules';
import type { GuidelineRule } from '../../src/knowledge/types';

const rule = (id: string, safety = true): GuidelineRule => ({
  id,
  title: { en: id, zh: id },
  category: 'contraindication',
  severity: 'critical',
  appliesWhen: { fact: 'regimen.agentCount', op: 'gte', value: 1 },
  when: { fact: 'patient.egfr', op: 'lt', value: 30 },
  message: { en: `${id} holds`, zh: id },
  safety,
  source: 's',
  evidenceLevel: 'A',
});
const outcome = (
  r: GuidelineRule,
  applies: boolean,
  value: boolean | undefined,
  missing: string[] = [],
): RuleOutcome => ({ rule: r, applies, value, missing, inputs: {} });

describe('the safety verdict', () => {
  it('is safe only when every applicable safety rule is known not to hold', () => {
    const v = judgeSafety([outcome(rule('A'), true, false), outcome(rule('B'), false, false)]);
    expect(v.status).toBe('safe');
    expect(v.rulesPassed).toEqual(['A']);
  });

  it('is unknown when an applicable safety rule cannot be decided, naming the input that would decide it', () => {
    const v = judgeSafety([outcome(rule('A'), true, false), outcome(rule('B'), true, undefined, ['patient.egfr'])]);
    expect(v.status).toBe('unknown');
    expect(violationReasons(v)).toEqual([
      expect.objectContaining({ ruleId: 'B', safety: 'unknown', missingInputs: ['patient.egfr'] }),
    ]);
  });

  it('is unsafe when a safety rule holds, even if another is unknown', () => {
    const v = judgeSafety([outcome(rule('A'), true, true), outcome(rule('B'), true, undefined, ['patient.pregnant'])]);
    expect(v.status).toBe('unsafe');
    expect(v.violations.map((x) => [x.rule.id, x.kind])).toEqual([
      ['A', 'unsafe'],
      ['B', 'unknown'],
    ]);
  });

  it('ignores rules that are not safety rules or do not apply', () => {
    expect(
      judgeSafety([outcome(rule('G', false), true, true), outcome(rule('A'), false, undefined, ['x'])]).status,
    ).toBe('safe');
  });
});
