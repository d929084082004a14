/**
 * What an option says in the answer. Lean (the default): its totals and what it changes — savings,
 * expected cost totals, DRG margin, what the patient pays, value, and how many safety rules it
 * passed. Full (`view=full` or `explain=true`): also its per-component cost breakdown, the whole
 * out-of-pocket calculation and the ids of the safety rules it passed.
 */
import type { components } from '../../generated/api';

type Option = components['schemas']['Option'];
type OptionCost = components['schemas']['OptionCost'];
type OutOfPocket = components['schemas']['OutOfPocket'];

export type AnswerView = 'lean' | 'full';

export function optionView(option: Option, view: AnswerView): Option {
  if (view === 'full') return option;
  const { expectedCost, outOfPocket, rulesPassed: _ids, ...rest } = option;
  return {
    ...rest,
    expectedCost: costTotals(expectedCost),
    ...(outOfPocket ? { outOfPocket: outOfPocketTotal(outOfPocket) } : {}),
  };
}

function costTotals(cost: OptionCost): OptionCost {
  return {
    currency: cost.currency,
    method: cost.method,
    cycles: cost.cycles,
    cycleLengthDays: cost.cycleLengthDays,
    perCycle: cost.perCycle,
    perAdmission: cost.perAdmission,
    perCourse: cost.perCourse,
    // How the interval is made is the proposal's (expectedCost.interval.method), the same for every option.
    interval: { lower: cost.interval.lower, upper: cost.interval.upper },
    ...(cost.lengthOfStayDays !== undefined ? { lengthOfStayDays: cost.lengthOfStayDays } : {}),
    // Caveats on these totals (e.g. "perCycle is the first cycle; the product changes later") stay in every view.
    ...(cost.assumptions && cost.assumptions.length > 0 ? { assumptions: cost.assumptions } : {}),
  };
}

/** What the patient pays (or why it cannot be said), without the layers that make it up. */
function outOfPocketTotal(oop: OutOfPocket): OutOfPocket {
  if (!oop.available) return { available: false, ...(oop.reason !== undefined ? { reason: oop.reason } : {}) };
  return {
    available: true,
    ...(oop.patientPays !== undefined ? { patientPays: oop.patientPays } : {}),
    ...(oop.patientShare !== undefined ? { patientShare: oop.patientShare } : {}),
  };
}
