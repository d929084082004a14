/**
 * Options stage: every safe candidate priced with its model estimate, passed through the one cost
 * gate (a cheaper alternative must cost less than the proposal and save enough to be shown), and
 * given its DRG margin, out-of-pocket and value (build-option.ts). The three lists are ordered by
 * value; what is decided here is what the answer and the CDS cards show.
 */
import type { KnowledgePack } from '../../knowledge/types';
import type { ExcludedCandidate } from '../alternatives/candidate';
import { excludedFrom, type SafeCandidate } from '../alternatives/screen-candidates';
import { coursePrice } from '../drug-cost/cost-regimen';
import type { Estimate } from '../model-stage/estimate';
import type { ResolvedCase } from '../resolve/resolved-case';
import { alternativeVerdict } from './alternative-gate';
import { buildOption, type Option } from './build-option';

export interface PricedOptions {
  alternatives: Option[];
  preferredOptions: Option[];
  therapyChanges: Option[];
  /** Safe candidates the cost gate did not show, with why. */
  excluded: ExcludedCandidate[];
}

export interface OptionsInput {
  resolved: ResolvedCase;
  candidates: readonly SafeCandidate[];
  /** One estimate per candidate, in the same order. */
  estimates: readonly Estimate[];
  proposal: { perCourse: number; qalys: number };
  /** The display threshold when the caller's differs from the pack's (CDS_SAVINGS_MIN_*). */
  displayThreshold?: { absolute: number; fraction: number };
}

export function priceOptions(pack: KnowledgePack, input: OptionsInput): PricedOptions {
  const priced: PricedOptions = { alternatives: [], preferredOptions: [], therapyChanges: [], excluded: [] };
  const threshold = input.displayThreshold ?? pack.policies.savingsDisplayThreshold;
  input.candidates.forEach(({ candidate, evaluated, rulesPassed }, i) => {
    const estimate = input.estimates[i];
    if (!estimate) return;
    // Alternatives pass the one cost gate on the course price; preferred options and therapy
    // changes are shown with what they cost.
    if (candidate.list === 'alternatives') {
      const course = coursePrice(evaluated.drugs, estimate.nonDrug, candidate.regimen.cycles);
      const verdict = alternativeVerdict(input.proposal.perCourse, course, threshold);
      if (!verdict.shown) {
        priced.excluded.push(excludedFrom(candidate, [{ kind: verdict.kind, message: verdict.message }]));
        return;
      }
    }
    const option = buildOption(pack, input.resolved, {
      candidate,
      drugs: evaluated.drugs,
      facts: evaluated.facts,
      estimate,
      rulesPassed,
      proposal: input.proposal,
    });
    listFor(priced, candidate.list).push(option);
  });
  priced.alternatives.sort(byValue);
  priced.preferredOptions.sort(byValue);
  priced.therapyChanges.sort(byValue);
  return priced;
}

function listFor(priced: PricedOptions, list: SafeCandidate['candidate']['list']): Option[] {
  if (list === 'preferred') return priced.preferredOptions;
  if (list === 'therapy-changes') return priced.therapyChanges;
  return priced.alternatives;
}

/** Best value first; then the larger saving; then the id, so the order is deterministic. */
const byValue = (a: Option, b: Option): number =>
  b.value.netMonetaryBenefit - a.value.netMonetaryBenefit ||
  b.savings.absolute - a.savings.absolute ||
  a.id.localeCompare(b.id);
