/**
 * Sources are cited by id everywhere in the pipeline (a finding, a DRG group, a payer policy, an
 * option each name the id of their source); the answer carries each citation once, in its
 * `citations` table (response/citation-table.ts). Besides the pack's sources.json, two ids are the
 * service's own: the pack's hospital policy settings and the cost-outcome model.
 */
import type { components } from '../../generated/api';
import type { KnowledgePack } from '../../knowledge/types';

export type SourceCitation = components['schemas']['SourceCitation'];
export type Citation = components['schemas']['Citation'];

/** The hospital policy settings of the pack in force (policies.json). */
export const POLICIES_SOURCE = 'pack:policies';

/** The cost-outcome model the answer's modelled numbers come from. */
export function modelSourceId(modelId: string): string {
  return `model:${modelId}`;
}

/** The citation behind a source id: the pack's sources, its policy settings or the model. */
export function citationOf(pack: KnowledgePack, model: { id: string; version: string } | null, id: string): Citation {
  const source = pack.sources.get(id);
  if (source)
    return {
      kind: source.kind,
      citation: source.citation,
      ...(source.url !== undefined ? { url: source.url } : {}),
      ...(source.note !== undefined ? { note: source.note } : {}),
    };
  if (id === POLICIES_SOURCE)
    return {
      kind: 'hospital',
      citation: `Hospital policy settings of knowledge pack ${pack.manifest.id} ${pack.manifest.version} (policies.json)`,
    };
  if (model && id === modelSourceId(model.id))
    return {
      kind: 'model',
      citation: `Cost-outcome model ${model.id} ${model.version}, models/${model.id}/MODEL_CARD.md`,
    };
  return { kind: 'unknown', citation: id };
}

/** A citation with its id, for the reference endpoints (a drug's or regimen's own source). */
export function sourceCitation(pack: KnowledgePack, id: string): SourceCitation {
  return { id, ...citationOf(pack, null, id) };
}
