/**
 * Response stage: the one place that turns the pipeline's results into the API's Assessment
 * (rounding, provenance, which lists are shown with `explain`).
 */
import type { components } from '../../generated/api';
import type { KnowledgePack } from '../../knowledge/types';
import type { ExcludedCandidate } from '../alternatives/candidate';
import { sourceCitation } from '../core/citations';
import type { RuntimeSnapshot } from '../core/runtime-snapshot';
import type { CostEstimate } from '../drug-cost/cost-regimen';
import type { Approval, DrgAssessment } from '../drg/drg-assessment';
import type { Finding, RuleOutcome } from '../guideline-rules/evaluate-rules';
import type { Estimate } from '../model-stage/estimate';
import type { PricedOptions } from '../options/price-options';
import type { OutOfPocket } from '../payer/out-of-pocket';
import type { Deviation } from '../regimen-match/match-regimen';
import type { ResolvedCase, UnassessedItem } from '../resolve/resolved-case';
import type { SafetyVerdict } from '../safety/safety-verdict';
import { measuresView } from './measures-view';
import { safetyView } from './safety-view';

export type Assessment = components['schemas']['Assessment'];

export interface ViewOptions {
  /** List excluded candidates with the reason. */
  explain: boolean;
  requestId: string;
  serviceVersion: string;
}

/** Everything the stages decided for one case. */
export interface CaseResults {
  resolved: ResolvedCase;
  expectedCost: CostEstimate;
  estimate: Estimate;
  deviations: Deviation[];
  drg: DrgAssessment;
  approval: Approval;
  outOfPocket: OutOfPocket;
  safety: SafetyVerdict;
  findings: Finding[];
  options: PricedOptions;
  excluded: ExcludedCandidate[];
  unassessed: UnassessedItem[];
  ruleOutcomes: readonly RuleOutcome[];
}

export function assessmentView(snapshot: RuntimeSnapshot, results: CaseResults, options: ViewOptions): Assessment {
  const { pack } = snapshot;
  const { resolved, estimate, findings } = results;
  const kase = resolved.source;
  const library = resolved.regimen.library;
  return {
    ...(kase.caseRef !== undefined ? { caseRef: kase.caseRef } : {}),
    regimen: library
      ? {
          status: 'matched',
          id: library.id,
          name: library.name,
          source: sourceCitation(pack, library.source),
          deviations: results.deviations,
        }
      : { status: 'none', id: 'none', deviations: results.deviations },
    expectedCost: results.expectedCost,
    outcome: outcomeView(pack, estimate),
    drg: results.drg,
    approval: results.approval,
    outOfPocket: results.outOfPocket,
    safety: safetyView(results.safety),
    findings,
    alternatives: results.options.alternatives,
    preferredOptions: results.options.preferredOptions,
    therapyChanges: results.options.therapyChanges,
    measures: measuresView(resolved),
    ...(options.explain ? { excludedCandidates: results.excluded } : {}),
    unassessed: results.unassessed,
    provenance: provenanceView(snapshot, results, options),
  };
}

function outcomeView(pack: KnowledgePack, estimate: Estimate): Assessment['outcome'] {
  const { outcome, nonDrug } = estimate;
  return {
    qalys: Math.round(outcome.qalys * 10000) / 10000,
    method: outcome.method,
    horizonMonths: outcome.horizonMonths,
    ...(outcome.grade3AdverseEventProbability !== undefined
      ? { grade3AdverseEventProbability: Math.round(outcome.grade3AdverseEventProbability * 1000) / 1000 }
      : {}),
    lengthOfStayDays: Math.round(nonDrug.lengthOfStayDays * 10) / 10,
    willingnessToPay: pack.policies.willingnessToPayPerQaly,
  };
}

function provenanceView(
  snapshot: RuntimeSnapshot,
  results: CaseResults,
  options: ViewOptions,
): Assessment['provenance'] {
  const { pack, model } = snapshot;
  const manifest = pack.manifest;
  return {
    pack: {
      id: manifest.id,
      version: manifest.version,
      effectiveFrom: manifest.effectiveFrom,
      ...(manifest.effectiveTo !== undefined ? { effectiveTo: manifest.effectiveTo } : {}),
      digest: pack.digest,
    },
    model: model
      ? {
          id: model.id,
          version: model.version,
          sha256: model.sha256,
          trainedOnSyntheticData: model.trainedOnSyntheticData,
        }
      : null,
    rulesEvaluated: results.ruleOutcomes.map((o) => o.rule.id),
    rulesFired: [...new Set(results.findings.filter((f) => f.missing.length === 0).map((f) => f.ruleId))],
    serviceVersion: options.serviceVersion,
    requestId: options.requestId,
    asOf: results.resolved.source.context.asOf,
  };
}
