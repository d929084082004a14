import path from 'node:path';
import type { KnowledgePack } from '../../src/knowledge/types';

export const DEFAULT_PACK_DIR = path.resolve(__dirname, '..', '..', 'rules', 'default');

/** A deep, editable copy of a loaded pack, for tests that break one thing and lint it. */
export type DraftPack = {
  -readonly [K in keyof KnowledgePack]: KnowledgePack[K] extends ReadonlyMap<infer MK, infer MV>
    ? Map<MK, MV extends readonly (infer E)[] ? E[] : MV>
    : KnowledgePack[K] extends readonly (infer T)[]
      ? T[]
      : KnowledgePack[K];
};

export function draftOf(pack: KnowledgePack): DraftPack {
  return structuredClone(pack) as unknown as DraftPack;
}
