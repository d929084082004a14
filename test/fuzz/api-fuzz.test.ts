/**
 * API fuzzing (fast-check): random and malformed bodies to POST /v1/assessments,
 * /v1/assessments/batch and /cds-services/{id} on the real app: wrong types, huge numbers, deep
 * nesting, long strings, unicode, `__proto__` / `constructor` keys, valid-shaped requests with
 * random codes. The service never answers 5xx, every 4xx is problem+json, and it keeps answering
 * (a valid request still gets 200 afterwards; Object.prototype is untouched).
 *
 * CI runs FUZZ_RUNS (default 150) cases per property; `npm run fuzz` runs 100,000.
 */
import http from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { nsclcChemoTargeted } from '../support/cases';
import { assessmentBodies, batchBodies, cdsBodies, checkAnswer, type FuzzBody } from './arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

let t: TestApp;
let server: http.Server;
let cdsServiceId: string | null = null;

beforeAll(async () => {
  t = await createTestApp({ CDS_AUTH_DISABLED: 'true', LOG_LEVEL: 'fatal' });
  server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const disc = await request(server).get('/cds-services');
  if (disc.status === 200)
    cdsServiceId =
      ((disc.body as { services?: { id: string; hook: string }[] }).services ?? []).find((s) => s.hook === 'order-sign')
        ?.id ?? null;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function send(path: string, body: FuzzBody, auth: boolean): Promise<string | null> {
  const req = request(server).post(path).set('Content-Type', 'application/json');
  if (auth) req.set(t.auth);
  const res = await req.send(body.text);
  const problem = checkAnswer(res.status, res.headers['content-type'] as string | undefined, res.body);
  return problem ? `${body.kind}: ${problem}; body ${body.text.slice(0, 300)}` : null;
}

function property(path: () => string, bodies: fc.Arbitrary<FuzzBody>, auth: boolean) {
  return fc.asyncProperty(bodies, async (body) => {
    const problem = await send(path(), body, auth);
    if (problem) throw new Error(problem);
  });
}

const params = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };

describe('API fuzzing', () => {
  it('POST /v1/assessments: never 5xx, 4xx always problem+json', async () => {
    await fc.assert(
      property(() => '/v1/assessments', assessmentBodies(), true),
      params,
    );
  });

  it('POST /v1/assessments?explain=true: the same with explanations on', async () => {
    await fc.assert(
      property(() => '/v1/assessments?explain=true', assessmentBodies(), true),
      { ...params, numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('POST /v1/assessments/batch: never 5xx, 4xx always problem+json', async () => {
    await fc.assert(
      property(() => '/v1/assessments/batch', batchBodies(), true),
      params,
    );
  });

  it('POST /cds-services/{id}: never 5xx, 4xx always problem+json', async () => {
    if (!cdsServiceId) {
      console.warn('GET /cds-services lists no service: CDS Hooks fuzzing skipped');
      return;
    }
    await fc.assert(
      property(() => `/cds-services/${cdsServiceId}`, cdsBodies(), false),
      params,
    );
  });

  it('unauthenticated fuzz bodies are 401 problem+json, never parsed into 5xx', async () => {
    await fc.assert(
      property(() => '/v1/assessments', assessmentBodies(), false),
      { ...params, numRuns: Math.ceil(RUNS / 5) },
    );
  });

  it('keeps answering afterwards, and no body polluted Object.prototype', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    const res = await request(server).post('/v1/assessments').set(t.auth).send(nsclcChemoTargeted());
    expect(res.status).toBe(200);
    const health = await request(server).get('/healthz');
    expect(health.status).toBe(200);
  });
});
