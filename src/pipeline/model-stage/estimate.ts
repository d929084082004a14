/**
 * Patient-specific non-drug costs and outcome for every option of every case, with ONE batched
 * model run. Conditions the model does not cover keep the pack averages; each estimate says
 * which method it used.
 */
import type { KnowledgePack } from '../../knowledge/types';
import type { CostOutcomeModel } from '../../model/cost-outcome-model';
import type { ModelPrediction } from '../../model/types';
import { packAverageNonDrug, type NonDrugPerCycle } from '../drug-cost/cost-regimen';
import type { Facts } from '../core/facts';
import type { ResolvedCase, ResolvedRegimen } from '../resolve/resolved-case';
import { modelInput } from './model-inputs';

export interface EstimateRequest {
  resolved: ResolvedCase;
  regimen: ResolvedRegimen;
  facts: Facts;
}

export interface OutcomeEstimate {
  method: 'model' | 'pack-average';
  qalys: number;
  horizonMonths: number;
  grade3AdverseEventProbability?: number;
  outOfRange: string[];
  imputed: string[];
}

export interface Estimate {
  nonDrug: NonDrugPerCycle;
  outcome: OutcomeEstimate;
}

function packOutcome(request: EstimateRequest): OutcomeEstimate {
  const horizonMonths = request.resolved.source.context.horizonMonths ?? 12;
  const outcome = request.regimen.library?.outcome ?? request.regimen.averagesFrom?.outcome;
  return {
    method: 'pack-average',
    qalys: (outcome?.qalysPerYear ?? 0) * (horizonMonths / 12),
    horizonMonths,
    ...(outcome?.grade3AdverseEventProbability !== undefined
      ? { grade3AdverseEventProbability: outcome.grade3AdverseEventProbability }
      : {}),
    outOfRange: [],
    imputed: [],
  };
}

function fromModel(request: EstimateRequest, prediction: ModelPrediction, model: CostOutcomeModel): Estimate {
  const averages = packAverageNonDrug(request.regimen);
  const plannedStay = averages.hospitalStay;
  const aeAndUnplanned = prediction.adverseEventCostPerAdmission + prediction.unplannedStayCostPerAdmission;
  const exactish = averages.administration + averages.monitoring + plannedStay;
  return {
    nonDrug: {
      method: 'model',
      administration: averages.administration,
      monitoring: averages.monitoring,
      adverseEventManagement: prediction.adverseEventCostPerAdmission,
      hospitalStay: plannedStay + prediction.unplannedStayCostPerAdmission,
      lengthOfStayDays: prediction.lengthOfStayDays,
      uncertainLower: exactish + Math.min(prediction.nonDrugCostLower, aeAndUnplanned),
      uncertainUpper: exactish + Math.max(prediction.nonDrugCostUpper, aeAndUnplanned),
      intervalMethod: `model ${model.id} ${model.version} interval on adverse-event and unplanned-stay cost; administration, monitoring and planned stay from pack averages`,
      note: `Adverse-event management, unplanned stay and length of stay predicted by model ${model.id} ${model.version}${model.trainedOnSyntheticData ? ' (trained on synthetic data)' : ''}.`,
    },
    outcome: {
      method: 'model',
      qalys: prediction.qalys,
      horizonMonths: request.resolved.source.context.horizonMonths ?? 12,
      grade3AdverseEventProbability: prediction.grade3AdverseEventProbability,
      outOfRange: prediction.outOfRange,
      imputed: prediction.imputed,
    },
  };
}

export async function estimateAll(
  pack: KnowledgePack,
  model: CostOutcomeModel | null,
  requests: readonly EstimateRequest[],
): Promise<Estimate[]> {
  const covered = model
    ? requests.map((r, i) => ({ r, i })).filter(({ r }) => model.covers(r.resolved.condition.id))
    : [];
  const predictions =
    model && covered.length > 0
      ? await model.predict(
          covered.map(({ r }) =>
            modelInput(pack, r.resolved, r.regimen, r.facts, model.manifest.coverage.regimenClasses),
          ),
        )
      : [];
  const byIndex = new Map(covered.map(({ i }, k) => [i, predictions[k]]));
  return requests.map((r, i) => {
    const prediction = byIndex.get(i);
    if (model && prediction) return fromModel(r, prediction, model);
    return { nonDrug: packAverageNonDrug(r.regimen), outcome: packOutcome(r) };
  });
}
