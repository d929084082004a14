/**
 * One regimen priced and checked: its drug cost, its facts over the patient's, and the rules'
 * outcomes on it. The proposal gets every rule; a candidate the safety rules (the safety stage
 * judges it on them).
 */
import type { KnowledgePack } from '../../knowledge/types';
import type { FactValue, Facts } from '../core/facts';
import { priceDrugs, type DrugCosting } from '../drug-cost/cost-regimen';
import { assertPlausibleCosting } from '../drug-cost/costing-invariants';
import type { ResolvedCase, ResolvedRegimen } from '../resolve/resolved-case';
import { withRegimenFacts } from './derive-facts';
import { evaluateRules, type RuleOutcome } from './evaluate-rules';

/** A regimen that has been priced and checked: the proposal or a candidate. */
export interface EvaluatedRegimen {
  regimen: ResolvedRegimen;
  drugs: DrugCosting;
  facts: Facts;
  outcomes: RuleOutcome[];
}

export function evaluateRegimen(
  pack: KnowledgePack,
  resolved: ResolvedCase,
  patientFacts: ReadonlyMap<string, FactValue>,
  regimen: ResolvedRegimen,
  role: 'proposal' | 'candidate',
): EvaluatedRegimen {
  const weight = resolved.source.patient.weightKg?.value;
  const drugs = priceDrugs(pack, regimen, resolved.measures, weight);
  assertPlausibleCosting(drugs);
  const facts = withRegimenFacts(
    patientFacts,
    pack,
    resolved,
    {
      components: [...regimen.components, ...regimen.supportive],
      cycleLengthDays: regimen.cycleLengthDays,
      library: regimen.library,
    },
    drugs.components,
  );
  return {
    regimen,
    drugs,
    facts,
    outcomes: evaluateRules(pack, facts, role === 'candidate' ? (rule) => rule.safety : undefined),
  };
}

/** Drug cost of a course (therapeutic and supportive). */
export const drugCostPerCourse = (e: EvaluatedRegimen): number =>
  e.drugs.therapeuticPerCourse + e.drugs.supportivePerCourse;
