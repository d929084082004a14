/**
 * The real app (test/support/test-app.ts) with CDS Hooks settings from the given environment:
 * the CDS router reads its settings (cds-settings.ts) from process.env when it is created, so the
 * variables are set for that moment only and then restored.
 */
import { createTestApp, type TestApp } from '../support/test-app';

export async function createCdsTestApp(env: Record<string, string>): Promise<TestApp> {
  const cdsKeys = Object.keys(env).filter((k) => k.startsWith('CDS_') || k === 'CORS_ORIGINS');
  const saved = new Map(cdsKeys.map((k) => [k, process.env[k]]));
  for (const k of cdsKeys) process.env[k] = env[k];
  try {
    return await createTestApp(env);
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
