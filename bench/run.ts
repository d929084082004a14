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
 * run is bounded (< 7 minutes at the default).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { batchBody, cdsOrderSign, heavyCase, mixedCase, raCase, rng, scalingCase } from './lib/cases';
import { runLoad, type LoadResult } from './lib/load';
import { median, runPackScale, type PackScaleResult } from './lib/pack-scale';
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
const HARD_LIMIT_MS = Number(process.env.BENCH_HARD_LIMIT_MS ?? 420_000);
/** Interleaved baseline/service rounds at 8 connections (issue 13: several repetitions, min/median/max). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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

  // Pack scale first, in this process, before any child competes for the cores.
  const packScale: PackScaleResult = await runPackScale({ requests: 100, rounds: 5 });
  console.log('pack scale:', JSON.stringify(packScale.rows.map((r) => ({ label: r.label, ratios: r.ratios }))));

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
    // CPU per CDS order-sign call at 8 connections (service CPU over calls answered).
    const cdsCpuRun = async (seed: number): Promise<number> => {
      if (!cdsId) return NaN;
      const m0 = await readMetrics(svc.url);
      const r = await runLoad({
        label: 'CDS order-sign (CPU round)',
        url: svc.url,
        path: `/cds-services/${cdsId}`,
        connections: 8,
        seconds: SECONDS,
        body: (i) => cdsOrderSign(rng(seed + i), i),
      });
      const m1 = await readMetrics(svc.url);
      return ((m1.cpuSeconds - m0.cpuSeconds) / r.ok) * 1000;
    };
    // Alternating rounds at 8 connections: baseline, service, CDS order-sign, baseline, service, … (same host load).
    const rounds8: { baseline: LoadResult; service: LoadResult; ratio: number; restCpuMs: number; cdsCpuMs: number }[] =
      [];
    let s8: Awaited<ReturnType<typeof single>> | undefined;
    for (let k = 0; k < ROUNDS; k++) {
      await baseline(8, 70_000_000 + k * 100_000);
      const b = baseRuns[8]!;
      const s = await single(8, 10_000_000 + k * 100_000);
      const restCpuMs = cpuPerAssessment.at(-1)?.ms ?? NaN;
      if (k > 0) cpuPerAssessment.pop(); // one CPU row for the single assessment at 8 (the first round's)
      const cdsCpuMs = await cdsCpuRun(35_000_000 + k * 100_000);
      s8 ??= s;
      rounds8.push({ baseline: b, service: s.r, ratio: s.r.rps / b.rps, restCpuMs, cdsCpuMs });
    }
    if (!s8) throw new Error('BENCH_ROUNDS must be at least 1');
    const medianRound = [...rounds8].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds8.length / 2)]!;
    baseRuns[8] = medianRound.baseline;
    s8 = { ...s8, r: medianRound.service };
    await baseline(64, 71_000_000);
    const s64 = await single(64, 20_000_000);
    await base.stop();
    children.splice(children.indexOf(base), 1);

    const cds: LoadResult[] = [];
    const cdsCpuMs: Record<number, number> = {};
    if (cdsId) {
      for (const [k, connections] of [8, 64].entries()) {
        const m0 = await readMetrics(svc.url);
        const r = await runLoad({
          label: 'CDS order-sign, WORKERS=1',
          url: svc.url,
          path: `/cds-services/${cdsId}`,
          connections,
          seconds: SECONDS,
          body: (i) => cdsOrderSign(rng(30_000_000 + k * 1_000_000 + i), i),
        });
        const m1 = await readMetrics(svc.url);
        cdsCpuMs[connections] = ((m1.cpuSeconds - m0.cpuSeconds) / r.ok) * 1000;
        cpuPerAssessment.push({
          row: `CDS order-sign, ${connections} conn (per call)`,
          ms: cdsCpuMs[connections],
          via: '/metrics process_cpu_seconds_total',
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
    let peakRssBatch1000 = 0;
    for (const size of [1, 10, 100, 1000]) {
      const sizeSampler = size === 1000 ? rssSampler(async () => (await readMetrics(svc.url)).rssBytes) : null;
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
      if (sizeSampler) peakRssBatch1000 = await sizeSampler.stop();
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
    // Issue 13 targets, each with its margin.
    const ratios8 = rounds8.map((r) => r.ratio);
    const medianRatio8 = median(ratios8);
    const batch1000 = batches.find((b) => b.size === 1000);
    const cdsOverRest = median(rounds8.map((r) => r.cdsCpuMs / r.restCpuMs));
    const restCpu8 = median(rounds8.map((r) => r.restCpuMs));
    const cdsCpu8 = median(rounds8.map((r) => r.cdsCpuMs));
    const [packDefault, packTarget] = packScale.rows;
    const packRatio = median(packTarget?.ratios ?? [NaN]);
    targets.push(
      {
        name: `issue 13: per-assessment CPU, generated pack (${packTarget?.drugs} drugs, ${packTarget?.products} products, ${packTarget?.rules} rules) vs default`,
        target: '≤ 1.15×',
        measured: `${fmt(packRatio, 2)}× (median of ${packScale.rounds} rounds; ${fmt(median(packTarget?.cpuMs ?? [NaN]), 2)} vs ${fmt(median(packDefault?.cpuMs ?? [NaN]), 2)} ms)`,
        pass: packRatio <= 1.15,
        margin: `${fmt(1.15 - packRatio, 2)}×`,
      },
      {
        name: `issue 13: single-assessment throughput vs baseline (8 conn, ${rounds8.length} interleaved rounds, median)`,
        target: '≥ 25 %',
        measured: `${fmt(medianRatio8 * 100)} % (min ${fmt(Math.min(...ratios8) * 100)}, max ${fmt(Math.max(...ratios8) * 100)})`,
        pass: medianRatio8 >= 0.25,
        margin: `${medianRatio8 >= 0.25 ? '+' : ''}${fmt((medianRatio8 - 0.25) * 100)} points`,
      },
      {
        name: 'issue 13: batches of 1,000 on one worker',
        target: '≥ 1,500 assessments/s',
        measured: batch1000 ? `${fmt(batch1000.assessmentsPerSecond, 0)}/s` : 'n/a',
        pass: (batch1000?.assessmentsPerSecond ?? 0) >= 1500,
        margin: batch1000 ? `${fmt(batch1000.assessmentsPerSecond - 1500, 0)}/s` : 'n/a',
      },
      {
        name: 'issue 13: peak RSS during batches of 1,000 (WORKERS=1)',
        target: '≤ 250 MB',
        measured: `${fmt(mb(peakRssBatch1000))} MB`,
        pass: mb(peakRssBatch1000) <= 250,
        margin: `${fmt(250 - mb(peakRssBatch1000))} MB`,
      },
      {
        name: `issue 13: CDS order-sign CPU per call vs single REST assessment (8 conn, ${rounds8.length} interleaved rounds, median of the per-round ratios)`,
        target: '≤ 1.00×',
        measured: `${fmt(cdsOverRest, 2)}× (medians ${fmt(cdsCpu8, 2)} vs ${fmt(restCpu8, 2)} ms)`,
        pass: cdsOverRest <= 1,
        margin: `${fmt(1 - cdsOverRest, 2)}×`,
      },
    );

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
    md.push('## Pack scale (issue 13): per-assessment CPU, default pack vs a generated hospital-sized pack');
    md.push(
      `In the benchmark process, before the service starts: ${packScale.requests} default requests (NSCLC, RA, mixed) per round, ${packScale.rounds} rounds after a warm-up round, the packs taking turns request by request (rotating order) so host load falls on all alike; CPU = process user + system time per assessment, including JSON serialisation of the answer. The generated pack clones the default pack's drugs, products, classes, HIS codes, substitution groups, rules and contraindications under codes no default request uses (bench/lib/large-pack.ts); every request's answer was checked to be identical on both packs (apart from the pack digest and rule list) before timing.`,
    );
    md.push('');
    md.push(
      '| pack | drugs | products | rules | CPU ms / assessment min / median / max | × default min / median / max | answer bytes | build + compile ms |',
    );
    md.push('|---|---|---|---|---|---|---|---|');
    const mmm = (xs: number[], d = 2) =>
      `${fmt(Math.min(...xs), d)} / ${fmt(median(xs), d)} / ${fmt(Math.max(...xs), d)}`;
    for (const p of packScale.rows)
      md.push(
        `| ${p.label} | ${p.drugs} | ${p.products} | ${p.rules} | ${mmm(p.cpuMs)} | ${p === packDefault ? '—' : mmm(p.ratios)} | ${fmt(p.answerBytes, 0)} | ${p === packDefault ? '—' : fmt(p.buildMs, 0)} |`,
      );
    md.push('');
    const sizes = packScale.rows.map((p) => p.answerBytes);
    md.push(
      Math.max(...sizes) - Math.min(...sizes) <= 16
        ? 'The answer is the same size on every pack, to a few bytes (`provenance.rulesEvaluated` is a count; the rule ids only with `explain`).'
        : 'The answer differs in size between the packs where it lists rule ids (`provenance.rulesEvaluated`).',
    );
    md.push('');
    md.push('## Baseline, service and CDS order-sign interleaved (8 connections, alternating rounds)');
    md.push(
      '| round | baseline req/s | service req/s | service / baseline | REST CPU ms / assessment | CDS order-sign CPU ms / call | CDS / REST |',
    );
    md.push('|---|---|---|---|---|---|---|');
    for (const [k, r] of rounds8.entries())
      md.push(
        `| ${k + 1} | ${fmt(r.baseline.rps, 0)} | ${fmt(r.service.rps, 0)} | ${fmt(r.ratio * 100)} % | ${fmt(r.restCpuMs, 2)} | ${fmt(r.cdsCpuMs, 2)} | ${fmt(r.cdsCpuMs / r.restCpuMs, 2)}× |`,
      );
    const cdsRatios = rounds8.map((r) => r.cdsCpuMs / r.restCpuMs);
    md.push(
      `| min / median / max | | | ${fmt(Math.min(...ratios8) * 100)} / ${fmt(medianRatio8 * 100)} / ${fmt(Math.max(...ratios8) * 100)} % | | | ${fmt(Math.min(...cdsRatios), 2)} / ${fmt(cdsOverRest, 2)} / ${fmt(Math.max(...cdsRatios), 2)}× |`,
    );
    md.push('');
    md.push('The throughput table below shows the median round.');
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
          peakRssBytes: {
            workers1Single: peakRssSingle,
            workers1Batches: peakRssBatch,
            workers1Batch1000: peakRssBatch1000,
            workers2: peakRss2,
          },
          packScale,
          rounds8: rounds8.map((r) => ({
            baselineRps: r.baseline.rps,
            serviceRps: r.service.rps,
            ratio: r.ratio,
            restCpuMs: r.restCpuMs,
            cdsCpuMs: r.cdsCpuMs,
          })),
          cdsCpuMsPerCall: cdsCpuMs,
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
