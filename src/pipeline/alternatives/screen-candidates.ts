/**
 * Alternatives stage: generate candidates one change at a time (product swaps, dose rounding,
 * regimen switches, guideline step-downs, then the accepted simple changes combined) and let the
 * safety stage judge each one. Only a candidate KNOWN to be safe for this patient goes on to be
 * priced as an option (options stage); every other is excluded with its reason.
 */
import type { KnowledgePack } from '../../knowledge/types';
import type { FactValue } from '../core/facts';
import type { Finding } from '../guideline-rules/evaluate-rules';
import { drugCostPerCourse, evaluateRegimen, type EvaluatedRegimen } from '../guideline-rules/evaluate-regimen';
import type { ResolvedCase } from '../resolve/resolved-case';
import { judgeSafety, violationReasons } from '../safety/safety-verdict';
import type { Candidate, ExcludedCandidate } from './candidate';
import { combinedCandidate } from './combined';
import { doseRoundingCandidates } from './dose-rounding';
import { productSwapCandidates } from './product-swaps';
import { regimenSwitchCandidates } from './regimen-switches';
import { stepDownCandidates } from './rule-step-downs';

/** A candidate the safety stage found safe: priced, with the ids of the safety rules it passed. */
export interface SafeCandidate {
  candidate: Candidate;
  evaluated: EvaluatedRegimen;
  rulesPassed: string[];
}

export interface ScreenedAlternatives {
  safe: SafeCandidate[];
  excluded: ExcludedCandidate[];
  assumptions: string[];
}

export interface ScreeningInput {
  resolved: ResolvedCase;
  patientFacts: ReadonlyMap<string, FactValue>;
  proposal: EvaluatedRegimen;
  findings: readonly Finding[];
}

export function excludedFrom(candidate: Candidate, reasons: ExcludedCandidate['reasons']): ExcludedCandidate {
  return { id: candidate.id, basis: candidate.basis, description: candidate.description, reasons };
}

/** Every candidate for this case, each judged by the safety stage. */
export function screenAlternatives(pack: KnowledgePack, input: ScreeningInput): ScreenedAlternatives {
  const { resolved, proposal } = input;
  const swaps = productSwapCandidates(pack, resolved);
  const switches = regimenSwitchCandidates(pack, resolved, proposal.facts);
  const generated = [
    ...swaps.candidates,
    ...doseRoundingCandidates(pack, resolved),
    ...switches.candidates,
    ...stepDownCandidates(pack, resolved, [...input.findings]),
  ];
  const screened: ScreenedAlternatives = {
    safe: [],
    excluded: [...swaps.excluded, ...switches.excluded],
    assumptions: [...swaps.assumptions],
  };
  generated.forEach((candidate) => screenOne(pack, input, candidate, screened));

  const combined = combinedCandidate(
    pack,
    resolved.regimen,
    drugCostPerCourse(proposal),
    screened.safe.map((a) => ({ candidate: a.candidate, drugCostPerCourse: drugCostPerCourse(a.evaluated) })),
  );
  if (combined) screenOne(pack, input, combined, screened);
  return screened;
}

/** Price and check one candidate; the safety stage's verdict decides whether it goes on. */
function screenOne(pack: KnowledgePack, input: ScreeningInput, candidate: Candidate, into: ScreenedAlternatives): void {
  let evaluated: EvaluatedRegimen;
  try {
    evaluated = evaluateRegimen(pack, input.resolved, input.patientFacts, candidate.regimen, 'candidate');
  } catch (error) {
    into.excluded.push(excludedFrom(candidate, [{ kind: 'costing', message: (error as Error).message }]));
    return;
  }
  const verdict = judgeSafety(evaluated.outcomes);
  if (verdict.status !== 'safe') {
    into.excluded.push(excludedFrom(candidate, violationReasons(verdict)));
    return;
  }
  into.safe.push({ candidate, evaluated: { ...evaluated, outcomes: [] }, rulesPassed: verdict.rulesPassed });
}
