import type { components } from '../../generated/api';
import type { KnowledgePack } from '../../knowledge/types';

export type SourceCitation = components['schemas']['SourceCitation'];

/** The citation behind a source id, as shown in every finding and option. */
export function sourceCitation(pack: KnowledgePack, id: string): SourceCitation {
  const source = pack.sources.get(id);
  if (!source) return { id, kind: 'unknown', citation: id };
  return {
    id: source.id,
    kind: source.kind,
    citation: source.citation,
    ...(source.url !== undefined ? { url: source.url } : {}),
    ...(source.note !== undefined ? { note: source.note } : {}),
  };
}
