/**
 * The combined option: built only from single changes that were each accepted on their own, the
 * cheapest same-molecule change of each drug applied together (one option, never a cartesian
 * product); nothing to combine with fewer than two drugs changed.
 */
import type { KnowledgePack } from '../../../src/knowledge/types';
import type { Candidate } from '../../../src/pipeline/alternatives/candidate';
import { combinedCandidate, type CostedCandidate } from '../../../src/pipeline/alternatives/combined';
import { doseRoundingCandidates } from '../../../src/pipeline/alternatives/dose-rounding';
import { productSwapCandidates } from '../../../src/pipeline/alternatives/product-swaps';
import { regimenSwitchCandidates } from '../../../src/pipeline/alternatives/regimen-switches';
import type { ResolvedCase } from '../../../src/pipeline/resolve/resolved-case';
import { CARBOPLATIN, EGFR_EXON19, nsclcChemoTargeted, PEMETREXED, withComponents } from '../../support/cases';
import { defaultPack, evaluate, staged, type Evaluated } from '../../support/stages';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await defaultPack();
});

const drugCost = (resolved: ResolvedCase, regimen = resolved.regimen) => {
  const { drugs } = evaluate(pack, resolved, regimen);
  return drugs.therapeuticPerCourse + drugs.supportivePerCourse;
};

/** Every single change the generators make for a case, costed (as if each had been accepted). */
function singleChanges({ resolved, facts }: Evaluated): CostedCandidate[] {
  const all: Candidate[] = [
    ...productSwapCandidates(pack, resolved).candidates,
    ...doseRoundingCandidates(pack, resolved),
    ...regimenSwitchCandidates(pack, resolved, facts).candidates,
  ];
  return all.map((candidate) => ({ candidate, drugCostPerCourse: drugCost(resolved, candidate.regimen) }));
}

describe('gefitinib + pemetrexed + carboplatin (originators)', () => {
  const setup = () => {
    const e = staged(pack, nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }));
    return { resolved: e.resolved, proposalCost: drugCost(e.resolved), accepted: singleChanges(e) };
  };

  it('applies the cheapest accepted change of each drug together', () => {
    const { resolved, proposalCost, accepted } = setup();
    const combined = combinedCandidate(pack, resolved.regimen, proposalCost, accepted);
    expect(combined?.id).toBe(
      'combined:swap:L01EB01:P-GEFITINIB-VBP-250+swap:L01BA04:P-PEMETREXED-VBP-500+swap:L01XA02:P-CARBOPLATIN-GA-450',
    );
    expect(combined).toMatchObject({ basis: 'combined', list: 'alternatives', sameMolecule: true });
    expect(combined?.regimen.components.map((c) => c.phases[0]?.product.code)).toEqual([
      'P-GEFITINIB-VBP-250',
      'P-PEMETREXED-VBP-500',
      'P-CARBOPLATIN-GA-450',
    ]);
    expect(combined?.changes.map((c) => c.to)).toEqual([
      'P-GEFITINIB-VBP-250',
      'P-PEMETREXED-VBP-500',
      'P-CARBOPLATIN-GA-450',
    ]);
  });

  it('saves what its parts save, added up (the drugs are priced independently)', () => {
    const { resolved, proposalCost, accepted } = setup();
    const combined = combinedCandidate(pack, resolved.regimen, proposalCost, accepted);
    if (!combined) throw new Error('no combined option');
    const partIds = combined.id.replace('combined:', '').split('+');
    const partSavings = accepted
      .filter((a) => partIds.includes(a.candidate.id))
      .reduce((s, a) => s + (proposalCost - a.drugCostPerCourse), 0);
    expect(proposalCost - drugCost(resolved, combined.regimen)).toBeCloseTo(partSavings, 6);
  });

  it('uses only accepted changes: without the procured pemetrexed, it takes the generic one', () => {
    const { resolved, proposalCost, accepted } = setup();
    const withoutProcured = accepted.filter((a) => a.candidate.id !== 'swap:L01BA04:P-PEMETREXED-VBP-500');
    const combined = combinedCandidate(pack, resolved.regimen, proposalCost, withoutProcured);
    expect(combined?.id).toContain('swap:L01BA04:P-PEMETREXED-GA-500');
    expect(combined?.id).not.toContain('VBP-500');
  });

  it('is not built from one drug changed', () => {
    const { resolved, proposalCost, accepted } = setup();
    const pemetrexedOnly = accepted.filter((a) => a.candidate.changesDrug === 'L01BA04');
    expect(pemetrexedOnly.length).toBeGreaterThan(1);
    expect(combinedCandidate(pack, resolved.regimen, proposalCost, pemetrexedOnly)).toBeNull();
    expect(combinedCandidate(pack, resolved.regimen, proposalCost, [])).toBeNull();
  });

  it('ignores a change that does not lower the drug cost', () => {
    const { resolved, proposalCost, accepted } = setup();
    const notCheaper = accepted.map((a) =>
      a.candidate.changesDrug === 'L01EB01' ? { ...a, drugCostPerCourse: proposalCost } : a,
    );
    const combined = combinedCandidate(pack, resolved.regimen, proposalCost, notCheaper);
    expect(combined?.id).not.toContain('L01EB01');
    expect(combined?.regimen.components[0]).toBe(resolved.regimen.components[0]);
  });
});

it('never combines a regimen switch (not a same-molecule change)', () => {
  const e = staged(pack, withComponents(nsclcChemoTargeted(), [{ ...PEMETREXED }, { ...CARBOPLATIN }]));
  const resolved = e.resolved;
  const accepted = singleChanges(e);
  expect(accepted.some((a) => a.candidate.id === 'switch:SW-NSCLC-CARB-TO-CIS')).toBe(true);
  const combined = combinedCandidate(pack, resolved.regimen, drugCost(resolved), accepted);
  expect(combined?.id).not.toContain('switch:');
  expect(combined?.regimen.library).toBe(resolved.regimen.library);
});
