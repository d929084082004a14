/**
 * Step-down options suggested by guideline findings whose action is to stop a drug or class
 * (e.g. G-10: stop the JAK inhibitor at week 12). The remaining components are re-matched to
 * the library.
 */
import type { KnowledgePack } from '../../knowledge/types';
import type { Finding } from '../guideline-rules/evaluate-rules';
import { findLibraryRegimen } from '../regimen-match/match-regimen';
import { classesWithParents } from '../resolve/codes';
import type { ResolvedCase } from '../resolve/resolved-case';
import type { Candidate } from './candidate';

export function stepDownCandidates(
  pack: KnowledgePack,
  resolved: ResolvedCase,
  findings: readonly Finding[],
): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const stop = finding.action?.kind === 'stop-drug' ? finding.action.stop : undefined;
    if (!stop || finding.missing.length > 0 || seen.has(stop)) continue;
    seen.add(stop);
    const regimen = resolved.regimen;
    const stopped = regimen.components.filter(
      (c) => c.drug.code === stop || classesWithParents(pack, c.drug.classes).includes(stop),
    );
    const kept = regimen.components.filter((c) => !stopped.includes(c));
    if (stopped.length === 0 || kept.length === 0) continue;
    const library = findLibraryRegimen(
      pack,
      kept.map((c) => c.drug.code),
      resolved.condition.id,
    );
    const names = stopped.map((c) => c.drug.name);
    out.push({
      id: `stop:${finding.ruleId}:${stop}`,
      basis: 'step-down',
      description: {
        en: `Stop ${names.map((n) => n.en).join(' and ')} (${finding.ruleId}: ${finding.title.en}); continue ${kept.map((c) => c.drug.name.en).join(' + ')}`,
        zh: `停用${names.map((n) => n.zh).join('和')}（${finding.ruleId}：${finding.title.zh}）；继续${kept.map((c) => c.drug.name.zh).join(' + ')}`,
      },
      changes: stopped.map((c) => ({
        from: c.drug.code,
        to: 'stop',
        detail: `stop ${c.drug.name.en}`,
        ...(c.orderRef !== undefined ? { orderRef: c.orderRef } : {}),
      })),
      regimen: { ...regimen, components: kept, library, averagesFrom: library ?? regimen.averagesFrom },
      evidenceLevel: finding.evidenceLevel,
      source: finding.source,
      constraints: [],
      list: 'alternatives',
      sameMolecule: false,
    });
  }
  return out;
}
