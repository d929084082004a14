/** The MDT review page at /mdt/: static assets built by the project (no CDN; works offline). */
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { ROOT_DIR } from '../config/config';

export const MDT_PAGE_DIR = path.join(ROOT_DIR, 'mdt');

export function createMdtPageRouter(dir = MDT_PAGE_DIR): Router {
  const router = Router();
  if (!fs.existsSync(path.join(dir, 'index.html'))) return router;
  // Only the bare /mdt is redirected (express matches /mdt/ to a '/mdt' route too).
  router.use((req, res, next) => (req.path === '/mdt' ? res.redirect(301, '/mdt/') : next()));
  router.use('/mdt', express.static(dir, { index: 'index.html', fallthrough: false, maxAge: '5m' }));
  return router;
}
