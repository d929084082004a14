/**
 * How options are ranked within each list: by net monetary benefit (highest first), then by the
 * saving, then by id, so the same case always lists its options in the same order — including
 * options that tie on value (same-molecule swaps of equal cost).
 */
import type { RuntimeSnapshot } from '../../../src/http/app-context';
import { assessCase, type Assessment } from '../../../src/pipeline/assess';
import {
  CARBOPLATIN,
  EGFR_EXON19,
  nsclcChemoTargeted,
  PEMETREXED,
  withComponents,
  type AssessmentRequest,
} from '../../support/cases';
import { caseOf, packWith } from '../../support/stages';
import { defaultSnapshot } from '../../support/test-app';

let snapshot: RuntimeSnapshot;
beforeAll(async () => {
  snapshot = await defaultSnapshot();
});

type Option = Assessment['alternatives'][number];

const requests: [string, AssessmentRequest][] = [
  ['NSCLC chemo + targeted (EGFR exon 19)', nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never })],
  ['NSCLC pemetrexed + carboplatin', withComponents(nsclcChemoTargeted(), [{ ...PEMETREXED }, { ...CARBOPLATIN }])],
];

const assess = (request: AssessmentRequest, on = snapshot) =>
  assessCase(caseOf(request), on, { explain: false, requestId: 'rank', serviceVersion: 'test' });

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

describe.each(requests)('%s', (_, request) => {
  it('lists each kind of option by value, then saving, then id', async () => {
    const a = await assess(request);
    expect(a.alternatives.length + a.preferredOptions.length + a.therapyChanges.length).toBeGreaterThan(0);
    for (const list of [a.alternatives, a.preferredOptions, a.therapyChanges]) expect(inPromisedOrder(list)).toBe(true);
  });

  it('gives the same options in the same order every time', async () => {
    const ids = (a: Assessment) =>
      [a.alternatives, a.preferredOptions, a.therapyChanges].map((l) => l.map((o) => o.id));
    expect(ids(await assess(request))).toEqual(ids(await assess(request)));
  });
});

describe('options that tie on value and saving', () => {
  /** The default pack with the non-procured pemetrexed 500 mg generic priced like the procured one (665 CNY). */
  function tiedSnapshot(): RuntimeSnapshot {
    const draft = structuredClone(snapshot.pack);
    const generic = draft.products.get('P-PEMETREXED-GA-500');
    const procured = draft.products.get('P-PEMETREXED-VBP-500');
    if (!generic || !procured) throw new Error('the default pack lacks the pemetrexed 500 mg generics');
    generic.price.amount = procured.price.amount;
    return { ...snapshot, pack: packWith(draft, { drgScheme: snapshot.pack.drgScheme }) };
  }

  it('are listed by id: the two pemetrexed generics at the same price, GA before VBP', async () => {
    const request = withComponents(nsclcChemoTargeted(), [{ ...PEMETREXED }, { ...CARBOPLATIN }]);
    const a = await assess(request, tiedSnapshot());
    const ga = a.alternatives.findIndex((o) => o.id === 'swap:L01BA04:P-PEMETREXED-GA-500');
    const vbp = a.alternatives.findIndex((o) => o.id === 'swap:L01BA04:P-PEMETREXED-VBP-500');
    expect(ga).toBeGreaterThanOrEqual(0);
    expect(vbp).toBe(ga + 1);
    const [first, second] = [a.alternatives[ga], a.alternatives[vbp]];
    expect(first?.value.netMonetaryBenefit).toBe(second?.value.netMonetaryBenefit);
    expect(first?.savings.absolute).toBe(second?.savings.absolute);
    expect(inPromisedOrder(a.alternatives)).toBe(true);
  });
});
