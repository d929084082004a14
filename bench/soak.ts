/**
 * Soak run: `npm run soak`. The production build under moderate, steady load (SOAK_RATE req/s,
 * default 60, over 4 connections: single assessments, a CDS order-sign call and small batches in
 * rotation, every body different) for SOAK_SECONDS (default 300). RSS from /metrics
 * (process_resident_memory_bytes) every 5 s; start = after a 10 s warm-up, end = the last sample.
 * Growth above 10 % is flagged. Writes bench/results/soak.md and soak.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { batchBody, cdsOrderSign, heavyCase, mixedCase, rng } from './lib/cases';
import { runLoad, type LoadResult } from './lib/load';
import { build, readMetrics, ROOT, startService, type MetricsSample } from './lib/service';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const RATE = Number(process.env.SOAK_RATE ?? 60);
const WARMUP_SECONDS = Math.min(10, Math.max(2, Math.floor(SECONDS / 10)));
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

type Sample = { t: number } & MetricsSample;

/** The id of the service's order-sign CDS service, or null when discovery names none. */
async function orderSignServiceId(url: string): Promise<string | null> {
  const disc = await fetch(`${url}/cds-services`);
  if (!disc.ok) return null;
  const services = ((await disc.json()) as { services?: { id: string; hook: string }[] }).services ?? [];
  return services.find((s) => s.hook === 'order-sign')?.id ?? null;
}

/** Samples RSS and CPU from /metrics every 5 s until the returned stop function is awaited. */
function sampleEvery5s(url: string, samples: Sample[], t0: number): () => Promise<void> {
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await new Promise((r) => setTimeout(r, 5000));
      if (!sampling) break;
      try {
        samples.push({ t: (Date.now() - t0) / 1000, ...(await readMetrics(url)) });
      } catch {
        /* keep going */
      }
    }
  })();
  return async () => {
    sampling = false;
    await sampler;
  };
}

/** Three streams side by side, sharing the rate: single assessments, batches of 10, CDS order-sign. */
function soakStreams(url: string, cdsId: string | null): Promise<LoadResult>[] {
  const runs: Promise<LoadResult>[] = [
    runLoad({
      label: 'single assessments',
      url,
      path: '/v1/assessments',
      connections: 2,
      seconds: SECONDS,
      overallRate: Math.max(1, Math.round(RATE * 0.6)),
      body: (i) => heavyCase(rng(6_000_000 + i), i),
    }),
    runLoad({
      label: 'batches of 10',
      url,
      path: '/v1/assessments/batch',
      connections: 1,
      seconds: SECONDS,
      overallRate: Math.max(1, Math.round(RATE * 0.1)),
      body: (i) => batchBody(rng(7_000_000 + i), 10, i * 10),
    }),
  ];
  const third = cdsId
    ? {
        label: 'CDS order-sign',
        path: `/cds-services/${cdsId}`,
        body: (i: number) => cdsOrderSign(rng(8_000_000 + i), i),
      }
    : {
        label: 'single assessments (mixed)',
        path: '/v1/assessments',
        body: (i: number) => mixedCase(rng(9_000_000 + i), i),
      };
  runs.push(
    runLoad({ ...third, url, connections: 1, seconds: SECONDS, overallRate: Math.max(1, Math.round(RATE * 0.3)) }),
  );
  return runs;
}

interface SoakOutcome {
  buildNote: string;
  results: LoadResult[];
  idle: MetricsSample;
  start: MetricsSample;
  end: MetricsSample;
  samples: Sample[];
}

/** RSS growth from start to end, the peak, and whether growth is above 10 %. */
function rssSummary(o: SoakOutcome): { growth: number; peak: number; flagged: boolean } {
  const growth = (o.end.rssBytes - o.start.rssBytes) / o.start.rssBytes;
  const peak = Math.max(...o.samples.map((s) => s.rssBytes));
  return { growth, peak, flagged: growth > 0.1 };
}

function soakReport(o: SoakOutcome): string {
  const { growth, peak, flagged } = rssSummary(o);
  const { idle, start, end } = o;
  return [
    '# Soak run (`npm run soak`)',
    '',
    `${new Date().toISOString()} · ${SECONDS} s at ~${RATE} req/s over 4 connections (production build, WORKERS=1, every body different) · ${o.buildNote}`,
    '',
    '| stream | requests | 2xx | non-2xx | errors | req/s | p50 ms | p99 ms |',
    '|---|---|---|---|---|---|---|---|',
    ...o.results.map(
      (r) =>
        `| ${r.label} | ${r.requests} | ${r.ok} | ${r.non2xx} | ${r.errors} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p99} |`,
    ),
    '',
    `RSS idle (before warm-up) ${mb(idle.rssBytes)} MB · start (after ${WARMUP_SECONDS} s warm-up) **${mb(start.rssBytes)} MB** · end **${mb(end.rssBytes)} MB** · peak ${mb(peak)} MB · growth start→end **${(growth * 100).toFixed(1)} %** → ${flagged ? '**FLAGGED (> 10 %)**' : 'OK (≤ 10 %)'}`,
    `CPU used by the service during the soak: ${(end.cpuSeconds - start.cpuSeconds).toFixed(1)} s.`,
    '',
    '| t (s) | RSS MB |',
    '|---|---|',
    ...o.samples.map((s) => `| ${s.t.toFixed(0)} | ${mb(s.rssBytes)} |`),
    '',
  ].join('\n');
}

/** Writes bench/results/soak.md and soak.json. */
function writeResults(o: SoakOutcome, report: string): void {
  const { growth, peak, flagged } = rssSummary(o);
  const out = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'soak.md'), report);
  fs.writeFileSync(
    path.join(out, 'soak.json'),
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        seconds: SECONDS,
        rate: RATE,
        rss: { idle: o.idle.rssBytes, start: o.start.rssBytes, end: o.end.rssBytes, peak, growth, flagged },
        streams: o.results,
        samples: o.samples,
      },
      null,
      2,
    ) + '\n',
  );
}

/** Warm-up, then the three streams for SOAK_SECONDS with RSS sampled throughout. */
async function soak(url: string, buildNote: string): Promise<SoakOutcome> {
  const cdsId = await orderSignServiceId(url);
  const idle = await readMetrics(url);
  await runLoad({
    label: 'warm-up',
    url,
    path: '/v1/assessments',
    connections: 4,
    seconds: WARMUP_SECONDS,
    overallRate: RATE,
    body: (i) => heavyCase(rng(5_000_000 + i), i),
  });
  const start = await readMetrics(url);
  const samples: Sample[] = [{ t: 0, ...start }];
  const t0 = Date.now();
  const stopSampling = sampleEvery5s(url, samples, t0);
  const results = await Promise.all(soakStreams(url, cdsId));
  await stopSampling();
  const end = await readMetrics(url);
  samples.push({ t: (Date.now() - t0) / 1000, ...end });
  return { buildNote, results, idle, start, end, samples };
}

async function main(): Promise<void> {
  const hardLimit = setTimeout(
    () => {
      console.error('soak: hard time limit reached');
      process.exit(2);
    },
    (SECONDS + 180) * 1000,
  );
  hardLimit.unref();
  const buildNote = build().note;
  console.log(buildNote);
  const svc = await startService({ WORKERS: '1' });
  try {
    const outcome = await soak(svc.url, buildNote);
    const report = soakReport(outcome);
    writeResults(outcome, report);
    console.log(report);
    if (
      outcome.results.some((r) => r.statusCounts['500'] || Object.keys(r.statusCounts).some((c) => c.startsWith('5')))
    )
      process.exitCode = 1;
  } finally {
    await svc.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
