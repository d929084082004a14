/**
 * Holds the knowledge pack and model in use. A reload loads and fully validates the new
 * version before it replaces the old; a bad one leaves the old serving. Requests in flight keep
 * the snapshot they started with.
 */
import type { Logger } from 'pino';
import type { RuntimeSnapshot } from '../http/app-context';
import { loadKnowledgePack } from '../knowledge/load-pack';
import { loadCostOutcomeModel, type CostOutcomeModel } from '../model/cost-outcome-model';

export interface RuntimeSources {
  packPath: string;
  modelPath: string | null;
  modelIntraOpThreads: number;
}

export async function loadSnapshot(sources: RuntimeSources, generation: number): Promise<RuntimeSnapshot> {
  const pack = await loadKnowledgePack(sources.packPath);
  const model: CostOutcomeModel | null = sources.modelPath
    ? await loadCostOutcomeModel(sources.modelPath, { intraOpThreads: sources.modelIntraOpThreads })
    : null;
  return { pack, model, generation };
}

export class RuntimeHolder {
  private current: RuntimeSnapshot;
  private reloading: Promise<RuntimeSnapshot> | null = null;

  constructor(
    initial: RuntimeSnapshot,
    private readonly sources: RuntimeSources,
    private readonly logger: Logger,
  ) {
    this.current = initial;
  }

  snapshot(): RuntimeSnapshot {
    return this.current;
  }

  /** Load, validate and swap. Throws (and keeps the old snapshot) when the new pack or model is invalid. */
  async reload(): Promise<RuntimeSnapshot> {
    if (this.reloading) return this.reloading;
    this.reloading = (async () => {
      try {
        const next = await loadSnapshot(this.sources, this.current.generation + 1);
        const previous = this.current;
        this.current = next;
        this.logger.info(
          {
            pack: `${next.pack.manifest.id}@${next.pack.manifest.version}`,
            model: next.model ? `${next.model.id}@${next.model.version}` : null,
            generation: next.generation,
          },
          'knowledge pack and model reloaded',
        );
        // Requests in flight still hold `previous`; its ONNX session is released once they are done.
        if (previous.model && previous.model !== next.model)
          setTimeout(() => void previous.model?.dispose().catch(() => undefined), 30_000).unref();
        return next;
      } catch (error) {
        this.logger.error(
          { err: { message: (error as Error).message } },
          'reload rejected: the previous knowledge pack and model keep serving',
        );
        throw error;
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }
}
