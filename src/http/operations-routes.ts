/**
 * /healthz (alive), /readyz (pack loaded; development modes stated loudly; "busy" while admission
 * control is refusing requests), /metrics (Prometheus; behind a key when METRICS_KEYS_FILE is set).
 * Mounted before admission control, body parsing and auth: probes never wait behind assessments.
 */
import { Router, type RequestHandler } from 'express';
import type { AppContext } from './app-context';
import type { AdmissionLoad } from './admission';

export function createOperationsRouter(
  ctx: AppContext,
  flags: { apiAuthDisabled: boolean; admissionLoad?: () => AdmissionLoad; metricsAuth?: RequestHandler },
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'alive' });
  });
  router.get('/readyz', (_req, res) => {
    const s = ctx.snapshot();
    const warnings: string[] = [];
    if (flags.apiAuthDisabled)
      warnings.push('API_AUTH_DISABLED=true: the REST API accepts requests without credentials (development mode).');
    if (ctx.config.cdsAuthDisabled)
      warnings.push('CDS_AUTH_DISABLED=true: CDS Hooks JWTs are not verified (development mode).');
    if (s.model?.trainedOnSyntheticData)
      warnings.push(`Model ${s.model.id} ${s.model.version} is trained on synthetic data.`);
    if (!ctx.config.metricsKeysFile)
      warnings.push('/metrics is open to anyone who can reach the port (set METRICS_KEYS_FILE to require a key).');
    const ready = ctx.isAcceptingTraffic();
    const load = flags.admissionLoad?.();
    // Busy is reported, not failed: taking a shedding replica out of rotation would push its load
    // onto the others. Admission control already refuses what this replica cannot do in time.
    const status = !ready ? 'stopping' : load?.shedding ? 'busy' : 'ready';
    res.status(ready ? 200 : 503).json({
      ready,
      status,
      ...(load ? { load } : {}),
      pack: {
        id: s.pack.manifest.id,
        version: s.pack.manifest.version,
        effectiveFrom: s.pack.manifest.effectiveFrom,
        digest: s.pack.digest,
      },
      model: s.model ? { id: s.model.id, version: s.model.version, sha256: s.model.sha256 } : null,
      generation: s.generation,
      serviceVersion: ctx.serviceVersion,
      warnings,
    });
  });
  const metrics: RequestHandler = async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  };
  if (flags.metricsAuth) router.get('/metrics', flags.metricsAuth, metrics);
  else router.get('/metrics', metrics);
  return router;
}
