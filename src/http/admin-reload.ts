/**
 * POST /admin/reload (behind the admin key): loads the knowledge pack and model again and answers
 * with the versions now serving; a pack or model that fails validation is refused with 422 and the
 * previous one keeps serving.
 */
import type { Express, RequestHandler } from 'express';
import type { AppContext } from './app-context';
import { HttpProblem } from './problem';

export function mountAdminReload(
  app: Express,
  ctx: AppContext,
  reload: () => Promise<unknown>,
  adminAuth: RequestHandler,
): void {
  app.post('/admin/reload', adminAuth, async (_req, res) => {
    try {
      await reload();
    } catch (error) {
      throw new HttpProblem(
        422,
        'reload-rejected',
        'Reload rejected',
        `The new knowledge pack or model is invalid; the previous version keeps serving: ${(error as Error).message}`,
      );
    }
    const s = ctx.snapshot();
    res.json({
      pack: { id: s.pack.manifest.id, version: s.pack.manifest.version, digest: s.pack.digest },
      model: s.model ? { id: s.model.id, version: s.model.version, sha256: s.model.sha256 } : null,
      generation: s.generation,
    });
  });
}
