/**
 * Step-downs from guideline findings whose action is to stop a drug or class: T-004-07 (biologic +
 * JAK inhibitor at week 12 with DAS28 fallen by 1.0 → stop the JAK inhibitor) and its negative
 * T-004-08 (fall 1.5, ALT 2 × ULN → continue). A finding that cannot be decided stops nothing, and
 * one stop is offered once however many findings ask for it.
 */
import type { KnowledgePack } from '../../../src/knowledge/types';
import { stepDownCandidates } from '../../../src/pipeline/alternatives/rule-step-downs';
import { findingsFrom } from '../../../src/pipeline/guideline-rules/evaluate-rules';
import { ADALIMUMAB, METHOTREXATE, raCase, TOFACITINIB, type AssessmentRequest } from '../../support/cases';
import { defaultPack, staged } from '../../support/stages';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await defaultPack();
});

function stepDowns(
  patient: Partial<AssessmentRequest['patient']>,
  components: Parameters<typeof raCase>[1] = [{ ...ADALIMUMAB }, { ...TOFACITINIB }],
) {
  const e = staged(pack, raCase(patient, components, { cycles: 26, cycleLengthDays: 14 }));
  const findings = findingsFrom(pack, e.outcomes, e.facts);
  return { resolved: e.resolved, findings, candidates: stepDownCandidates(pack, e.resolved, findings) };
}

const week12 = (das28Current: number | undefined, altValue: number | undefined) => ({
  treatmentWeek: 12,
  ...(das28Current !== undefined ? { scores: { das28: { baseline: 5.6, current: das28Current } } } : {}),
  ...(altValue !== undefined ? { alt: { value: altValue, upperLimitOfNormal: 40, date: '2026-11-20' } } : {}),
});

it('stops the JAK inhibitor at week 12 when DAS28 fell by only 1.0 (T-004-07), keeping adalimumab as ordered', () => {
  const { resolved, findings, candidates } = stepDowns(week12(4.6, 30));
  expect(findings.find((f) => f.ruleId === 'G-10')?.missing).toEqual([]);
  const g10 = candidates.find((c) => c.id === 'stop:G-10:jak-inhibitor');
  expect(g10).toMatchObject({
    basis: 'step-down',
    list: 'alternatives',
    sameMolecule: false,
    changes: [{ from: 'L04AF01', to: 'stop' }],
  });
  expect(g10?.regimen.components).toEqual([resolved.regimen.components[0]]);
  expect(g10?.regimen.components[0]?.drug.code).toBe('L04AB04');
});

it('also stops it for ALT above 3 × ULN at week 12 (140 / 40 = 3.5), once however many rules say so', () => {
  const { findings, candidates } = stepDowns(week12(3.6, 140));
  const stopping = findings.filter((f) => f.action?.kind === 'stop-drug' && f.missing.length === 0);
  expect(stopping.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['G-10', 'JAK-LIVER']));
  expect(candidates.filter((c) => c.changes.some((ch) => ch.from === 'L04AF01'))).toHaveLength(1);
});

const fromG10 = (candidates: { id: string }[]) => candidates.filter((c) => c.id.startsWith('stop:G-10:'));

it('gives no week-12 step-down when DAS28 fell by 1.5 and ALT is 2 × ULN (T-004-08)', () => {
  const { findings, candidates } = stepDowns(week12(4.1, 80));
  expect(findings.some((f) => f.ruleId === 'G-10')).toBe(false);
  expect(fromG10(candidates)).toEqual([]);
  // The combination itself is contraindicated (labels): that rule alone still stops the JAK inhibitor.
  expect(candidates.map((c) => c.id)).toEqual(['stop:CI-JAK-WITH-BIOLOGIC:jak-inhibitor']);
});

it('gives no week-12 step-down while the review lacks its inputs (no DAS28, no ALT)', () => {
  const { findings, candidates } = stepDowns(week12(undefined, undefined));
  expect(findings.find((f) => f.ruleId === 'G-10')?.missing.length).toBeGreaterThan(0);
  expect(fromG10(candidates)).toEqual([]);
});

it('stops nothing for a finding without a stop action (methotrexate + adalimumab, controlled)', () => {
  const { candidates } = stepDowns({ treatmentWeek: 30 }, [
    { ...ADALIMUMAB },
    { ...METHOTREXATE, dose: { value: 15, unit: 'mg' } },
  ]);
  expect(candidates).toEqual([]);
});

it('offers no step-down that would stop every drug (tofacitinib alone with ALT 3.5 × ULN)', () => {
  const { findings, candidates } = stepDowns(week12(undefined, 140), [{ ...TOFACITINIB }]);
  expect(findings.some((f) => f.ruleId === 'JAK-LIVER' && f.missing.length === 0)).toBe(true);
  expect(candidates).toEqual([]);
});
