/**
 * Response stage: the one place that turns the pipeline's results into the API's Assessment
 * (rounding, provenance, the citation table, how much of each option is shown: lean by default,
 * full with `view=full`, everything with `explain`).
 */
import type { components } from '../../generated/api';
import type { KnowledgePack } from '../../knowledge/types';
import type { ExcludedCandidate } from '../alternatives/candidate';
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
import { citationTable } from './citation-table';
import { measuresView } from './measures-view';
import { optionView, type AnswerView } from './option-view';
import { rulesEvaluatedView } from './provenance-view';
import { safetyView } from './safety-view';

export type Assessment = components['schemas']['Assessment'];

export interface ViewOptions {
  /** List excluded candidates with the reason and every rule evaluated; implies the full view. */
  explain: boolean;
  /** `lean` (default): options carry their totals; `full`: also their per-component breakdown. */
  view?: AnswerView;
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
  const view: AnswerView = options.explain ? 'full' : (options.view ?? 'lean');
  const answer: Omit<Assessment, 'citations' | 'provenance'> = {
    ...(kase.caseRef !== undefined ? { caseRef: kase.caseRef } : {}),
    regimen: library
      ? {
          status: 'matched',
          id: library.id,
          name: library.name,
          source: library.source,
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
    alternatives: results.options.alternatives.map((o) => optionView(o, view)),
    preferredOptions: results.options.preferredOptions.map((o) => optionView(o, view)),
    therapyChanges: results.options.therapyChanges.map((o) => optionView(o, view)),
    measures: measuresView(resolved),
    ...(options.explain ? { excludedCandidates: results.excluded } : {}),
    unassessed: results.unassessed,
  };
  return {
    ...answer,
    citations: citationTable(pack, snapshot.model, answer),
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
    rulesEvaluated: rulesEvaluatedView(
      results.ruleOutcomes.map((o) => o.rule.id),
      pack.digest,
      options.explain,
    ),
    rulesFired: [...new Set(results.findings.filter((f) => f.missing.length === 0).map((f) => f.ruleId))],
    serviceVersion: options.serviceVersion,
    requestId: options.requestId,
    asOf: results.resolved.source.context.asOf,
  };
}
