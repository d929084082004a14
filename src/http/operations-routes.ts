/** /healthz (alive), /readyz (pack loaded; development modes stated loudly), /metrics (Prometheus). Open, no credentials. */
import { Router } from 'express';
import type { AppContext } from './app-context';

export function createOperationsRouter(ctx: AppContext, flags: { apiAuthDisabled: boolean }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'alive' });
  });
  router.get('/readyz', (_req, res) => {
    const s = ctx.snapshot();
    const warnings: string[] = [];
    if (flags.apiAuthDisabled) warnings.push('API_AUTH_DISABLED=true: the REST API accepts requests without credentials (development mode).');
    if (ctx.config.cdsAuthDisabled) warnings.push('CDS_AUTH_DISABLED=true: CDS Hooks JWTs are not verified (development mode).');
    if (s.model?.trainedOnSyntheticData) warnings.push(`Model ${s.model.id} ${s.model.version} is trained on synthetic data.`);
    const ready = ctx.isAcceptingTraffic();
    res.status(ready ? 200 : 503).json({
      ready,
      pack: { id: s.pack.manifest.id, version: s.pack.manifest.version, effectiveFrom: s.pack.manifest.effectiveFrom, digest: s.pack.digest },
      model: s.model ? { id: s.model.id, version: s.model.version, sha256: s.model.sha256 } : null,
      generation: s.generation,
      serviceVersion: ctx.serviceVersion,
      warnings,
    });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
  return router;
}
