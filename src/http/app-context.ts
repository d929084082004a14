/**
 * What every route handler gets: configuration, logger, metrics, and the runtime snapshot
 * (knowledge pack + model). A handler takes ONE snapshot at the start of a request and uses
 * it throughout, so a hot reload never mixes versions inside one answer.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { RuntimeSnapshot } from '../pipeline/core/runtime-snapshot';
import type { Metrics } from '../observability/metrics';

export type { RuntimeSnapshot };

export interface AppContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly serviceVersion: string;
  snapshot(): RuntimeSnapshot;
  /** False while shutting down. */
  isAcceptingTraffic(): boolean;
}
