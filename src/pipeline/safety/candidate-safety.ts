/**
 * Checking a candidate incrementally. A candidate is one change to the proposal; the safety rules
 * it must obey are the enabled safety rules that may apply to ITS facts (the pack's safety-rule
 * index, keyed by drug, class, regimen and condition, plus the unkeyable ones). Of those, a rule
 * every fact of which (in `appliesWhen` and `when`) has the same value for the candidate as for the
 * proposal has the proposal's outcome — the evaluation is a function of those facts alone — and is
 * reused; every other one is evaluated afresh. Regimen-wide facts (classes with several drugs,
 * critical dose counts, doses, allergy conflicts…) are compared like any other fact, so a rule
 * reading one is re-evaluated whenever the change moves it. The verdict equals that of evaluating
 * every safety rule on the candidate (test/pipeline/candidate-safety.test.ts,
 * test/pipeline/rule-index-equivalence.test.ts).
 */
import { packIndex } from '../../knowledge/compile/compiled-pack';
import { rulesThatMayApply } from '../../knowledge/compile/rule-index';
import type { GuidelineRule, KnowledgePack } from '../../knowledge/types';
import type { FactValue, Facts } from '../core/facts';
import { evaluateRule, type RuleOutcome } from '../guideline-rules/evaluate-rules';

/** The candidate's safety-rule outcomes, given the proposal's facts and rule outcomes. */
export type CandidateSafetyCheck = (candidateFacts: Facts) => RuleOutcome[];

function sameValue(a: FactValue | undefined, b: FactValue | undefined): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

/** Prepares the check of every candidate of one case against its proposal. */
export function candidateSafetyCheck(
  pack: KnowledgePack,
  proposal: { facts: Facts; outcomes: readonly RuleOutcome[] },
): CandidateSafetyCheck {
  const index = packIndex(pack).safetyRules;
  const previous = new Map<GuidelineRule, RuleOutcome>();
  for (const o of proposal.outcomes) if (o.rule.safety) previous.set(o.rule, o);
  return (facts) =>
    rulesThatMayApply(index, (path) => facts.get(path)).map((rule) => {
      const before = previous.get(rule);
      const reads = index.reads.get(rule);
      const unchanged =
        before !== undefined &&
        reads !== undefined &&
        reads.every((path) => sameValue(proposal.facts.get(path), facts.get(path)));
      return unchanged ? before : evaluateRule(rule, facts);
    });
}
