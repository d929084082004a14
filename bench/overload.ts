/**
 * Overload benchmark: `npm run bench:overload` (about 40 s at the default BENCH_SECONDS=6).
 *
 * Builds and starts the production service (WORKERS=1, auth off, loopback), finds its
 * sustainable rate (single assessments, 8 connections, closed loop), then sends open-loop load at
 * that rate and at twice it (up to 200 sockets) while probing /healthz and /readyz every 250 ms
 * with the 2 s timeout of the Kubernetes probes in deploy/. Reports for each rate: accepted and
 * refused (503) requests, p50/p99 of the accepted ones, client errors and time-outs, and probe
 * failures; target: p99 of accepted requests at 2× within 3× of its value at 1×, and no probe
 * failure. Writes bench/results/overload.md. Admission settings come from the environment
 * (MAX_CONCURRENT_REQUESTS, MAX_QUEUED_REQUESTS, MAX_QUEUE_MS), as for the service.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { heavyCase, rng } from './lib/cases';
import { runLoad } from './lib/load';
import { openLoop, probeLoop, type OpenLoopResult, type ProbeResult } from './lib/open-loop';
import { build, ROOT, startService } from './lib/service';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const PROBE_TIMEOUT_MS = 2000;
const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

async function atRate(
  url: string,
  rate: number,
  connections: number,
  seed: number,
): Promise<{ load: OpenLoopResult; probes: ProbeResult[] }> {
  const probes = [probeLoop(url, '/healthz', 250, PROBE_TIMEOUT_MS), probeLoop(url, '/readyz', 250, PROBE_TIMEOUT_MS)];
  const load = await openLoop({
    url,
    path: '/v1/assessments',
    rate,
    seconds: SECONDS,
    connections,
    body: (i) => heavyCase(rng(seed + i), i),
  });
  return { load, probes: await Promise.all(probes.map((p) => p.stop())) };
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error('bench:overload: hard limit reached, aborting');
    process.exit(2);
  }, 150_000);
  watchdog.unref();
  console.log(build().note);
  const svc = await startService({ WORKERS: '1' });
  try {
    await runLoad({
      label: 'warm-up',
      url: svc.url,
      path: '/v1/assessments',
      connections: 8,
      seconds: 2,
      body: (i) => heavyCase(rng(1_000_000 + i), i),
    });
    const closed = await runLoad({
      label: 'sustainable (closed loop, 8 connections)',
      url: svc.url,
      path: '/v1/assessments',
      connections: 8,
      seconds: SECONDS,
      body: (i) => heavyCase(rng(2_000_000 + i), i),
    });
    const sustainable = Math.max(10, Math.floor(closed.rps));
    console.log(
      `sustainable: ${sustainable} req/s (closed loop, 8 connections, p99 ${closed.p99} ms, non-2xx ${closed.non2xx})`,
    );
    const one = await atRate(svc.url, sustainable, 100, 3_000_000);
    console.log('1x', JSON.stringify(one));
    const two = await atRate(svc.url, sustainable * 2, 200, 4_000_000);
    console.log('2x', JSON.stringify(two));
    const metrics = await (await fetch(`${svc.url}/metrics`)).text();
    const shed =
      [...metrics.matchAll(/^http_requests_shed_total\{reason="([^"]+)"\} (\d+)/gm)]
        .map((m) => `${m[1]} ${m[2]}`)
        .join(', ') || 'none';

    const ratio = two.load.acceptedP99 / one.load.acceptedP99;
    const probeFailures = [...one.probes, ...two.probes].reduce((n, p) => n + p.failed, 0);
    const row = (label: string, r: { load: OpenLoopResult; probes: ProbeResult[] }) =>
      `| ${label} | ${fmt(r.load.rate, 0)} | ${r.load.sent} | ${r.load.accepted} (${fmt(r.load.acceptedPerSecond, 0)}/s) | ${r.load.refused} | ${fmt(r.load.acceptedP50, 0)} | ${fmt(r.load.acceptedP99, 0)} | ${fmt(r.load.refusedP99, 0)} | ${r.load.errors} / ${r.load.timeouts} | ${r.probes.map((p) => `${p.path} ${p.probes - p.failed}/${p.probes} (max ${fmt(p.maxMs, 0)} ms)`).join(', ')} |`;
    const admission = ['MAX_CONCURRENT_REQUESTS', 'MAX_QUEUED_REQUESTS', 'MAX_QUEUE_MS']
      .map((k) => `${k}=${process.env[k] ?? 'default'}`)
      .join(', ');
    const md = [
      '# Overload benchmark (`npm run bench:overload`)',
      '',
      `${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${SECONDS} s per rate · production build, WORKERS=1, LOG_LEVEL=warn, auth off, 127.0.0.1 · ${admission}.`,
      `The load generator runs on the same cores as the service. Load average (1 min) at the end: ${fmt(os.loadavg()[0] ?? NaN, 2)}.`,
      '',
      `Sustainable rate: **${sustainable} req/s** (closed loop at 8 connections: p50 ${closed.p50} ms, p99 ${closed.p99} ms). Then open-loop load (requests sent on schedule whatever the answers' latency, timed from when each was due) at 1× and 2× that rate, with /healthz and /readyz probed every 250 ms on fresh connections with a ${PROBE_TIMEOUT_MS} ms timeout (the probes' timeout in deploy/deployment.yaml).`,
      '',
      '| rate | req/s | sent | accepted (2xx) | refused (503) | accepted p50 ms | accepted p99 ms | refused p99 ms | client errors / time-outs | probes answered in time |',
      '|---|---|---|---|---|---|---|---|---|---|',
      row('1× sustainable', one),
      row('2× sustainable', two),
      '',
      '| target | goal | measured | result |',
      '|---|---|---|---|',
      `| p99 of accepted requests at 2× vs 1× | ≤ 3× | ${fmt(ratio, 2)}× (${fmt(two.load.acceptedP99, 0)} vs ${fmt(one.load.acceptedP99, 0)} ms) | **${ratio <= 3 ? 'PASS' : 'MISS'}** |`,
      `| probes failing a ${PROBE_TIMEOUT_MS} ms timeout | 0 | ${probeFailures} | **${probeFailures === 0 ? 'PASS' : 'MISS'}** |`,
      `| refusals counted in /metrics | > 0 at 2× | http_requests_shed_total: ${shed} | **${shed !== 'none' ? 'PASS' : 'MISS'}** |`,
      '',
    ].join('\n');
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'overload.md'), md);
    console.log(md);
  } finally {
    await svc.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
