import type { KnowledgePack } from '../../knowledge/types';
import type { CostOutcomeModel } from '../../model/cost-outcome-model';

/**
 * The knowledge pack and model one request is answered with. A handler takes ONE snapshot at the
 * start of a request and uses it throughout, so a hot reload never mixes versions inside one answer.
 */
export interface RuntimeSnapshot {
  readonly pack: KnowledgePack;
  readonly model: CostOutcomeModel | null;
  /** Monotonic counter, bumped by each successful reload. */
  readonly generation: number;
}
