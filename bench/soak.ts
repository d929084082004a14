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
import { build, readMetrics, ROOT, startService } from './lib/service';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const RATE = Number(process.env.SOAK_RATE ?? 60);
const WARMUP_SECONDS = Math.min(10, Math.max(2, Math.floor(SECONDS / 10)));
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

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
    let cdsId: string | null = null;
    const disc = await fetch(`${svc.url}/cds-services`);
    if (disc.ok)
      cdsId =
        (((await disc.json()) as { services?: { id: string; hook: string }[] }).services ?? []).find(
          (s) => s.hook === 'order-sign',
        )?.id ?? null;

    const idle = await readMetrics(svc.url);
    await runLoad({
      label: 'warm-up',
      url: svc.url,
      path: '/v1/assessments',
      connections: 4,
      seconds: WARMUP_SECONDS,
      overallRate: RATE,
      body: (i) => heavyCase(rng(5_000_000 + i), i),
    });
    const start = await readMetrics(svc.url);
    const samples: { t: number; rssBytes: number; cpuSeconds: number }[] = [{ t: 0, ...start }];
    const t0 = Date.now();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await new Promise((r) => setTimeout(r, 5000));
        if (!sampling) break;
        try {
          samples.push({ t: (Date.now() - t0) / 1000, ...(await readMetrics(svc.url)) });
        } catch {
          /* keep going */
        }
      }
    })();
    // Three streams side by side, sharing the rate: single assessments, CDS order-sign, batches of 10.
    const runs: Promise<LoadResult>[] = [
      runLoad({
        label: 'single assessments',
        url: svc.url,
        path: '/v1/assessments',
        connections: 2,
        seconds: SECONDS,
        overallRate: Math.max(1, Math.round(RATE * 0.6)),
        body: (i) => heavyCase(rng(6_000_000 + i), i),
      }),
      runLoad({
        label: 'batches of 10',
        url: svc.url,
        path: '/v1/assessments/batch',
        connections: 1,
        seconds: SECONDS,
        overallRate: Math.max(1, Math.round(RATE * 0.1)),
        body: (i) => batchBody(rng(7_000_000 + i), 10, i * 10),
      }),
    ];
    if (cdsId)
      runs.push(
        runLoad({
          label: 'CDS order-sign',
          url: svc.url,
          path: `/cds-services/${cdsId}`,
          connections: 1,
          seconds: SECONDS,
          overallRate: Math.max(1, Math.round(RATE * 0.3)),
          body: (i) => cdsOrderSign(rng(8_000_000 + i), i),
        }),
      );
    else
      runs.push(
        runLoad({
          label: 'single assessments (mixed)',
          url: svc.url,
          path: '/v1/assessments',
          connections: 1,
          seconds: SECONDS,
          overallRate: Math.max(1, Math.round(RATE * 0.3)),
          body: (i) => mixedCase(rng(9_000_000 + i), i),
        }),
      );
    const results = await Promise.all(runs);
    sampling = false;
    await sampler;
    const end = await readMetrics(svc.url);
    samples.push({ t: (Date.now() - t0) / 1000, ...end });

    const growth = (end.rssBytes - start.rssBytes) / start.rssBytes;
    const peak = Math.max(...samples.map((s) => s.rssBytes));
    const flagged = growth > 0.1;
    const lines = [
      '# Soak run (`npm run soak`)',
      '',
      `${new Date().toISOString()} · ${SECONDS} s at ~${RATE} req/s over 4 connections (production build, WORKERS=1, every body different) · ${buildNote}`,
      '',
      '| stream | requests | 2xx | non-2xx | errors | req/s | p50 ms | p99 ms |',
      '|---|---|---|---|---|---|---|---|',
      ...results.map(
        (r) =>
          `| ${r.label} | ${r.requests} | ${r.ok} | ${r.non2xx} | ${r.errors} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p99} |`,
      ),
      '',
      `RSS idle (before warm-up) ${mb(idle.rssBytes)} MB · start (after ${WARMUP_SECONDS} s warm-up) **${mb(start.rssBytes)} MB** · end **${mb(end.rssBytes)} MB** · peak ${mb(peak)} MB · growth start→end **${(growth * 100).toFixed(1)} %** → ${flagged ? '**FLAGGED (> 10 %)**' : 'OK (≤ 10 %)'}`,
      `CPU used by the service during the soak: ${(end.cpuSeconds - start.cpuSeconds).toFixed(1)} s.`,
      '',
      '| t (s) | RSS MB |',
      '|---|---|',
      ...samples.map((s) => `| ${s.t.toFixed(0)} | ${mb(s.rssBytes)} |`),
      '',
    ];
    const report = lines.join('\n');
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
          rss: { idle: idle.rssBytes, start: start.rssBytes, end: end.rssBytes, peak, growth, flagged },
          streams: results,
          samples,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(report);
    if (results.some((r) => r.statusCounts['500'] || Object.keys(r.statusCounts).some((c) => c.startsWith('5'))))
      process.exitCode = 1;
  } finally {
    await svc.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
