/**
 * Service benchmark: `npm run bench`.
 *
 * Builds the production bundle, starts `node dist/src/main.js` (auth off, loopback, a free port)
 * and a bare-express baseline (bench/baseline-server.ts, a canned body of the same size as an
 * assessment response) as child processes, and drives both with autocannon (in this process),
 * every request with a different body (patients, regimens, orders: bench/lib/cases.ts).
 *
 * Rows: single assessments and CDS Hooks order-sign at 8 and 64 connections (ratios to the
 * baseline), CPU time per assessment (process_cpu_seconds_total before/after), batches of
 * 1/10/100/1,000, WORKERS=1 vs 2, cost against regimen components (1–6) and candidates, peak RSS
 * (process_resident_memory_bytes, sampled), and the load generator's own CPU share.
 * Targets are reported PASS/MISS with their margin, never asserted.
 *
 * Writes bench/results/latest.md and bench/results/latest.json. BENCH_SECONDS (default 5) sets
 * the length of each autocannon run; the whole run is bounded (< 3 minutes at the default).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { batchBody, cdsOrderSign, heavyCase, mixedCase, raCase, rng, scalingCase } from './lib/cases';
import { runLoad, type LoadResult } from './lib/load';
import {
  build,
  readMetrics,
  ROOT,
  rssSampler,
  startBaseline,
  startService,
  treeUsage,
  type Child,
} from './lib/service';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const HARD_LIMIT_MS = Number(process.env.BENCH_HARD_LIMIT_MS ?? 240_000);
const OUT_DIR = path.join(ROOT, 'bench', 'results');
const started = Date.now();

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const mb = (b: number) => b / 1024 / 1024;

async function post(url: string, body: unknown): Promise<{ status: number; json: unknown; bytes: number }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, bytes: Buffer.byteLength(text) };
}

type AssessmentJson = { alternatives?: unknown[]; preferredOptions?: unknown[]; excludedCandidates?: unknown[] };
const candidateCount = (a: AssessmentJson) =>
  (a.alternatives?.length ?? 0) + (a.preferredOptions?.length ?? 0) + (a.excludedCandidates?.length ?? 0);

interface Target {
  name: string;
  target: string;
  measured: string;
  pass: boolean;
  margin: string;
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: hard limit ${HARD_LIMIT_MS} ms reached, aborting`);
    process.exit(2);
  }, HARD_LIMIT_MS);
  watchdog.unref();
  const notes: string[] = [];
  const loadBefore = os.loadavg();
  const buildResult = build();
  notes.push(buildResult.note);
  console.log(buildResult.note);

  const children: Child[] = [];
  const cleanup = async () => {
    await Promise.all(children.map((c) => c.stop()));
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    // ---------- service, WORKERS=1 ----------
    const svc = await startService({ WORKERS: '1' });
    children.push(svc);
    const r0 = rng(1);

    // Checks before load: every kind of body is answered 200, candidate counts via ?explain=true.
    const regimenCandidates: Record<string, number[]> = {};
    const allCandidates: number[] = [];
    let responseBytes = 0;
    for (let i = 0; i < 60; i++) {
      const body = heavyCase(r0, i) as { proposal: { components: { code: string }[]; supportive?: unknown[] } };
      const res = await post(`${svc.url}/v1/assessments?explain=true`, body);
      if (res.status !== 200)
        throw new Error(`pre-check: case ${i} answered ${res.status}: ${JSON.stringify(res.json).slice(0, 400)}`);
      const key = `${body.proposal.components.map((c) => c.code).join('+')}${body.proposal.supportive ? ' + supportive' : ''}`;
      const n = candidateCount(res.json as AssessmentJson);
      (regimenCandidates[key] ??= []).push(n);
      allCandidates.push(n);
      if (i < 10) responseBytes = Math.max(responseBytes, (await post(`${svc.url}/v1/assessments`, body)).bytes);
    }
    for (let i = 0; i < 30; i++) {
      const res = await post(`${svc.url}/v1/assessments`, mixedCase(r0, i));
      if (res.status !== 200)
        throw new Error(`pre-check: mixed case ${i} answered ${res.status}: ${JSON.stringify(res.json).slice(0, 400)}`);
    }
    for (let i = 0; i < 10; i++) {
      const res = await post(`${svc.url}/v1/assessments`, raCase(r0, i));
      if (res.status !== 200)
        throw new Error(`pre-check: RA case ${i} answered ${res.status}: ${JSON.stringify(res.json).slice(0, 400)}`);
    }
    allCandidates.sort((a, b) => a - b);
    const candidateSummary = {
      cases: allCandidates.length,
      min: allCandidates[0] ?? 0,
      median: allCandidates[Math.floor(allCandidates.length / 2)] ?? 0,
      max: allCandidates.at(-1) ?? 0,
      atLeast8: allCandidates.filter((n) => n >= 8).length / allCandidates.length,
    };
    console.log('candidates (explain=true):', JSON.stringify(candidateSummary), JSON.stringify(regimenCandidates));

    let cdsId: string | null = null;
    try {
      const disc = await fetch(`${svc.url}/cds-services`);
      if (disc.ok) {
        const services = ((await disc.json()) as { services?: { id: string; hook: string }[] }).services ?? [];
        cdsId = services.find((s) => s.hook === 'order-sign')?.id ?? null;
      }
    } catch {
      cdsId = null;
    }
    if (cdsId) {
      const res = await post(`${svc.url}/cds-services/${cdsId}`, cdsOrderSign(r0, 0));
      const cards = (res.json as { cards?: unknown[] } | null)?.cards;
      if (res.status !== 200 || !Array.isArray(cards) || cards.length === 0)
        throw new Error(`pre-check: CDS order-sign answered ${res.status}: ${JSON.stringify(res.json).slice(0, 400)}`);
    } else notes.push('GET /cds-services lists no order-sign service: the CDS Hooks row is skipped.');

    // Warm-up (JIT, ONNX session), not measured.
    await runLoad({
      label: 'warm-up',
      url: svc.url,
      path: '/v1/assessments',
      connections: 8,
      seconds: 2,
      body: (i) => heavyCase(rng(1_000_000 + i), i),
    });

    const loadRuns: LoadResult[] = [];
    const cpuPerAssessment: { row: string; ms: number; via: string }[] = [];
    const peakSampler = rssSampler(async () => (await readMetrics(svc.url)).rssBytes);

    const single = async (connections: number, seed: number) => {
      const m0 = await readMetrics(svc.url);
      const r = await runLoad({
        label: `single assessment, WORKERS=1`,
        url: svc.url,
        path: '/v1/assessments',
        connections,
        seconds: SECONDS,
        body: (i) => heavyCase(rng(seed + i), i),
      });
      const m1 = await readMetrics(svc.url);
      cpuPerAssessment.push({
        row: `single, ${connections} conn`,
        ms: ((m1.cpuSeconds - m0.cpuSeconds) / r.ok) * 1000,
        via: '/metrics process_cpu_seconds_total',
      });
      loadRuns.push(r);
      return { r, serviceCpu: m1.cpuSeconds - m0.cpuSeconds };
    };
    // The baseline runs interleaved with the service at each connection count (both children are
    // up, the idle one costs nothing), so both see the same background load on the host.
    const base = await startBaseline(responseBytes);
    children.push(base);
    await runLoad({
      label: 'warm-up',
      url: base.url,
      path: '/bench',
      connections: 8,
      seconds: 1,
      body: (i) => heavyCase(rng(i), i),
    });
    const baseRuns: Record<number, LoadResult> = {};
    const baseline = async (connections: number, seed: number) => {
      baseRuns[connections] = await runLoad({
        label: `baseline (bare express, ${responseBytes} B canned)`,
        url: base.url,
        path: '/bench',
        connections,
        seconds: SECONDS,
        body: (i) => heavyCase(rng(seed + i), i),
      });
    };
    await baseline(8, 70_000_000);
    const s8 = await single(8, 10_000_000);
    await baseline(64, 71_000_000);
    const s64 = await single(64, 20_000_000);
    await base.stop();
    children.splice(children.indexOf(base), 1);

    const cds: LoadResult[] = [];
    if (cdsId) {
      for (const [k, connections] of [8, 64].entries()) {
        const r = await runLoad({
          label: 'CDS order-sign, WORKERS=1',
          url: svc.url,
          path: `/cds-services/${cdsId}`,
          connections,
          seconds: SECONDS,
          body: (i) => cdsOrderSign(rng(30_000_000 + k * 1_000_000 + i), i),
        });
        cds.push(r);
        loadRuns.push(r);
      }
    }

    const peakRssSingle = await peakSampler.stop();
    const batchSampler = rssSampler(async () => (await readMetrics(svc.url)).rssBytes);
    // Batches: 2 connections (one per core), each request a fresh set of cases.
    const batches: {
      size: number;
      requests: number;
      assessmentsPerSecond: number;
      p50: number;
      p99: number;
      cpuMsPerAssessment: number;
      non2xx: number;
    }[] = [];
    for (const size of [1, 10, 100, 1000]) {
      const m0 = await readMetrics(svc.url);
      const r = await runLoad({
        label: `batch of ${size}`,
        url: svc.url,
        path: '/v1/assessments/batch',
        connections: 2,
        seconds: size >= 1000 ? Math.max(SECONDS * 2, 8) : SECONDS,
        body: (i) => batchBody(rng(40_000_000 + size * 100_000 + i), size, i * size),
      });
      const m1 = await readMetrics(svc.url);
      loadRuns.push(r);
      const assessments = r.ok * size;
      batches.push({
        size,
        requests: r.ok,
        assessmentsPerSecond: assessments / r.seconds,
        p50: r.p50,
        p99: r.p99,
        cpuMsPerAssessment: ((m1.cpuSeconds - m0.cpuSeconds) / assessments) * 1000,
        non2xx: r.non2xx,
      });
    }

    // Cost against the number of components (1–6) and of candidates: sequential, bounded count and time.
    const scaling: {
      components: number;
      candidates: number;
      meanMs: number;
      p50: number;
      cpuMsPerAssessment: number;
      requests: number;
    }[] = [];
    for (let n = 1; n <= 6; n++) {
      const probe = await post(`${svc.url}/v1/assessments?explain=true`, scalingCase(rng(50_000_000 + n), n, 0));
      if (probe.status !== 200)
        throw new Error(`scaling probe n=${n} answered ${probe.status}: ${JSON.stringify(probe.json).slice(0, 400)}`);
      const m0 = await readMetrics(svc.url);
      const r = await runLoad({
        label: `${n} components`,
        url: svc.url,
        path: '/v1/assessments',
        connections: 1,
        seconds: Math.max(2, SECONDS / 2),
        maxRequests: 3000,
        body: (i) => scalingCase(rng(60_000_000 + n * 100_000 + i), n, i),
      });
      const m1 = await readMetrics(svc.url);
      scaling.push({
        components: n,
        candidates: candidateCount(probe.json as AssessmentJson),
        meanMs: r.mean,
        p50: r.p50,
        cpuMsPerAssessment: ((m1.cpuSeconds - m0.cpuSeconds) / r.ok) * 1000,
        requests: r.ok,
      });
    }
    const peakRssBatch = await batchSampler.stop();
    const peakRss1 = Math.max(peakRssSingle, peakRssBatch);
    await svc.stop();
    children.splice(children.indexOf(svc), 1);

    // ---------- service, WORKERS=2 ----------
    const svc2 = await startService({ WORKERS: '2' });
    children.push(svc2);
    const pid2 = svc2.proc.pid ?? 0;
    await runLoad({
      label: 'warm-up',
      url: svc2.url,
      path: '/v1/assessments',
      connections: 8,
      seconds: 2,
      body: (i) => heavyCase(rng(2_000_000 + i), i),
    });
    const workers2: LoadResult[] = [];
    let peakRss2 = 0;
    for (const [k, connections] of [8, 64].entries()) {
      const u0 = treeUsage(pid2);
      const sampler = rssSampler(async () => treeUsage(pid2).rssBytes);
      const r = await runLoad({
        label: 'single assessment, WORKERS=2',
        url: svc2.url,
        path: '/v1/assessments',
        connections,
        seconds: SECONDS,
        body: (i) => heavyCase(rng(80_000_000 + k * 1_000_000 + i), i),
      });
      peakRss2 = Math.max(peakRss2, await sampler.stop());
      const u1 = treeUsage(pid2);
      cpuPerAssessment.push({
        row: `single, ${connections} conn, WORKERS=2`,
        ms: ((u1.cpuSeconds - u0.cpuSeconds) / r.ok) * 1000,
        via: '/proc (primary + workers)',
      });
      workers2.push(r);
    }
    await svc2.stop();
    children.splice(children.indexOf(svc2), 1);

    // ---------- report ----------
    const b8 = baseRuns[8]!;
    const b64 = baseRuns[64]!;
    const loadGenShare = (r: LoadResult, serviceCpu: number) => ({
      loadGenCpuSeconds: r.loadGenCpuSeconds,
      shareOfTwoCores: r.loadGenCpuSeconds / (r.seconds * os.cpus().length),
      shareOfAllCpuUsed: r.loadGenCpuSeconds / (r.loadGenCpuSeconds + serviceCpu),
    });
    const lg8 = loadGenShare(s8.r, s8.serviceCpu);
    const lg64 = loadGenShare(s64.r, s64.serviceCpu);
    const bestBatch = batches.reduce((a, b) => (b.assessmentsPerSecond > a.assessmentsPerSecond ? b : a));

    const tput = s8.r.rps / b8.rps;
    const p99ratio = s8.r.p99 / b8.p99;
    const targets: Target[] = [
      {
        name: 'single-assessment throughput vs baseline (8 conn)',
        target: '≥ 50 %',
        measured: `${fmt(tput * 100)} %`,
        pass: tput >= 0.5,
        margin: `${tput >= 0.5 ? '+' : ''}${fmt((tput - 0.5) * 100)} points`,
      },
      {
        name: 'p99 at 8 connections vs baseline',
        target: '≤ 2×',
        measured: `${fmt(p99ratio, 2)}× (${fmt(s8.r.p99)} ms vs ${fmt(b8.p99)} ms)`,
        pass: p99ratio <= 2,
        margin: `${fmt(2 - p99ratio, 2)}× headroom`,
      },
      {
        name: 'batch assessments/s (best batch size)',
        target: '≥ 5,000/s',
        measured: `${fmt(bestBatch.assessmentsPerSecond, 0)}/s (batch of ${bestBatch.size})`,
        pass: bestBatch.assessmentsPerSecond >= 5000,
        margin: `${fmt(((bestBatch.assessmentsPerSecond - 5000) / 5000) * 100)} %`,
      },
      {
        name: 'peak RSS, WORKERS=1, single assessments + CDS (8/64 conn)',
        target: '≤ 300 MB',
        measured: `${fmt(mb(peakRssSingle))} MB`,
        pass: mb(peakRssSingle) <= 300,
        margin: `${fmt(300 - mb(peakRssSingle))} MB`,
      },
      {
        name: 'peak RSS, WORKERS=1, whole run incl. batches of 1,000',
        target: '≤ 300 MB',
        measured: `${fmt(mb(peakRss1))} MB`,
        pass: mb(peakRss1) <= 300,
        margin: `${fmt(300 - mb(peakRss1))} MB`,
      },
    ];

    const allNon2xx = [...loadRuns, ...workers2].filter((r) => r.non2xx > 0 || r.errors > 0);
    if (allNon2xx.length > 0)
      notes.push(
        `Non-2xx answers or socket errors: ${allNon2xx.map((r) => `${r.label} @${r.connections}: ${JSON.stringify(r.statusCounts)} errors=${r.errors}`).join('; ')}`,
      );
    if (candidateSummary.median < 8) notes.push(`Median candidate count ${candidateSummary.median} is below 8.`);

    const md: string[] = [];
    md.push(`# Service benchmark (\`npm run bench\`)`);
    md.push('');
    md.push(
      `${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${SECONDS} s per autocannon run · production build (\`node dist/src/main.js\`, LOG_LEVEL=warn, auth off) on 127.0.0.1.`,
    );
    md.push(
      'Every request carries a different body (patients, NSCLC and RA regimens, doses, cycles); 80 % of single assessments are 3–4-drug NSCLC regimens.',
    );
    md.push(
      `**autocannon runs in the benchmark process on the same ${os.cpus().length} cores as the service**: at 8 connections it used ${fmt(lg8.loadGenCpuSeconds)} CPU-s in ${fmt(s8.r.seconds)} s (${fmt(lg8.shareOfTwoCores * 100)} % of the machine, ${fmt(lg8.shareOfAllCpuUsed * 100)} % of load-generator + service CPU); at 64, ${fmt(lg64.shareOfTwoCores * 100)} % / ${fmt(lg64.shareOfAllCpuUsed * 100)} %. The service figures are therefore lower bounds.`,
    );
    md.push(
      `Machine load average (1 min) before the run ${fmt(loadBefore[0] ?? NaN, 2)}, after ${fmt(os.loadavg()[0] ?? NaN, 2)}: other processes on the host compete for the same cores, so absolute numbers vary between runs; the ratios to the baseline (measured in the same run) are the figures to compare.`,
    );
    md.push('');
    md.push('## Targets');
    md.push('| target | goal | measured | result | margin |');
    md.push('|---|---|---|---|---|');
    for (const t of targets)
      md.push(`| ${t.name} | ${t.target} | ${t.measured} | **${t.pass ? 'PASS' : 'MISS'}** | ${t.margin} |`);
    md.push('');
    md.push('## Throughput and latency (ratios to the bare-express baseline, same response size)');
    md.push('| row | conn | req/s | ×baseline | p50 ms | ×baseline | p99 ms | ×baseline | non-2xx |');
    md.push('|---|---|---|---|---|---|---|---|---|');
    const row = (r: LoadResult, b: LoadResult | undefined) =>
      md.push(
        `| ${r.label} | ${r.connections} | ${fmt(r.rps, 0)} | ${b ? fmt(r.rps / b.rps, 2) : '—'} | ${fmt(r.p50)} | ${b ? fmt(r.p50 / Math.max(b.p50, 0.5), 1) : '—'} | ${fmt(r.p99)} | ${b ? fmt(r.p99 / Math.max(b.p99, 0.5), 1) : '—'} | ${r.non2xx + r.errors} |`,
      );
    row(b8, undefined);
    row(b64, undefined);
    row(s8.r, b8);
    row(s64.r, b64);
    for (const r of cds) row(r, baseRuns[r.connections]);
    if (!cdsId) md.push('| CDS order-sign | — | skipped: no order-sign service in GET /cds-services | | | | | | |');
    for (const r of workers2) row(r, baseRuns[r.connections]);
    md.push('');
    md.push(
      `Latency ratios use max(baseline, 0.5 ms) as the denominator (autocannon reports whole milliseconds). WORKERS=2 vs WORKERS=1: ${fmt(workers2[0]!.rps / s8.r.rps, 2)}× at 8 connections, ${fmt(workers2[1]!.rps / s64.r.rps, 2)}× at 64 (the load generator competes for the same two cores).`,
    );
    md.push('');
    md.push('## CPU time per assessment');
    md.push('| row | CPU ms / assessment | source |');
    md.push('|---|---|---|');
    for (const c of cpuPerAssessment) md.push(`| ${c.row} | ${fmt(c.ms, 2)} | ${c.via} |`);
    for (const b of batches)
      md.push(`| batch of ${b.size} | ${fmt(b.cpuMsPerAssessment, 2)} | /metrics process_cpu_seconds_total |`);
    md.push('');
    md.push('## Batches (POST /v1/assessments/batch, 2 connections)');
    md.push('| cases per request | requests | assessments/s | p50 ms | p99 ms | non-2xx |');
    md.push('|---|---|---|---|---|---|');
    for (const b of batches)
      md.push(
        `| ${b.size} | ${b.requests} | ${fmt(b.assessmentsPerSecond, 0)} | ${fmt(b.p50)} | ${fmt(b.p99)} | ${b.non2xx} |`,
      );
    md.push('');
    md.push('## Cost against regimen components and candidates (1 connection, sequential)');
    md.push('| components | candidates (explain) | mean ms | p50 ms | CPU ms / assessment | requests |');
    md.push('|---|---|---|---|---|---|');
    for (const s of scaling)
      md.push(
        `| ${s.components} | ${s.candidates} | ${fmt(s.meanMs, 2)} | ${fmt(s.p50)} | ${fmt(s.cpuMsPerAssessment, 2)} | ${s.requests} |`,
      );
    md.push('');
    md.push(
      'Proposals: pemetrexed, carboplatin, pembrolizumab, then supportive drugs (dexamethasone, ondansetron, folic acid) added one by one. `src/pipeline/candidates/*` makes one candidate per single change (product swap per component and product line, dose rounding per component, regimen switch, rule step-down) and `src/pipeline/assess.ts` adds one combined option (best accepted same-molecule change per drug); there is no cartesian product, so candidates and time grow linearly with components.',
    );
    md.push('');
    md.push('## Memory');
    md.push(
      `Peak RSS (process_resident_memory_bytes, sampled every 250 ms), WORKERS=1: single assessments and CDS calls **${fmt(mb(peakRssSingle))} MB**; batches (1 to 1,000 cases; a 1,000-case answer is ~${fmt((responseBytes * 1000) / 1e6, 0)} MB of JSON) **${fmt(mb(peakRssBatch))} MB**. WORKERS=2 (primary + 2 workers, /proc): ${fmt(mb(peakRss2))} MB.`,
    );
    md.push('');
    md.push('## Candidates per regimen before load (`?explain=true`)');
    md.push(
      `Single-assessment stream, ${candidateSummary.cases} cases: candidates (alternatives + preferred options + excluded) min ${candidateSummary.min}, median ${candidateSummary.median}, max ${candidateSummary.max}; ${fmt(candidateSummary.atLeast8 * 100, 0)} % of cases have ≥ 8.`,
    );
    md.push('');
    md.push('| regimen (ATC) | cases | min | max |');
    md.push('|---|---|---|---|');
    for (const [k, v] of Object.entries(regimenCandidates))
      md.push(`| ${k} | ${v.length} | ${Math.min(...v)} | ${Math.max(...v)} |`);
    md.push('');
    if (notes.length) {
      md.push('## Notes');
      for (const n of notes) md.push(`- ${n}`);
      md.push('');
    }
    md.push(`Total bench time ${fmt((Date.now() - started) / 1000)} s.`);

    fs.mkdirSync(OUT_DIR, { recursive: true });
    const report = md.join('\n') + '\n';
    fs.writeFileSync(path.join(OUT_DIR, 'latest.md'), report);
    fs.writeFileSync(
      path.join(OUT_DIR, 'latest.json'),
      JSON.stringify(
        {
          generatedAt: new Date().toISOString(),
          node: process.version,
          cpus: os.cpus().length,
          secondsPerRun: SECONDS,
          responseBytes,
          targets,
          baseline: baseRuns,
          single: [s8.r, s64.r],
          cds,
          workers2,
          batches,
          scaling,
          cpuPerAssessment,
          peakRssBytes: { workers1Single: peakRssSingle, workers1Batches: peakRssBatch, workers2: peakRss2 },
          loadGenerator: { c8: lg8, c64: lg64 },
          regimenCandidates,
          candidateSummary,
          loadAverage: { before: loadBefore, after: os.loadavg() },
          notes,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(report);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
