/**
 * The safety stage's one contract: for the proposal and for every candidate, the safety rules that
 * apply to ITS OWN drugs, doses and schedule decide `safe`, `unsafe` (a rule holds against it) or
 * `unknown` (a rule cannot be decided: the missing inputs would decide it). Unknown never passes an
 * option: a candidate is offered only when its verdict is `safe`.
 */
import type { GuidelineRule } from '../../knowledge/types';
import { describeFact, type RuleOutcome } from '../guideline-rules/evaluate-rules';

export interface SafetyViolation {
  rule: GuidelineRule;
  kind: 'unsafe' | 'unknown';
  /** Fact paths that would decide an unknown rule. */
  missing: string[];
}

export interface SafetyVerdict {
  status: 'safe' | 'unsafe' | 'unknown';
  violations: SafetyViolation[];
  /** Ids of the safety rules that applied and are known to hold (the option's `rulesPassed`). */
  rulesPassed: string[];
}

/** The verdict from rule outcomes: unsafe wins over unknown, unknown over safe. */
export function judgeSafety(outcomes: readonly RuleOutcome[]): SafetyVerdict {
  const violations: SafetyViolation[] = [];
  const rulesPassed: string[] = [];
  for (const o of outcomes) {
    if (!o.rule.safety || !o.applies) continue;
    if (o.value === true) violations.push({ rule: o.rule, kind: 'unsafe', missing: [] });
    else if (o.value === undefined) violations.push({ rule: o.rule, kind: 'unknown', missing: o.missing });
    else rulesPassed.push(o.rule.id);
  }
  const status = violations.some((v) => v.kind === 'unsafe') ? 'unsafe' : violations.length > 0 ? 'unknown' : 'safe';
  return { status, violations, rulesPassed };
}

/** An explanation line per violation, for `excludedCandidates` (`?explain=true`). */
export function violationReasons(
  verdict: SafetyVerdict,
): { kind: 'rule'; ruleId: string; safety: 'unsafe' | 'unknown'; missingInputs?: string[]; message: string }[] {
  return verdict.violations.map((v) =>
    v.kind === 'unsafe'
      ? { kind: 'rule', ruleId: v.rule.id, safety: 'unsafe', message: `${v.rule.id}: ${v.rule.message.en}` }
      : {
          kind: 'rule',
          ruleId: v.rule.id,
          safety: 'unknown',
          missingInputs: v.missing,
          message: `${v.rule.id} (${v.rule.title.en}) cannot be confirmed for this option; it would be decided by: ${v.missing.map((m) => describeFact(m).en).join('; ')}.`,
        },
  );
}
