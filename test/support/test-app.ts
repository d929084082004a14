/**
 * A real app for HTTP tests: the default knowledge pack and model, a fresh API key, logs
 * captured in memory so tests can read them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type express from 'express';
import { loadConfig, type Config } from '../../src/config/config';
import { createApp } from '../../src/http/app';
import type { AppContext, RuntimeSnapshot } from '../../src/http/app-context';
import { createAuthenticator } from '../../src/http/auth/bearer-auth';
import { createLogger } from '../../src/observability/logger';
import { createMetrics } from '../../src/observability/metrics';
import { loadSnapshot } from '../../src/runtime/runtime-holder';

export interface TestApp {
  app: express.Express;
  key: string;
  ctx: AppContext;
  logs: string[];
  auth: { Authorization: string };
}

let cached: Promise<RuntimeSnapshot> | null = null;

/** The default pack and model, loaded once per test file. */
export function defaultSnapshot(): Promise<RuntimeSnapshot> {
  cached ??= (() => {
    const config = loadConfig({});
    return loadSnapshot({ packPath: config.packPath, modelPath: config.modelPath, modelIntraOpThreads: 1 }, 1);
  })();
  return cached;
}

export async function createTestApp(env: Record<string, string> = {}, snapshot?: RuntimeSnapshot): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-test-'));
  const config: Config = loadConfig({ API_KEYS_FILE: path.join(dir, 'keys.json'), LOG_LEVEL: 'info', ...env });
  const logs: string[] = [];
  const logger = createLogger(
    config.logLevel,
    new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    }) as never,
  );
  const snap = snapshot ?? (await defaultSnapshot());
  let key = '';
  const authenticator = createAuthenticator(config, logger, (message) => {
    key = /Bearer (\S+)/.exec(message)?.[1] ?? '';
  });
  const ctx: AppContext = {
    config,
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
    serviceVersion: 'test',
    snapshot: () => snap,
    isAcceptingTraffic: () => true,
  };
  const app = createApp(ctx, { authenticator });
  return { app, key, ctx, logs, auth: { Authorization: `Bearer ${key}` } };
}
