/**
 * The answer's citation table: every source id the answer names (regimen and its deviations,
 * findings, DRG, approval, out-of-pocket and its caps, each option and its out-of-pocket), once,
 * with its citation. Keys are in the order the answer first cites them.
 */
import type { components } from '../../generated/api';
import type { KnowledgePack } from '../../knowledge/types';
import { citationOf, type Citation } from '../core/citations';

type Assessment = components['schemas']['Assessment'];
type OutOfPocket = components['schemas']['OutOfPocket'];

export type CitedParts = Pick<
  Assessment,
  'regimen' | 'findings' | 'drg' | 'approval' | 'outOfPocket' | 'alternatives' | 'preferredOptions' | 'therapyChanges'
>;

/** Every source id the parts cite, first citation first, each once. */
export function citedSourceIds(parts: CitedParts): string[] {
  const ids = new Set<string>();
  const add = (id: string | undefined) => {
    if (id !== undefined) ids.add(id);
  };
  const addOutOfPocket = (oop: OutOfPocket | undefined) => {
    add(oop?.source);
    for (const cap of oop?.capsApplied ?? []) add(cap.source);
  };
  add(parts.regimen.source);
  for (const d of parts.regimen.deviations) add(d.source);
  for (const f of parts.findings) add(f.source);
  add(parts.drg.source);
  add(parts.approval.source);
  addOutOfPocket(parts.outOfPocket);
  for (const option of [...parts.alternatives, ...parts.preferredOptions, ...parts.therapyChanges]) {
    add(option.source);
    addOutOfPocket(option.outOfPocket);
  }
  return [...ids];
}

export function citationTable(
  pack: KnowledgePack,
  model: { id: string; version: string } | null,
  parts: CitedParts,
): Record<string, Citation> {
  const table: Record<string, Citation> = {};
  for (const id of citedSourceIds(parts)) table[id] = citationOf(pack, model, id);
  return table;
}
