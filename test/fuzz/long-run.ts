/**
 * Long fuzz run: `npm run fuzz`. FUZZ_CASES (default 100,000) hostile bodies, spread over
 * POST /v1/assessments, /v1/assessments/batch and /cds-services/{id}, against an in-process app
 * (createTestApp) on a loopback port, FUZZ_CONCURRENCY (default 4) in flight, stopped at
 * FUZZ_SECONDS (default 1,200) at the latest. Prints counts by endpoint, body kind and status;
 * exits 1 if any answer was a 5xx, a 4xx without problem+json, or a transport error.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { createTestApp } from '../support/test-app';
import { assessmentBodies, batchBodies, cdsBodies, checkAnswer, type FuzzBody } from './arbitraries';

const CASES = Number(process.env.FUZZ_CASES ?? 100_000);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 1200);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 4);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

async function main(): Promise<void> {
  const t = await createTestApp({ CDS_AUTH_DISABLED: 'true', LOG_LEVEL: 'fatal' });
  const server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const disc = await fetch(`${base}/cds-services`);
  const cdsId = disc.ok
    ? ((((await disc.json()) as { services?: { id: string; hook: string }[] }).services ?? []).find(
        (s) => s.hook === 'order-sign',
      )?.id ?? null)
    : null;

  const targets: { path: string; arb: fc.Arbitrary<FuzzBody>; auth: boolean }[] = [
    { path: '/v1/assessments', arb: assessmentBodies(), auth: true },
    { path: '/v1/assessments?explain=true', arb: assessmentBodies(), auth: true },
    { path: '/v1/assessments/batch', arb: batchBodies(), auth: true },
    ...(cdsId ? [{ path: `/cds-services/${cdsId}`, arb: cdsBodies(), auth: false }] : []),
  ];
  if (!cdsId) console.log('GET /cds-services lists no service: CDS Hooks bodies skipped');
  // Cases are drawn one at a time (seeded by index, so a failure can be replayed) and memory stays flat.
  const streams = targets.map((tg, k) => ({ ...tg, rng: SEED + k }));
  const counts = new Map<string, number>();
  const failures: string[] = [];
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const deadline = Date.now() + SECONDS * 1000;
  const started = Date.now();
  let next = 0;
  let done = 0;

  const worker = async () => {
    while (next < CASES && Date.now() < deadline && failures.length < 20) {
      const i = next++;
      const target = streams[i % streams.length]!;
      const [body] = fc.sample(target.arb, { numRuns: 1, seed: target.rng + i * 7919 });
      if (!body) continue;
      try {
        const res = await fetch(`${base}${target.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(target.auth ? t.auth : {}) },
          body: body.text,
        });
        const text = await res.text();
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          /* checked below */
        }
        bump(`${target.path.split('?')[0]} ${body.kind} ${res.status}`);
        const problem = checkAnswer(res.status, res.headers.get('content-type') ?? undefined, json);
        if (problem) failures.push(`${target.path} ${body.kind}: ${problem}; body ${body.text.slice(0, 300)}`);
      } catch (error) {
        bump(`${target.path.split('?')[0]} ${body.kind} transport-error`);
        failures.push(`${target.path} ${body.kind}: transport error ${(error as Error).message}`);
      }
      done++;
      if (done % 10_000 === 0) console.log(`${done} cases, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  const alive = await fetch(`${base}/healthz`);
  server.close();
  const byStatus = new Map<string, number>();
  for (const [k, v] of counts) {
    const status = k.split(' ').at(-1)!;
    byStatus.set(status, (byStatus.get(status) ?? 0) + v);
  }
  console.log(
    `\nfuzz: ${done} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}, concurrency ${CONCURRENCY}`,
  );
  console.log('by status:', Object.fromEntries([...byStatus].sort()));
  console.log('\nendpoint / body kind / status:');
  for (const [k, v] of [...counts].sort()) console.log(`  ${k.padEnd(60)} ${v}`);
  console.log(`\n/healthz after the run: ${alive.status}`);
  if (failures.length > 0 || !alive.ok) {
    console.log(`\n${failures.length} failure(s):`);
    for (const f of failures) console.log(`  ${f}`);
    process.exit(1);
  }
  console.log('no 5xx, every 4xx problem+json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
