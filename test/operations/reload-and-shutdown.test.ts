import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createLogger } from '../../src/observability/logger';
import { loadSnapshot, RuntimeHolder } from '../../src/runtime/runtime-holder';

const ROOT = path.resolve(__dirname, '..', '..');

function copyPack(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-'));
  fs.cpSync(path.join(ROOT, 'rules', 'default'), dir, { recursive: true });
  return dir;
}

describe('hot reload of the knowledge pack', () => {
  it('swaps in a valid new version, keeps the old one when the new one is invalid, and in-flight holders keep their snapshot', async () => {
    const dir = copyPack();
    const sources = { packPath: dir, modelPath: null, modelIntraOpThreads: 1 };
    const holder = new RuntimeHolder(await loadSnapshot(sources, 1), sources, createLogger('silent'));
    const inFlight = holder.snapshot();
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version: '9.9.9' }));
    await holder.reload();
    expect(holder.snapshot().pack.manifest.version).toBe('9.9.9');
    expect(inFlight.pack.manifest.version).toBe(manifest.version);

    fs.writeFileSync(path.join(dir, 'regimens.json'), '{"not": "a regimen list"}');
    await expect(holder.reload()).rejects.toThrow();
    expect(holder.snapshot().pack.manifest.version).toBe('9.9.9');
    expect(holder.snapshot().generation).toBe(2);
  });
});

describe('graceful shutdown', () => {
  jest.setTimeout(60_000);
  it('on SIGTERM finishes the requests in flight and exits 0 within the stated bound', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        API_AUTH_DISABLED: 'true',
        SHUTDOWN_TIMEOUT_MS: '8000',
        LOG_LEVEL: 'warn',
        MAX_CONCURRENT_REQUESTS: '16',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const body = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'examples', 'mdt-batch.json'), 'utf8'));
    const inFlight = Array.from({ length: 10 }, () => request(base).post('/v1/assessments/batch').send(body));
    const started = inFlight.map((r) => r.then((res) => res.status));
    await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
      const t0 = Date.now();
      child.on('exit', (code) => resolve({ code, ms: Date.now() - t0 }));
    });
    child.kill('SIGTERM');
    const statuses = await Promise.all(started);
    const { code, ms } = await exited;
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(8000);
  });
});
