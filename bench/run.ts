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
 * Issue 13 rows: the pack-scale row (per-assessment CPU at the default pack and at a generated
 * 3,000-drug / 6,700-product / 435-rule pack, in this process, interleaved rounds — bench/lib/pack-scale.ts),
 * the baseline and the service at 8 connections in alternating rounds (min / median / max of the
 * ratio), batches of 1,000 (assessments/s, peak RSS of that run) and CDS order-sign CPU per call
 * against the REST assessment's.
 *
 * Writes bench/results/latest.md and bench/results/latest.json. BENCH_SECONDS (default 5) sets
 * the length of each autocannon run, BENCH_ROUNDS (default 3) the interleaved rounds; the whole
 * run is bounded (< 7 minutes at the default). Rows are measured by the functions below (one per
 * row group); targets are in bench/lib/targets.ts, the report in bench/lib/report.ts.
 */
import os from 'node:os';
import path from 'node:path';
import type { BatchRow, BenchRun, CpuRow, PreCheck, Round8, ScalingRow, SingleRun } from './lib/bench-run';
import { batchBody, cdsOrderSign, heavyCase, mixedCase, raCase, rng, scalingCase } from './lib/cases';
import { candidateCount, orderSignServiceId, post, type AssessmentJson } from './lib/http';
import { runLoad, type LoadResult } from './lib/load';
import { runPackScale, type PackScaleResult } from './lib/pack-scale';
import { writeReport } from './lib/report';
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
import { benchTargets } from './lib/targets';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const HARD_LIMIT_MS = Number(process.env.BENCH_HARD_LIMIT_MS ?? 420_000);
/** Interleaved baseline/service rounds at 8 connections (issue 13: several repetitions, min/median/max). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const OUT_DIR = path.join(ROOT, 'bench', 'results');
const started = Date.now();

const mustAnswer200 = (what: string, res: { status: number; json: unknown }) => {
  if (res.status !== 200)
    throw new Error(`pre-check: ${what} answered ${res.status}: ${JSON.stringify(res.json).slice(0, 400)}`);
};

/** Checks before load: every kind of body is answered 200, candidate counts via ?explain=true. */
async function preCheck(url: string, notes: string[]): Promise<PreCheck> {
  const r0 = rng(1);
  const regimenCandidates: Record<string, number[]> = {};
  const allCandidates: number[] = [];
  let responseBytes = 0;
  for (let i = 0; i < 60; i++) {
    const body = heavyCase(r0, i) as { proposal: { components: { code: string }[]; supportive?: unknown[] } };
    const res = await post(`${url}/v1/assessments?explain=true`, body);
    mustAnswer200(`case ${i}`, res);
    const key = `${body.proposal.components.map((c) => c.code).join('+')}${body.proposal.supportive ? ' + supportive' : ''}`;
    const n = candidateCount(res.json as AssessmentJson);
    (regimenCandidates[key] ??= []).push(n);
    allCandidates.push(n);
    if (i < 10) responseBytes = Math.max(responseBytes, (await post(`${url}/v1/assessments`, body)).bytes);
  }
  for (let i = 0; i < 30; i++) mustAnswer200(`mixed case ${i}`, await post(`${url}/v1/assessments`, mixedCase(r0, i)));
  for (let i = 0; i < 10; i++) mustAnswer200(`RA case ${i}`, await post(`${url}/v1/assessments`, raCase(r0, i)));
  allCandidates.sort((a, b) => a - b);
  const candidateSummary = {
    cases: allCandidates.length,
    min: allCandidates[0] ?? 0,
    median: allCandidates[Math.floor(allCandidates.length / 2)] ?? 0,
    max: allCandidates.at(-1) ?? 0,
    atLeast8: allCandidates.filter((n) => n >= 8).length / allCandidates.length,
  };
  console.log('candidates (explain=true):', JSON.stringify(candidateSummary), JSON.stringify(regimenCandidates));

  const cdsId = await orderSignServiceId(url);
  if (cdsId) {
    const res = await post(`${url}/cds-services/${cdsId}`, cdsOrderSign(r0, 0));
    const cards = (res.json as { cards?: unknown[] } | null)?.cards;
    if (res.status !== 200 || !Array.isArray(cards) || cards.length === 0)
      throw new Error(`pre-check: CDS order-sign answered ${res.status}: ${JSON.stringify(res.json).slice(0, 400)}`);
  } else notes.push('GET /cds-services lists no order-sign service: the CDS Hooks row is skipped.');
  return { regimenCandidates, candidateSummary, responseBytes, cdsId };
}

/** Service CPU per request answered over one load run, from /metrics (ms). */
async function withServiceCpu(url: string, load: () => Promise<LoadResult>) {
  const m0 = await readMetrics(url);
  const r = await load();
  const m1 = await readMetrics(url);
  const cpuSeconds = m1.cpuSeconds - m0.cpuSeconds;
  return { r, cpuSeconds, msPer: (cpuSeconds / r.ok) * 1000 };
}

/** Single assessments with the service's CPU per assessment (one CPU row). */
async function single(url: string, connections: number, seed: number, cpuRows: CpuRow[]): Promise<SingleRun> {
  const { r, cpuSeconds, msPer } = await withServiceCpu(url, () =>
    runLoad({
      label: `single assessment, WORKERS=1`,
      url,
      path: '/v1/assessments',
      connections,
      seconds: SECONDS,
      body: (i) => heavyCase(rng(seed + i), i),
    }),
  );
  cpuRows.push({ row: `single, ${connections} conn`, ms: msPer, via: '/metrics process_cpu_seconds_total' });
  return { r, serviceCpu: cpuSeconds };
}

function baselineRun(url: string, label: string, connections: number, seed: number): Promise<LoadResult> {
  return runLoad({
    label,
    url,
    path: '/bench',
    connections,
    seconds: SECONDS,
    body: (i) => heavyCase(rng(seed + i), i),
  });
}

/** CPU per CDS order-sign call at `connections` (service CPU over calls answered). */
async function cdsRun(url: string, cdsId: string, label: string, connections: number, seed: number) {
  return withServiceCpu(url, () =>
    runLoad({
      label,
      url,
      path: `/cds-services/${cdsId}`,
      connections,
      seconds: SECONDS,
      body: (i) => cdsOrderSign(rng(seed + i), i),
    }),
  );
}

interface SingleRows {
  rounds8: Round8[];
  s8: SingleRun;
  s64: SingleRun;
  baseRuns: Record<number, LoadResult>;
}

/**
 * The baseline runs interleaved with the service at each connection count (both children are up,
 * the idle one costs nothing), so both see the same background load on the host. At 8 connections,
 * alternating rounds: baseline, service, CDS order-sign, baseline, service, …
 */
async function singleRows(svcUrl: string, pre: PreCheck, base: Child, cpuRows: CpuRow[]): Promise<SingleRows> {
  await runLoad({
    label: 'warm-up',
    url: base.url,
    path: '/bench',
    connections: 8,
    seconds: 1,
    body: (i) => heavyCase(rng(i), i),
  });
  const baseLabel = `baseline (bare express, ${pre.responseBytes} B canned)`;
  const rounds8: Round8[] = [];
  let s8: SingleRun | undefined;
  for (let k = 0; k < ROUNDS; k++) {
    const b = await baselineRun(base.url, baseLabel, 8, 70_000_000 + k * 100_000);
    const s = await single(svcUrl, 8, 10_000_000 + k * 100_000, cpuRows);
    const restCpuMs = cpuRows.at(-1)?.ms ?? NaN;
    if (k > 0) cpuRows.pop(); // one CPU row for the single assessment at 8 (the first round's)
    const cdsCpuMs = pre.cdsId
      ? (await cdsRun(svcUrl, pre.cdsId, 'CDS order-sign (CPU round)', 8, 35_000_000 + k * 100_000)).msPer
      : NaN;
    s8 ??= s;
    rounds8.push({ baseline: b, service: s.r, ratio: s.r.rps / b.rps, restCpuMs, cdsCpuMs });
  }
  if (!s8) throw new Error('BENCH_ROUNDS must be at least 1');
  const medianRound = [...rounds8].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds8.length / 2)]!;
  const baseRuns: Record<number, LoadResult> = { 8: medianRound.baseline };
  baseRuns[64] = await baselineRun(base.url, baseLabel, 64, 71_000_000);
  const s64 = await single(svcUrl, 64, 20_000_000, cpuRows);
  return { rounds8, s8: { ...s8, r: medianRound.service }, s64, baseRuns };
}

/** CDS Hooks order-sign at 8 and 64 connections, with CPU per call. */
async function cdsRows(url: string, cdsId: string | null, cpuRows: CpuRow[]) {
  const cds: LoadResult[] = [];
  const cdsCpuMs: Record<number, number> = {};
  if (!cdsId) return { cds, cdsCpuMs };
  for (const [k, connections] of [8, 64].entries()) {
    const seed = 30_000_000 + k * 1_000_000;
    const { r, msPer } = await cdsRun(url, cdsId, 'CDS order-sign, WORKERS=1', connections, seed);
    cdsCpuMs[connections] = msPer;
    cpuRows.push({
      row: `CDS order-sign, ${connections} conn (per call)`,
      ms: msPer,
      via: '/metrics process_cpu_seconds_total',
    });
    cds.push(r);
  }
  return { cds, cdsCpuMs };
}

/** Batches: 2 connections (one per core), each request a fresh set of cases. */
async function batchRows(url: string, loadRuns: LoadResult[]) {
  const batches: BatchRow[] = [];
  let peakRssBatch1000 = 0;
  for (const size of [1, 10, 100, 1000]) {
    const sizeSampler = size === 1000 ? rssSampler(async () => (await readMetrics(url)).rssBytes) : null;
    const { r, cpuSeconds } = await withServiceCpu(url, () =>
      runLoad({
        label: `batch of ${size}`,
        url,
        path: '/v1/assessments/batch',
        connections: 2,
        seconds: size >= 1000 ? Math.max(SECONDS * 2, 8) : SECONDS,
        body: (i) => batchBody(rng(40_000_000 + size * 100_000 + i), size, i * size),
      }),
    );
    if (sizeSampler) peakRssBatch1000 = await sizeSampler.stop();
    loadRuns.push(r);
    const assessments = r.ok * size;
    batches.push({
      size,
      requests: r.ok,
      assessmentsPerSecond: assessments / r.seconds,
      p50: r.p50,
      p99: r.p99,
      cpuMsPerAssessment: (cpuSeconds / assessments) * 1000,
      non2xx: r.non2xx,
    });
  }
  return { batches, peakRssBatch1000 };
}

/** Cost against the number of components (1–6) and of candidates: sequential, bounded count and time. */
async function scalingRows(url: string): Promise<ScalingRow[]> {
  const scaling: ScalingRow[] = [];
  for (let n = 1; n <= 6; n++) {
    const probe = await post(`${url}/v1/assessments?explain=true`, scalingCase(rng(50_000_000 + n), n, 0));
    if (probe.status !== 200)
      throw new Error(`scaling probe n=${n} answered ${probe.status}: ${JSON.stringify(probe.json).slice(0, 400)}`);
    const { r, msPer } = await withServiceCpu(url, () =>
      runLoad({
        label: `${n} components`,
        url,
        path: '/v1/assessments',
        connections: 1,
        seconds: Math.max(2, SECONDS / 2),
        maxRequests: 3000,
        body: (i) => scalingCase(rng(60_000_000 + n * 100_000 + i), n, i),
      }),
    );
    scaling.push({
      components: n,
      candidates: candidateCount(probe.json as AssessmentJson),
      meanMs: r.mean,
      p50: r.p50,
      cpuMsPerAssessment: msPer,
      requests: r.ok,
    });
  }
  return scaling;
}

/** WORKERS=2 at 8 and 64 connections; CPU and RSS over the primary and its workers (/proc). */
async function workers2Rows(children: Child[], cpuRows: CpuRow[]) {
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
    cpuRows.push({
      row: `single, ${connections} conn, WORKERS=2`,
      ms: ((u1.cpuSeconds - u0.cpuSeconds) / r.ok) * 1000,
      via: '/proc (primary + workers)',
    });
    workers2.push(r);
  }
  await svc2.stop();
  children.splice(children.indexOf(svc2), 1);
  return { workers2, peakRss2 };
}

/** Every row on one service process (WORKERS=1): pre-checks, single + baseline, CDS, batches, scaling. */
async function workers1Rows(children: Child[], notes: string[]) {
  const svc = await startService({ WORKERS: '1' });
  children.push(svc);
  const pre = await preCheck(svc.url, notes);
  // Warm-up (JIT, ONNX session), not measured.
  await runLoad({
    label: 'warm-up',
    url: svc.url,
    path: '/v1/assessments',
    connections: 8,
    seconds: 2,
    body: (i) => heavyCase(rng(1_000_000 + i), i),
  });
  const cpuPerAssessment: CpuRow[] = [];
  const peakSampler = rssSampler(async () => (await readMetrics(svc.url)).rssBytes);
  const base = await startBaseline(pre.responseBytes);
  children.push(base);
  const single = await singleRows(svc.url, pre, base, cpuPerAssessment);
  await base.stop();
  children.splice(children.indexOf(base), 1);
  const { cds, cdsCpuMs } = await cdsRows(svc.url, pre.cdsId, cpuPerAssessment);
  // The service's load runs in the order measured (for the non-2xx note).
  const loadRuns: LoadResult[] = [...single.rounds8.map((r) => r.service), single.s64.r, ...cds];
  const peakRssSingle = await peakSampler.stop();
  const batchSampler = rssSampler(async () => (await readMetrics(svc.url)).rssBytes);
  const { batches, peakRssBatch1000 } = await batchRows(svc.url, loadRuns);
  const scaling = await scalingRows(svc.url);
  const peakRssBatch = await batchSampler.stop();
  await svc.stop();
  children.splice(children.indexOf(svc), 1);
  return {
    pre,
    ...single,
    cds,
    cdsCpuMs,
    loadRuns,
    cpuPerAssessment,
    batches,
    scaling,
    peakRssSingle,
    peakRssBatch,
    peakRssBatch1000,
  };
}

function runNotes(run: BenchRun): void {
  const allNon2xx = [...run.loadRuns, ...run.workers2].filter((r) => r.non2xx > 0 || r.errors > 0);
  if (allNon2xx.length > 0)
    run.notes.push(
      `Non-2xx answers or socket errors: ${allNon2xx.map((r) => `${r.label} @${r.connections}: ${JSON.stringify(r.statusCounts)} errors=${r.errors}`).join('; ')}`,
    );
  const median = run.pre.candidateSummary.median;
  if (median < 8) run.notes.push(`Median candidate count ${median} is below 8.`);
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

  // Pack scale first, in this process, before any child competes for the cores.
  const packScale: PackScaleResult = await runPackScale({ requests: 100, rounds: 5 });
  console.log('pack scale:', JSON.stringify(packScale.rows.map((r) => ({ label: r.label, ratios: r.ratios }))));

  const children: Child[] = [];
  const cleanup = async () => {
    await Promise.all(children.map((c) => c.stop()));
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    const w1 = await workers1Rows(children, notes);
    const { workers2, peakRss2 } = await workers2Rows(children, w1.cpuPerAssessment);
    const run: BenchRun = {
      started,
      seconds: SECONDS,
      loadBefore,
      notes,
      packScale,
      ...w1,
      workers2,
      peakRss1: Math.max(w1.peakRssSingle, w1.peakRssBatch),
      peakRss2,
    };
    const targets = benchTargets(run);
    runNotes(run);
    console.log(writeReport(OUT_DIR, run, targets));
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
