/**
 * Admission control: bounded work in flight, refusals as 503 problem+json with Retry-After,
 * counted in /metrics, probes answered while shedding, readiness saying "busy".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdmissionControl } from '../../src/http/admission';
import { createTestApp, type TestApp } from '../support/test-app';

describe('AdmissionControl', () => {
  const settings = { maxConcurrent: 2, maxQueued: 1, maxQueueMs: 50, retryAfterSeconds: 1 };

  it('admits up to maxConcurrent at once, queues maxQueued more, refuses the rest at once', async () => {
    const a = new AdmissionControl(settings);
    const first = await a.admit();
    const second = await a.admit();
    expect('release' in first && 'release' in second).toBe(true);
    const queued = a.admit();
    expect(await a.admit()).toEqual({ refused: 'queue-full' });
    expect(a.load()).toMatchObject({ inFlight: 2, queued: 1, shedding: true });
    if ('release' in first) first.release();
    const third = await queued;
    expect('release' in third).toBe(true);
    expect(a.load()).toMatchObject({ inFlight: 2, queued: 0 });
  });

  it('refuses a request that waited longer than maxQueueMs, and a release is counted once', async () => {
    const a = new AdmissionControl(settings);
    const held = [await a.admit(), await a.admit()];
    const t0 = Date.now();
    expect(await a.admit()).toEqual({ refused: 'queue-timeout' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    for (const h of held)
      if ('release' in h) {
        h.release();
        h.release();
      }
    expect(a.load().inFlight).toBe(0);
  });

  it('hands a freed slot to the longest-waiting request first', async () => {
    const a = new AdmissionControl({ ...settings, maxConcurrent: 1, maxQueued: 2, maxQueueMs: 1000 });
    const held = await a.admit();
    const order: string[] = [];
    const w1 = a.admit().then((r) => (order.push('first'), r));
    const w2 = a.admit().then((r) => (order.push('second'), r));
    if ('release' in held) held.release();
    const r1 = await w1;
    if ('release' in r1) r1.release();
    await w2;
    expect(order).toEqual(['first', 'second']);
  });

  it('reports shedding for one second after the last refusal', async () => {
    let now = 0;
    const a = new AdmissionControl({ ...settings, maxConcurrent: 1, maxQueued: 0 }, () => now);
    await a.admit();
    expect(a.load().shedding).toBe(false);
    await a.admit();
    expect(a.load().shedding).toBe(true);
    now = 1500;
    expect(a.load().shedding).toBe(false);
  });
});

describe('over HTTP', () => {
  let t: TestApp;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ MAX_CONCURRENT_REQUESTS: '1', MAX_QUEUED_REQUESTS: '0', RETRY_AFTER_SECONDS: '2' });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
        .on('error', reject);
    });

  it('refuses with 503, Retry-After and problem+json while the slot is taken; probes still answer; counted in /metrics', async () => {
    // Hold the only slot: an assessment whose body is still arriving.
    const slow = http.request({
      host: '127.0.0.1',
      port,
      path: '/v1/assessments',
      method: 'POST',
      agent: false,
      headers: { ...t.auth, 'content-type': 'application/json', 'content-length': '100' },
    });
    const slowAnswer = new Promise<number>((resolve) =>
      slow.on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0))),
    );
    slow.write('{"patient":');
    await new Promise((r) => setTimeout(r, 100));

    const refused = await get('/v1/pack', t.auth);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(refused.body)).toMatchObject({ status: 503, type: expect.stringMatching(/overloaded$/) });

    const health = await get('/healthz');
    expect(health.status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({
      ready: true,
      status: 'busy',
      load: { inFlight: 1, queued: 0, shedding: true },
    });

    const metrics = await get('/metrics');
    expect(metrics.body).toMatch(/^http_requests_shed_total\{reason="queue-full"\} 1$/m);
    expect(metrics.body).toMatch(/^admission_in_flight 1$/m);

    slow.end('"x"'.padEnd(100 - '{"patient":'.length, ' '));
    expect(await slowAnswer).toBe(400);
    const after = await get('/v1/pack', t.auth);
    expect(after.status).toBe(200);
  });
});
