/** The benchmark's report: bench/results/latest.md (tables per row) and latest.json (every figure). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt, mb, type BenchRun, type Target } from './bench-run';
import type { LoadResult } from './load';
import { median } from './pack-scale';

/** The load generator's CPU share of a run (it shares the cores with the service). */
function loadGenShare(r: LoadResult, serviceCpu: number) {
  return {
    loadGenCpuSeconds: r.loadGenCpuSeconds,
    shareOfTwoCores: r.loadGenCpuSeconds / (r.seconds * os.cpus().length),
    shareOfAllCpuUsed: r.loadGenCpuSeconds / (r.loadGenCpuSeconds + serviceCpu),
  };
}

/** Writes latest.md and latest.json under `outDir`; returns the markdown. */
export function writeReport(outDir: string, run: BenchRun, targets: Target[]): string {
  const md: string[] = [];
  headerAndTargets(md, run, targets);
  packScaleSection(md, run);
  interleavedSection(md, run);
  throughputSection(md, run);
  costSections(md, run);
  memoryAndCandidates(md, run);
  fs.mkdirSync(outDir, { recursive: true });
  const report = md.join('\n') + '\n';
  fs.writeFileSync(path.join(outDir, 'latest.md'), report);
  fs.writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(resultsJson(run, targets), null, 2) + '\n');
  return report;
}

function headerAndTargets(md: string[], run: BenchRun, targets: Target[]): void {
  const { s8, s64, loadBefore } = run;
  const SECONDS = run.seconds;
  const lg8 = loadGenShare(s8.r, s8.serviceCpu);
  const lg64 = loadGenShare(s64.r, s64.serviceCpu);
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
}

/** Pack scale (issue 13): the default pack against the generated hospital-sized pack. */
function packScaleSection(md: string[], run: BenchRun): void {
  const { packScale } = run;
  const [packDefault] = packScale.rows;
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
}

/** Baseline, service and CDS order-sign in alternating rounds at 8 connections. */
function interleavedSection(md: string[], run: BenchRun): void {
  const { rounds8 } = run;
  const ratios8 = rounds8.map((r) => r.ratio);
  const medianRatio8 = median(ratios8);
  const cdsOverRest = median(rounds8.map((r) => r.cdsCpuMs / r.restCpuMs));
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
}

/** Throughput and latency against the bare-express baseline. */
function throughputSection(md: string[], run: BenchRun): void {
  const { s8, s64, cds, workers2, baseRuns } = run;
  const b8 = baseRuns[8]!;
  const b64 = baseRuns[64]!;
  const cdsId = run.pre.cdsId;
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
}

/** CPU per assessment, batches, and cost against components and candidates. */
function costSections(md: string[], run: BenchRun): void {
  const { cpuPerAssessment, batches, scaling } = run;
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
}

/** Peak memory, candidates per regimen, notes and the run time. */
function memoryAndCandidates(md: string[], run: BenchRun): void {
  const { peakRssSingle, peakRssBatch, peakRss2, notes, started } = run;
  const { responseBytes, candidateSummary, regimenCandidates } = run.pre;
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
}

function resultsJson(run: BenchRun, targets: Target[]) {
  const { s8, s64, cds, workers2, batches, scaling, cpuPerAssessment, packScale, rounds8, loadBefore, notes } = run;
  const { peakRssSingle, peakRssBatch, peakRssBatch1000, peakRss2, cdsCpuMs } = run;
  const { responseBytes, regimenCandidates, candidateSummary } = run.pre;
  const baseRuns = run.baseRuns;
  const SECONDS = run.seconds;
  const lg8 = loadGenShare(s8.r, s8.serviceCpu);
  const lg64 = loadGenShare(s64.r, s64.serviceCpu);
  return {
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
  };
}
