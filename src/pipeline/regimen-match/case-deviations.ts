import type { KnowledgePack } from '../../knowledge/types';
import type { ResolvedRegimen } from '../resolve/resolved-case';
import { protocolDeviations, type Deviation } from './match-regimen';

/** How the ordered regimen deviates from the library protocol it matched (none without a match). */
export function caseDeviations(pack: KnowledgePack, regimen: ResolvedRegimen): Deviation[] {
  const library = regimen.library;
  if (!library) return [];
  return protocolDeviations(pack, {
    regimen: library,
    components: regimen.components,
    supportive: regimen.supportive,
    supportiveListed: regimen.supportiveListed,
    cycleLengthDays: regimen.cycleLengthDays,
    doseTolerance: pack.policies.protocolDoseTolerance,
    criticalDoseRatio: pack.policies.criticalDoseRatio,
    highFebrileNeutropeniaRisk: pack.policies.highFebrileNeutropeniaRisk,
  });
}
