/**
 * The pipeline's orchestrator: one assessment is the stages below, in this order (see README.md in
 * this folder). Each stage is a function of its input and the runtime snapshot; this module only
 * wires them. A batch runs one model call per chunk of cases (with all their candidates).
 */
import type { Case } from '../domain/case';
import type { KnowledgePack } from '../knowledge/types';
import { screenAlternatives, type ScreenedAlternatives } from './alternatives/screen-candidates';
import { UnresolvableCaseError } from './core/pipeline-issue';
import type { RuntimeSnapshot } from './core/runtime-snapshot';
import { buildCostEstimate } from './drug-cost/cost-regimen';
import { assessApproval, assessDrg } from './drg/drg-assessment';
import { derivePatientFacts } from './guideline-rules/derive-facts';
import { evaluateRegimen, type EvaluatedRegimen } from './guideline-rules/evaluate-regimen';
import { findingsFrom, type Finding } from './guideline-rules/evaluate-rules';
import {
  modelRangeFinding,
  originatorApprovalFindings,
  packValidityFindings,
  recencyFindings,
} from './guideline-rules/policy-findings';
import { estimateAll, type Estimate } from './model-stage/estimate';
import { priceOptions } from './options/price-options';
import { outOfPocket, payerUnassessed } from './payer/out-of-pocket';
import { checkPlausibility } from './plausibility/check-plausibility';
import { caseDeviations } from './regimen-match/case-deviations';
import { matchRegimen } from './regimen-match/build-regimen';
import { resolveInputs } from './resolve/resolve-case';
import type { ResolvedCase } from './resolve/resolved-case';
import { assessmentView, type Assessment, type ViewOptions } from './response/assessment-view';
import { judgeSafety } from './safety/safety-verdict';

export { UnresolvableCaseError };
export type { Assessment };
export interface AssessOptions extends ViewOptions {
  /** The cheaper-alternative display threshold, when the caller's differs from the pack's (CDS settings). */
  savingsDisplayThreshold?: { absolute: number; fraction: number };
}

/**
 * The stages in the order a request flows through them. A stage may import the core and the stages
 * before it, never one after it (test/pipeline/stage-dependencies.test.ts holds the code to this list).
 */
export const STAGES = [
  'plausibility',
  'resolve',
  'regimen-match',
  'drug-cost',
  'guideline-rules',
  'safety',
  'alternatives',
  'model-stage',
  'drg',
  'payer',
  'value',
  'options',
  'response',
] as const;

export type CaseResult = { ok: true; assessment: Assessment } | { ok: false; error: UnresolvableCaseError };

/** What a case carries to the model call. */
interface PreparedCase {
  resolved: ResolvedCase;
  proposal: EvaluatedRegimen;
  findings: Finding[];
  alternatives: ScreenedAlternatives;
}

/** The stages before the model, for one case. */
function prepareCase(pack: KnowledgePack, kase: Case): PreparedCase {
  checkPlausibility(kase, pack.policies.plausibleRanges);
  const resolved = matchRegimen(pack, resolveInputs(kase, pack));
  const patientFacts = derivePatientFacts(resolved, pack.policies);
  const proposal = evaluateRegimen(pack, resolved, patientFacts, resolved.regimen, 'proposal');
  const findings = [
    ...findingsFrom(pack, proposal.outcomes, proposal.facts),
    ...packValidityFindings(pack, kase.context.asOf),
    ...recencyFindings(pack, resolved),
    ...originatorApprovalFindings(pack, resolved),
  ];
  const alternatives = screenAlternatives(pack, { resolved, patientFacts, proposal, findings });
  return { resolved, proposal, findings, alternatives };
}

/** The stages after the model, for one case: DRG, payer, options, response. */
function finishCase(
  snapshot: RuntimeSnapshot,
  work: PreparedCase,
  [estimate, ...candidateEstimates]: Estimate[],
  options: AssessOptions,
): Assessment {
  const { pack, model } = snapshot;
  const { resolved, proposal } = work;
  if (!estimate) throw new Error('missing proposal estimate');
  const kase = resolved.source;
  const assumptions = [...resolved.assumptions, ...work.alternatives.assumptions];
  const expectedCost = buildCostEstimate(proposal.drugs, estimate.nonDrug, resolved.regimen, assumptions);
  const drg = assessDrg(pack, {
    kase,
    principal: resolved.principalDiagnosis,
    facts: proposal.facts,
    regimen: resolved.regimen,
    costing: {
      expectedAdmissionCost: expectedCost.perAdmission,
      expectedLengthOfStayDays: estimate.nonDrug.lengthOfStayDays,
      components: proposal.drugs.components,
    },
  });
  const unassessed = [...resolved.unassessed, ...drg.unassessed, ...payerUnassessed(pack, kase)];
  const payerOutOfPocket = outOfPocket(pack, kase, expectedCost.perCourse, proposal.drugs);
  const priced = priceOptions(pack, {
    resolved,
    candidates: work.alternatives.safe,
    estimates: candidateEstimates,
    proposal: { perCourse: expectedCost.perCourse, qalys: estimate.outcome.qalys },
    ...(options.savingsDisplayThreshold ? { displayThreshold: options.savingsDisplayThreshold } : {}),
  });
  const findings = [...work.findings];
  if (model && estimate.outcome.method === 'model') {
    findings.push(...modelRangeFinding(model.id, model.version, estimate.outcome.outOfRange, estimate.outcome.imputed));
  }
  findings.sort(bySeverity);
  return assessmentView(
    snapshot,
    {
      resolved,
      expectedCost,
      estimate,
      deviations: caseDeviations(pack, resolved.regimen),
      drg: drg.assessment,
      approval: assessApproval(pack, proposal.facts, expectedCost.perCourse),
      outOfPocket: payerOutOfPocket,
      safety: judgeSafety(proposal.outcomes),
      findings,
      options: priced,
      excluded: [...work.alternatives.excluded, ...priced.excluded],
      unassessed,
      ruleOutcomes: proposal.outcomes,
    },
    options,
  );
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;
const bySeverity = (a: Finding, b: Finding): number =>
  SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.ruleId.localeCompare(b.ruleId);

/**
 * Cases are prepared, estimated and finished in chunks: one model run per chunk of this many cases
 * (with all their candidates) keeps the model call batched while a 1,000-case batch never holds
 * more than one chunk's intermediate work.
 */
export const CASES_PER_MODEL_RUN = 64;

/**
 * Assess several cases with batched model runs across them and their candidates, and hand each
 * result to `onResult` in order as soon as it is finished, so a caller can write it out and let it
 * go. A case that cannot be resolved is reported in its slot; the others are unaffected.
 */
export async function assessEachCase(
  cases: readonly Case[],
  snapshot: RuntimeSnapshot,
  options: AssessOptions,
  onResult: (result: CaseResult, index: number) => void | Promise<void>,
): Promise<void> {
  for (let start = 0; start < cases.length; start += CASES_PER_MODEL_RUN) {
    const chunk = cases.slice(start, start + CASES_PER_MODEL_RUN);
    await assessChunk(chunk, snapshot, options, (result, i) => onResult(result, start + i));
  }
}

async function assessChunk(
  cases: readonly Case[],
  snapshot: RuntimeSnapshot,
  options: AssessOptions,
  onResult: (result: CaseResult, index: number) => void | Promise<void>,
): Promise<void> {
  const { pack, model } = snapshot;
  const prepared: (PreparedCase | UnresolvableCaseError | null)[] = cases.map((kase) => {
    try {
      return prepareCase(pack, kase);
    } catch (error) {
      if (error instanceof UnresolvableCaseError) return error;
      throw error;
    }
  });
  const requests = prepared.flatMap((work) =>
    work instanceof UnresolvableCaseError || work === null
      ? []
      : [work.proposal, ...work.alternatives.safe.map((c) => c.evaluated)].map((e) => ({
          resolved: work.resolved,
          regimen: e.regimen,
          facts: e.facts,
        })),
  );
  const estimates = await estimateAll(pack, model, requests);
  let offset = 0;
  for (let i = 0; i < prepared.length; i++) {
    const work = prepared[i];
    prepared[i] = null;
    if (!work) continue;
    if (work instanceof UnresolvableCaseError) {
      await onResult({ ok: false, error: work }, i);
      continue;
    }
    const count = 1 + work.alternatives.safe.length;
    const slice = estimates.slice(offset, offset + count);
    offset += count;
    await onResult({ ok: true, assessment: finishCase(snapshot, work, slice, options) }, i);
  }
}

/** All results at once (for single assessments and callers that need the whole list). */
export async function assessCases(
  cases: readonly Case[],
  snapshot: RuntimeSnapshot,
  options: AssessOptions,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  await assessEachCase(cases, snapshot, options, (result) => {
    results.push(result);
  });
  return results;
}

/** Assess one case; throws UnresolvableCaseError for a 422. */
export async function assessCase(kase: Case, snapshot: RuntimeSnapshot, options: AssessOptions): Promise<Assessment> {
  const [result] = await assessCases([kase], snapshot, options);
  if (!result) throw new Error('assessCases returned no result');
  if (!result.ok) throw result.error;
  return result.assessment;
}
