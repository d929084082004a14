/**
 * One assessment, end to end: resolve → drug cost → guideline rules → candidates → model →
 * DRG and payer → value → response. Each stage is a pure function of its input and the
 * snapshot; this module only wires them. A batch runs ONE model call across all its cases.
 */
import type { components } from '../generated/api';
import type { Case } from '../domain/case';
import type { RuntimeSnapshot } from './core/runtime-snapshot';
import type { KnowledgePack } from '../knowledge/types';
import type { Candidate, ExcludedCandidate } from './alternatives/candidate';
import { combinedCandidate } from './alternatives/combined';
import { doseRoundingCandidates } from './alternatives/dose-rounding';
import { productSwapCandidates } from './alternatives/product-swaps';
import { regimenSwitchCandidates } from './alternatives/regimen-switches';
import { stepDownCandidates } from './alternatives/rule-step-downs';
import { buildCostEstimate, coursePrice, priceDrugs, type DrugCosting } from './drug-cost/cost-regimen';
import { assessApproval, assessDrg } from './drg/drg-assessment';
import { UnresolvableCaseError } from './core/pipeline-issue';
import { derivePatientFacts, withRegimenFacts, type Facts, type FactValue } from './guideline-rules/derive-facts';
import { evaluateRules, findingsFrom, type Finding, type RuleOutcome } from './guideline-rules/evaluate-rules';
import { checkPlausibility } from './plausibility/check-plausibility';
import { assertPlausibleCosting } from './drug-cost/costing-invariants';
import { isSafetyRule, judgeSafety, safetyView, violationReasons } from './safety/safety-verdict';
import { measuresView } from './response/measures-view';
import { estimateAll, type Estimate } from './model-stage/estimate';
import {
  modelRangeFinding,
  originatorApprovalFindings,
  packValidityFindings,
  recencyFindings,
} from './guideline-rules/policy-findings';
import { protocolDeviations } from './regimen-match/match-regimen';
import { buildOption, type Option } from './options/build-option';
import { citationTable } from './response/citation-table';
import { optionView, type AnswerView } from './response/option-view';
import { rulesEvaluatedView } from './response/provenance-view';
import { resolveCase } from './resolve/resolve-case';
import type { ResolvedCase, ResolvedRegimen } from './resolve/resolved-case';
import { outOfPocket } from './payer/out-of-pocket';
import { alternativeVerdict } from './options/alternative-gate';

export { UnresolvableCaseError };

export type Assessment = components['schemas']['Assessment'];

export interface AssessOptions {
  /** List excluded candidates with the reason and every rule evaluated; implies the full view. */
  explain: boolean;
  /** `lean` (default): options carry their totals; `full`: also their per-component breakdown. */
  view?: AnswerView;
  /** The cheaper-alternative display threshold, when the caller's differs from the pack's (CDS settings). */
  savingsDisplayThreshold?: { absolute: number; fraction: number };
  requestId: string;
  serviceVersion: string;
}

export type CaseResult = { ok: true; assessment: Assessment } | { ok: false; error: UnresolvableCaseError };

/** A regimen that has been priced and checked: the proposal or a surviving candidate. */
interface Evaluated {
  regimen: ResolvedRegimen;
  drugs: DrugCosting;
  facts: Facts;
  outcomes: RuleOutcome[];
}

interface CaseWork {
  resolved: ResolvedCase;
  proposal: Evaluated;
  findings: Finding[];
  /** Accepted candidates; their rule outcomes are reduced to the ids of the safety rules they passed. */
  candidates: { candidate: Candidate; evaluated: Evaluated; rulesPassed: string[] }[];
  excluded: ExcludedCandidate[];
  assumptions: string[];
}

/**
 * Price a regimen, derive its facts and evaluate rules on it: every rule for the proposal; for a
 * candidate, the safety rules that apply to its own drugs, doses and schedule (its verdict).
 */
function evaluateRegimen(
  pack: KnowledgePack,
  resolved: ResolvedCase,
  patientFacts: Map<string, FactValue>,
  regimen: ResolvedRegimen,
  role: 'proposal' | 'candidate',
): Evaluated {
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
    outcomes: evaluateRules(pack, facts, role === 'candidate' ? isSafetyRule : undefined),
  };
}

/** Stages up to the model: plausibility, resolve, price, rules, candidates (one change at a time, each judged by the safety stage). */
function prepareCase(pack: KnowledgePack, kase: Case): CaseWork {
  checkPlausibility(kase, pack.policies.plausibleRanges);
  const resolved = resolveCase(kase, pack);
  const patientFacts = derivePatientFacts(resolved, pack.policies);
  const proposal = evaluateRegimen(pack, resolved, patientFacts, resolved.regimen, 'proposal');
  const findings = [
    ...findingsFrom(pack, proposal.outcomes, proposal.facts),
    ...packValidityFindings(pack, kase.context.asOf),
    ...recencyFindings(pack, resolved),
    ...originatorApprovalFindings(pack, resolved),
  ];
  const assumptions = [...resolved.assumptions];

  const swaps = productSwapCandidates(pack, resolved);
  const switches = regimenSwitchCandidates(pack, resolved, proposal.facts);
  assumptions.push(...swaps.assumptions);
  const excluded = [...swaps.excluded, ...switches.excluded];
  const generated = [
    ...swaps.candidates,
    ...doseRoundingCandidates(pack, resolved),
    ...switches.candidates,
    ...stepDownCandidates(pack, resolved, findings),
  ];

  const accepted: CaseWork['candidates'] = [];
  const check = (candidate: Candidate): void => {
    let evaluated: Evaluated;
    try {
      evaluated = evaluateRegimen(pack, resolved, patientFacts, candidate.regimen, 'candidate');
    } catch (error) {
      excluded.push(excludedFrom(candidate, [{ kind: 'costing', message: (error as Error).message }]));
      return;
    }
    // The safety stage decides: only an option KNOWN to be safe for this patient is offered.
    const verdict = judgeSafety(evaluated.outcomes);
    if (verdict.status !== 'safe') {
      excluded.push(excludedFrom(candidate, violationReasons(verdict)));
      return;
    }
    accepted.push({ candidate, evaluated: { ...evaluated, outcomes: [] }, rulesPassed: verdict.rulesPassed });
  };
  generated.forEach(check);

  const drugCost = (e: Evaluated) => e.drugs.therapeuticPerCourse + e.drugs.supportivePerCourse;
  const combined = combinedCandidate(
    pack,
    resolved.regimen,
    drugCost(proposal),
    accepted.map((a) => ({ candidate: a.candidate, drugCostPerCourse: drugCost(a.evaluated) })),
  );
  if (combined) check(combined);
  return { resolved, proposal, findings, candidates: accepted, excluded, assumptions };
}

function excludedFrom(candidate: Candidate, reasons: ExcludedCandidate['reasons']): ExcludedCandidate {
  return { id: candidate.id, basis: candidate.basis, description: candidate.description, reasons };
}

function finishCase(
  pack: KnowledgePack,
  snapshot: RuntimeSnapshot,
  work: CaseWork,
  estimates: Estimate[],
  options: AssessOptions,
): Assessment {
  const { resolved } = work;
  const kase = resolved.source;
  const [proposalEstimate, ...candidateEstimates] = estimates;
  if (!proposalEstimate) throw new Error('missing proposal estimate');
  const expectedCost = buildCostEstimate(
    work.proposal.drugs,
    proposalEstimate.nonDrug,
    resolved.regimen,
    work.assumptions,
  );
  const unassessed = [...resolved.unassessed];
  const drg = assessDrg(
    pack,
    kase,
    resolved.principalDiagnosis,
    work.proposal.facts,
    {
      expectedAdmissionCost: expectedCost.perAdmission,
      expectedLengthOfStayDays: proposalEstimate.nonDrug.lengthOfStayDays,
      components: work.proposal.drugs.components,
    },
    unassessed,
    resolved.regimen,
  );
  const approval = assessApproval(pack, work.proposal.facts, expectedCost.perCourse);
  const wtp = pack.policies.willingnessToPayPerQaly;
  const findings = [...work.findings];
  if (snapshot.model && proposalEstimate.outcome.method === 'model') {
    findings.push(
      ...modelRangeFinding(
        snapshot.model.id,
        snapshot.model.version,
        proposalEstimate.outcome.outOfRange,
        proposalEstimate.outcome.imputed,
      ),
    );
  }

  const alternatives: Option[] = [];
  const preferredOptions: Option[] = [];
  const therapyChanges: Option[] = [];
  const excluded = [...work.excluded];
  const threshold = options.savingsDisplayThreshold ?? pack.policies.savingsDisplayThreshold;
  const view: AnswerView = options.explain ? 'full' : (options.view ?? 'lean');
  work.candidates.forEach(({ candidate, evaluated, rulesPassed }, i) => {
    const estimate = candidateEstimates[i];
    if (!estimate) return;
    // Filter on the course price first; only the options shown get their full explained view.
    // Alternatives pass the one cost gate; preferred options and therapy changes are shown with what they cost.
    if (candidate.list === 'alternatives') {
      const verdict = alternativeVerdict(
        expectedCost.perCourse,
        coursePrice(evaluated.drugs, estimate.nonDrug, candidate.regimen.cycles),
        threshold,
      );
      if (!verdict.shown) {
        excluded.push(excludedFrom(candidate, [{ kind: verdict.kind, message: verdict.message }]));
        return;
      }
    }
    const full = buildOption(pack, resolved, {
      candidate,
      drugs: evaluated.drugs,
      facts: evaluated.facts,
      estimate,
      rulesPassed,
      proposal: { perCourse: expectedCost.perCourse, qalys: proposalEstimate.outcome.qalys },
    });
    const option = optionView(full, view);
    (candidate.list === 'preferred'
      ? preferredOptions
      : candidate.list === 'therapy-changes'
        ? therapyChanges
        : alternatives
    ).push(option);
  });
  const byValue = (a: Option, b: Option) =>
    b.value.netMonetaryBenefit - a.value.netMonetaryBenefit ||
    b.savings.absolute - a.savings.absolute ||
    a.id.localeCompare(b.id);
  alternatives.sort(byValue);
  preferredOptions.sort(byValue);
  therapyChanges.sort(byValue);

  const library = resolved.regimen.library;
  const deviations = library
    ? protocolDeviations(pack, {
        regimen: library,
        components: resolved.regimen.components,
        supportive: resolved.regimen.supportive,
        supportiveListed: resolved.regimen.supportiveListed,
        cycleLengthDays: resolved.regimen.cycleLengthDays,
        doseTolerance: pack.policies.protocolDoseTolerance,
        criticalDoseRatio: pack.policies.criticalDoseRatio,
        highFebrileNeutropeniaRisk: pack.policies.highFebrileNeutropeniaRisk,
      })
    : [];
  const severityOrder = { critical: 0, warning: 1, info: 2 } as const;
  findings.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity] || a.ruleId.localeCompare(b.ruleId));

  const evaluatedRules = work.proposal.outcomes.map((o) => o.rule.id);
  const model = snapshot.model;
  const answer: Omit<Assessment, 'citations' | 'provenance'> = {
    ...(kase.caseRef !== undefined ? { caseRef: kase.caseRef } : {}),
    regimen: library
      ? {
          status: 'matched',
          id: library.id,
          name: library.name,
          source: library.source,
          deviations,
        }
      : { status: 'none', id: 'none', deviations },
    expectedCost,
    outcome: {
      qalys: Math.round(proposalEstimate.outcome.qalys * 10000) / 10000,
      method: proposalEstimate.outcome.method,
      horizonMonths: proposalEstimate.outcome.horizonMonths,
      ...(proposalEstimate.outcome.grade3AdverseEventProbability !== undefined
        ? {
            grade3AdverseEventProbability:
              Math.round(proposalEstimate.outcome.grade3AdverseEventProbability * 1000) / 1000,
          }
        : {}),
      lengthOfStayDays: Math.round(proposalEstimate.nonDrug.lengthOfStayDays * 10) / 10,
      willingnessToPay: wtp,
    },
    drg,
    approval,
    outOfPocket: outOfPocket(pack, kase, expectedCost.perCourse, work.proposal.drugs, unassessed),
    safety: safetyView(judgeSafety(work.proposal.outcomes)),
    findings,
    alternatives,
    preferredOptions,
    therapyChanges,
    measures: measuresView(resolved),
    ...(options.explain ? { excludedCandidates: excluded } : {}),
    unassessed,
  };
  return {
    ...answer,
    citations: citationTable(pack, model, answer),
    provenance: {
      pack: {
        id: pack.manifest.id,
        version: pack.manifest.version,
        effectiveFrom: pack.manifest.effectiveFrom,
        ...(pack.manifest.effectiveTo !== undefined ? { effectiveTo: pack.manifest.effectiveTo } : {}),
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
      rulesEvaluated: rulesEvaluatedView(evaluatedRules, pack.digest, options.explain),
      rulesFired: [...new Set(findings.filter((f) => f.missing.length === 0).map((f) => f.ruleId))],
      serviceVersion: options.serviceVersion,
      requestId: options.requestId,
      asOf: kase.context.asOf,
    },
  };
}

/**
 * Assess several cases with ONE batched model run across all of them and their candidates, and
 * hand each result to `onResult` in order as soon as it is finished, so a caller can write it out
 * and let it go (a 1,000-case batch never holds every answer at once). A case that cannot be
 * resolved is reported in its slot; the others are unaffected.
 */
export async function assessEachCase(
  cases: readonly Case[],
  snapshot: RuntimeSnapshot,
  options: AssessOptions,
  onResult: (result: CaseResult, index: number) => void | Promise<void>,
): Promise<void> {
  const { pack, model } = snapshot;
  const prepared: (CaseWork | UnresolvableCaseError | null)[] = cases.map((kase) => {
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
      : [work.proposal, ...work.candidates.map((c) => c.evaluated)].map((e) => ({
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
    const count = 1 + work.candidates.length;
    const slice = estimates.slice(offset, offset + count);
    offset += count;
    await onResult({ ok: true, assessment: finishCase(pack, snapshot, work, slice, options) }, i);
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
