/**
 * What every route handler gets: configuration, logger, metrics, and the runtime snapshot
 * (knowledge pack + model). A handler takes ONE snapshot at the start of a request and uses
 * it throughout, so a hot reload never mixes versions inside one answer.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { KnowledgePack } from '../knowledge/types';
import type { CostOutcomeModel } from '../model/cost-outcome-model';
import type { Metrics } from '../observability/metrics';

export interface RuntimeSnapshot {
  readonly pack: KnowledgePack;
  readonly model: CostOutcomeModel | null;
  /** Monotonic counter, bumped by each successful reload. */
  readonly generation: number;
}

export interface AppContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly serviceVersion: string;
  snapshot(): RuntimeSnapshot;
  /** False while shutting down. */
  isAcceptingTraffic(): boolean;
}
