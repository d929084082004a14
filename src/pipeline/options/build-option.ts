/**
 * One option (options stage): re-costed estimate, savings, DRG margin, patient out-of-pocket and
 * value against the proposal, with its basis, evidence, source and constraints.
 */
import type { components } from '../../generated/api';
import type { KnowledgePack } from '../../knowledge/types';
import type { Candidate } from '../alternatives/candidate';
import { buildCostEstimate, type DrugCosting } from '../drug-cost/cost-regimen';
import { money } from '../core/money';
import { assessDrg } from '../drg/drg-assessment';
import type { Facts } from '../core/facts';
import type { Estimate } from '../model-stage/estimate';
import { outOfPocket } from '../payer/out-of-pocket';
import type { ResolvedCase } from '../resolve/resolved-case';
import { optionValue } from '../value/value';

export type Option = components['schemas']['Option'];

export interface OptionInput {
  candidate: Candidate;
  drugs: DrugCosting;
  facts: Facts;
  estimate: Estimate;
  rulesPassed: string[];
  proposal: { perCourse: number; qalys: number };
}

export function buildOption(pack: KnowledgePack, resolved: ResolvedCase, input: OptionInput): Option {
  const { candidate, drugs, facts, estimate } = input;
  const kase = resolved.source;
  const cost = buildCostEstimate(drugs, estimate.nonDrug, candidate.regimen, []);
  const savings = input.proposal.perCourse - cost.perCourse;
  const fraction = input.proposal.perCourse > 0 ? savings / input.proposal.perCourse : 0;
  const drg = assessDrg(pack, {
    kase,
    principal: resolved.principalDiagnosis,
    facts,
    regimen: candidate.regimen,
    costing: {
      expectedAdmissionCost: cost.perAdmission,
      expectedLengthOfStayDays: estimate.nonDrug.lengthOfStayDays,
      components: drugs.components,
    },
  }).assessment;
  return {
    id: candidate.id,
    basis: candidate.basis,
    description: candidate.description,
    ...(candidate.regimen.library ? { regimenId: candidate.regimen.library.id } : {}),
    changes: candidate.changes,
    components: [...candidate.regimen.components, ...candidate.regimen.supportive].map((c) => ({
      drug: c.drug.code,
      product: c.phases.map((p) => p.product.code).join(' → '),
      dose: `${c.dose.value} ${c.dose.unit}${c.dose.roundedToMg !== undefined ? `, rounded to ${c.dose.roundedToMg} mg` : ''}`,
    })),
    expectedCost: cost,
    savings: { absolute: money(savings), fraction: Math.round(fraction * 10000) / 10000 },
    evidenceLevel: candidate.evidenceLevel,
    source: candidate.source,
    constraints: candidate.constraints,
    safetyRulesPassed: input.rulesPassed.length,
    rulesPassed: input.rulesPassed,
    ...(drg.margin !== undefined ? { drgMargin: drg.margin } : {}),
    outOfPocket: outOfPocket(pack, kase, cost.perCourse, drugs),
    value: optionValue({
      proposalCost: input.proposal.perCourse,
      proposalQalys: input.proposal.qalys,
      optionCost: cost.perCourse,
      optionQalys: estimate.outcome.qalys,
      sameMolecule: candidate.sameMolecule,
      willingnessToPay: pack.policies.willingnessToPayPerQaly,
      qalyMethod: estimate.outcome.method,
    }),
  };
}
