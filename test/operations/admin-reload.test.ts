import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config/config';
import { createApp } from '../../src/http/app';
import type { AppContext } from '../../src/http/app-context';
import { createAuthenticator } from '../../src/http/auth/bearer-auth';
import { createLogger } from '../../src/observability/logger';
import { createMetrics } from '../../src/observability/metrics';
import { loadSnapshot, RuntimeHolder } from '../../src/runtime/runtime-holder';

const ROOT = path.resolve(__dirname, '..', '..');

describe('POST /admin/reload', () => {
  it('needs its own credential, swaps in a valid pack, and refuses an invalid one while the old keeps serving', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-'));
    const packDir = path.join(dir, 'pack');
    fs.cpSync(path.join(ROOT, 'rules', 'default'), packDir, { recursive: true });
    const config = loadConfig({
      API_KEYS_FILE: path.join(dir, 'api.json'),
      ADMIN_KEYS_FILE: path.join(dir, 'admin.json'),
      PACK_PATH: packDir,
      MODEL_PATH: 'none',
    });
    const logger = createLogger('silent');
    const sources = { packPath: packDir, modelPath: null, modelIntraOpThreads: 1 };
    const holder = new RuntimeHolder(await loadSnapshot(sources, 1), sources, logger);
    let apiKey = '';
    let adminKey = '';
    const authenticator = createAuthenticator(config, logger, (m) => (apiKey = /Bearer (\S+)/.exec(m)?.[1] ?? ''));
    const adminAuthenticator = createAuthenticator(
      { ...config, apiKeysFile: config.adminKeysFile! },
      logger,
      (m) => (adminKey = /Bearer (\S+)/.exec(m)?.[1] ?? ''),
    );
    const ctx: AppContext = {
      config,
      logger,
      metrics: createMetrics({ defaultMetrics: false }),
      serviceVersion: 'test',
      snapshot: () => holder.snapshot(),
      isAcceptingTraffic: () => true,
    };
    const app = createApp(ctx, { authenticator, adminAuthenticator, reload: () => holder.reload() });

    expect((await request(app).post('/admin/reload')).status).toBe(401);
    expect((await request(app).post('/admin/reload').set('Authorization', `Bearer ${apiKey}`)).status).toBe(401);

    const manifestFile = path.join(packDir, 'manifest.json');
    fs.writeFileSync(
      manifestFile,
      JSON.stringify({ ...JSON.parse(fs.readFileSync(manifestFile, 'utf8')), version: '2.0.0' }),
    );
    const ok = await request(app).post('/admin/reload').set('Authorization', `Bearer ${adminKey}`);
    expect(ok.status).toBe(200);
    expect(ok.body.pack.version).toBe('2.0.0');
    expect((await request(app).get('/readyz')).body.pack.version).toBe('2.0.0');

    fs.writeFileSync(path.join(packDir, 'rules.json'), '[{"id": "broken"}]');
    const bad = await request(app).post('/admin/reload').set('Authorization', `Bearer ${adminKey}`);
    expect(bad.status).toBe(422);
    expect(bad.type).toBe('application/problem+json');
    expect(bad.body.detail).toMatch(/rules\.json/);
    expect((await request(app).get('/v1/pack').set('Authorization', `Bearer ${apiKey}`)).body.version).toBe('2.0.0');
  });
});
