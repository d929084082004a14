/**
 * The options stage on the safe candidates of a case (pack-average estimates, no model): every
 * alternative passes the one cost gate — none is dearer than the proposal or saves less than the
 * display threshold — while guideline-preferred options are shown with what they cost; each list is
 * ranked by net monetary benefit, then saving, then id, so options that tie are always in the same order.
 */
import type { KnowledgePack } from '../../../src/knowledge/types';
import { screenAlternatives } from '../../../src/pipeline/alternatives/screen-candidates';
import { buildCostEstimate } from '../../../src/pipeline/drug-cost/cost-regimen';
import { derivePatientFacts } from '../../../src/pipeline/guideline-rules/derive-facts';
import { findingsFrom } from '../../../src/pipeline/guideline-rules/evaluate-rules';
import { estimateAll } from '../../../src/pipeline/model-stage/estimate';
import type { Option } from '../../../src/pipeline/options/build-option';
import { priceOptions } from '../../../src/pipeline/options/price-options';
import {
  CARBOPLATIN,
  EGFR_EXON19,
  nsclcChemoTargeted,
  PEMETREXED,
  withComponents,
  type AssessmentRequest,
} from '../../support/cases';
import { defaultPack, packWith, staged } from '../../support/stages';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await defaultPack();
});

/** The stages up to the options stage, then the options stage itself. */
async function optionsFor(on: KnowledgePack, request: AssessmentRequest) {
  const proposal = staged(on, request);
  const { resolved } = proposal;
  const screened = screenAlternatives(on, {
    resolved,
    patientFacts: derivePatientFacts(resolved, on.policies),
    proposal,
    findings: findingsFrom(on, proposal.outcomes, proposal.facts),
  });
  const [estimate, ...estimates] = await estimateAll(
    on,
    null,
    [proposal, ...screened.safe.map((s) => s.evaluated)].map((e) => ({ resolved, regimen: e.regimen, facts: e.facts })),
  );
  if (!estimate) throw new Error('no proposal estimate');
  const perCourse = buildCostEstimate(proposal.drugs, estimate.nonDrug, resolved.regimen, []).perCourse;
  const priced = priceOptions(on, {
    resolved,
    candidates: screened.safe,
    estimates,
    proposal: { perCourse, qalys: estimate.outcome.qalys },
  });
  return { priced, perCourse, safe: screened.safe.map((s) => s.candidate.id) };
}

const pemCarbo = (patient: Partial<AssessmentRequest['patient']> = {}) =>
  withComponents(nsclcChemoTargeted(patient), [{ ...PEMETREXED }, { ...CARBOPLATIN }]);

/** The order the ranking promises, written out: NMB descending, saving descending, id ascending. */
function inPromisedOrder(options: readonly Option[]): boolean {
  return options.every((b, i) => {
    const a = options[i - 1];
    if (!a) return true;
    if (a.value.netMonetaryBenefit !== b.value.netMonetaryBenefit)
      return a.value.netMonetaryBenefit > b.value.netMonetaryBenefit;
    if (a.savings.absolute !== b.savings.absolute) return a.savings.absolute > b.savings.absolute;
    return a.id < b.id;
  });
}

describe('the one cost gate', () => {
  it('shows only alternatives that cost less than the proposal, by at least the display threshold', async () => {
    const { priced, perCourse } = await optionsFor(pack, nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }));
    const { absolute, fraction } = pack.policies.savingsDisplayThreshold;
    expect(priced.alternatives.length).toBeGreaterThan(0);
    for (const o of priced.alternatives) {
      const saving = perCourse - o.expectedCost.perCourse;
      expect(saving).toBeGreaterThan(0);
      expect(saving >= absolute || saving / perCourse >= fraction).toBe(true);
    }
  });

  it('shows a guideline-preferred option even when it costs more (osimertinib for EGFR exon 19)', async () => {
    const { priced, perCourse } = await optionsFor(pack, pemCarbo({ biomarkers: [EGFR_EXON19] as never }));
    const osi = priced.preferredOptions.find((o) => o.id === 'switch:SW-NSCLC-PEMCARB-TO-OSI');
    expect(osi?.expectedCost.perCourse).toBeGreaterThan(perCourse);
  });

  it('excludes every safe alternative, with the reason, when no saving reaches the threshold', async () => {
    const unreachable = packWith(pack, {
      policies: { ...pack.policies, savingsDisplayThreshold: { absolute: 10_000_000, fraction: 1 } },
    });
    const { priced, safe } = await optionsFor(unreachable, nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }));
    expect(safe.length).toBeGreaterThan(0);
    expect(priced.alternatives).toEqual([]);
    expect(priced.excluded.map((x) => x.id).sort()).toEqual([...safe].sort());
    expect(priced.excluded.every((x) => x.reasons[0]?.kind === 'below-display-threshold')).toBe(true);
  });
});

describe('ranking', () => {
  it('lists each kind of option by value, then saving, then id', async () => {
    for (const request of [nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }), pemCarbo()]) {
      const { priced } = await optionsFor(pack, request);
      for (const list of [priced.alternatives, priced.preferredOptions, priced.therapyChanges])
        expect(inPromisedOrder(list)).toBe(true);
    }
  });

  it('puts options that tie on value and saving in id order: the two pemetrexed generics at one price, GA before VBP', async () => {
    // The default pack with the non-procured pemetrexed 500 mg generic priced like the procured one (665 CNY).
    const draft = structuredClone(pack);
    const generic = draft.products.get('P-PEMETREXED-GA-500');
    const procured = draft.products.get('P-PEMETREXED-VBP-500');
    if (!generic || !procured) throw new Error('the default pack lacks the pemetrexed 500 mg generics');
    generic.price.amount = procured.price.amount;
    const tied = packWith(draft, { drgScheme: pack.drgScheme });

    const { priced } = await optionsFor(tied, pemCarbo());
    const ids = priced.alternatives.map((o) => o.id);
    const ga = ids.indexOf('swap:L01BA04:P-PEMETREXED-GA-500');
    expect(ga).toBeGreaterThanOrEqual(0);
    expect(ids[ga + 1]).toBe('swap:L01BA04:P-PEMETREXED-VBP-500');
    const [first, second] = [priced.alternatives[ga], priced.alternatives[ga + 1]];
    expect(first?.value.netMonetaryBenefit).toBe(second?.value.netMonetaryBenefit);
    expect(first?.savings.absolute).toBe(second?.savings.absolute);
  });

  it('gives the same options in the same order every time', async () => {
    const ids = async () => {
      const { priced } = await optionsFor(pack, nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }));
      return [priced.alternatives, priced.preferredOptions, priced.therapyChanges].map((l) => l.map((o) => o.id));
    };
    expect(await ids()).toEqual(await ids());
  });
});
