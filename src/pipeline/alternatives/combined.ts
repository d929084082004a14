/**
 * One more option: the cheapest accepted same-molecule change of each drug, applied together
 * (e.g. the procured pemetrexed and the generic carboplatin). Built from changes that have each
 * passed the safety check on their own, and re-checked as a whole by the caller. One option, never
 * a cartesian product of substitutes.
 */
import type { KnowledgePack } from '../../knowledge/types';
import type { ResolvedRegimen } from '../resolve/resolved-case';
import type { Candidate } from './candidate';

export interface CostedCandidate {
  candidate: Candidate;
  drugCostPerCourse: number;
}

export function combinedCandidate(
  pack: KnowledgePack,
  proposal: ResolvedRegimen,
  proposalDrugCost: number,
  accepted: readonly CostedCandidate[],
): Candidate | null {
  const best = new Map<string, CostedCandidate>();
  for (const a of accepted) {
    const drug = a.candidate.changesDrug;
    if (!drug || !a.candidate.sameMolecule || a.drugCostPerCourse >= proposalDrugCost) continue;
    const prior = best.get(drug);
    if (!prior || a.drugCostPerCourse < prior.drugCostPerCourse) best.set(drug, a);
  }
  if (best.size < 2) return null;
  const parts = [...best.values()].map((a) => a.candidate);
  const apply = (list: 'components' | 'supportive') =>
    proposal[list].map((original, index) => {
      for (const part of parts) {
        const changed = part.regimen[list][index];
        if (changed && changed !== original) return changed;
      }
      return original;
    });
  return {
    id: `combined:${parts.map((p) => p.id).join('+')}`,
    basis: 'combined',
    description: {
      en: `All together: ${parts.map((p) => p.description.en).join('; ')}`,
      zh: `合并：${parts.map((p) => p.description.zh).join('；')}`,
    },
    changes: parts.flatMap((p) => p.changes),
    regimen: { ...proposal, components: apply('components'), supportive: apply('supportive') },
    evidenceLevel: parts.some((p) => p.evidenceLevel === 'policy') ? 'policy' : (parts[0]?.evidenceLevel ?? 'policy'),
    source: parts[0]?.source ?? pack.policies.genericSubstitution.source,
    constraints: parts.flatMap((p) => p.constraints),
    list: 'alternatives',
    sameMolecule: true,
  };
}
