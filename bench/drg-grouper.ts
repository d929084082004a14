/**
 * DRG grouper benchmark: `npm run bench:drg`.
 *
 * Generates a month of discharges (seeded, deterministic): chemotherapy cycles with and without
 * CC/MCC, principal diagnoses drawn from every MDC list, 0–6 secondary diagnoses mixing CC and MCC
 * codes, 0–3 procedures drawn from OR and ADRG lists. Measures records per second
 * 1. in process (groupForApi: grouping, names, CC/MCC, split attribution, unknown codes, trace), and
 * 2. over HTTP (POST /v1/drg/group/batch, NDJSON in and out, loopback, auth off).
 * The reference point is OpenDRG's claim of 5,000 records/s single-threaded for its Java grouper;
 * the target is ten times that in process. Reported, never asserted. DRG_BENCH_RECORDS sets the size.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ROOT_DIR, loadConfig } from '../src/config/config';
import { createApp } from '../src/http/app';
import { createAuthenticator } from '../src/http/auth/bearer-auth';
import { createLogger } from '../src/observability/logger';
import { createMetrics } from '../src/observability/metrics';
import { groupForApi, grouperRecordOf, type DrgGroupRecord } from '../src/pipeline/drg/grouping';
import { loadSnapshot } from '../src/runtime/runtime-holder';

const RECORDS = Number(process.env.DRG_BENCH_RECORDS ?? 100_000);
const SCHEME = path.join(ROOT_DIR, 'rules', 'drg-schemes', 'chs-drg-1.1');
const OPENDRG_CLAIM = 5000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function records(n: number): DrgGroupRecord[] {
  const read = (f: string) => JSON.parse(readFileSync(path.join(SCHEME, f), 'utf8'));
  const mdcs = read('mdcs.json') as { entry: { diagnoses?: string[] } }[];
  const principals = mdcs.flatMap((m) => m.entry.diagnoses ?? []);
  const cc = Object.keys(read('cc.json'));
  const mcc = Object.keys(read('mcc.json'));
  const or = read('or-procedures.json') as string[];
  const procs = Object.keys(read('procedures.json'));
  const r = rng(20261130);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const out: DrgGroupRecord[] = [];
  for (let i = 0; i < n; i++) {
    const chemo = r() < 0.3;
    const secondary = Array.from({ length: Math.floor(r() * 7) }, () =>
      r() < 0.3 ? pick(mcc) : r() < 0.7 ? pick(cc) : pick(principals),
    );
    const procedures = chemo
      ? ['99.2503']
      : Array.from({ length: Math.floor(r() * 4) }, () => (r() < 0.5 ? pick(or) : pick(procs)));
    out.push({
      sex: r() < 0.5 ? 'male' : 'female',
      ageYears: Math.floor(r() * 90) + 1,
      lengthOfStayDays: 1 + Math.floor(r() * 30),
      diagnoses: chemo ? ['Z51.103', pick(principals), ...secondary] : [pick(principals), ...secondary],
      procedures,
    });
  }
  return out;
}

async function main(): Promise<void> {
  const snapshot = await loadSnapshot(
    { packPath: path.join(ROOT_DIR, 'rules', 'default'), modelPath: null, modelIntraOpThreads: 1 },
    1,
  );
  const scheme = snapshot.pack.drgScheme;
  if (!scheme) throw new Error('the default pack names no DRG scheme');
  const input = records(RECORDS);

  // In process: warm up, then time every record once.
  for (let i = 0; i < 5000; i++) groupForApi(scheme, grouperRecordOf(input[i % input.length] as DrgGroupRecord));
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const statuses = new Map<string, number>();
  for (const rec of input) {
    const g = groupForApi(scheme, grouperRecordOf(rec));
    statuses.set(g.status, (statuses.get(g.status) ?? 0) + 1);
  }
  const inProcess = RECORDS / (Number(process.hrtime.bigint() - t0) / 1e9);
  const cpu = process.cpuUsage(cpu0);
  const perCpuSecond = RECORDS / ((cpu.user + cpu.system) / 1e6);

  // Over HTTP: one NDJSON batch of every record.
  const config = loadConfig({ API_AUTH_DISABLED: 'true', LOG_LEVEL: 'silent' });
  const logger = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }) as never);
  const app = createApp(
    {
      config,
      logger,
      metrics: createMetrics({ defaultMetrics: false }),
      serviceVersion: 'bench',
      snapshot: () => snapshot,
      isAcceptingTraffic: () => true,
    },
    { authenticator: createAuthenticator(config, logger, () => undefined) },
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  const body = input.map((rec) => JSON.stringify({ record: rec })).join('\n') + '\n';
  const t1 = process.hrtime.bigint();
  const cpu1 = process.cpuUsage();
  const res = await fetch(`http://127.0.0.1:${port}/v1/drg/group/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body,
  });
  const text = await res.text();
  const overHttp = RECORDS / (Number(process.hrtime.bigint() - t1) / 1e9);
  const cpuHttp = process.cpuUsage(cpu1);
  const httpPerCpuSecond = RECORDS / ((cpuHttp.user + cpuHttp.system) / 1e6);
  server.close();
  const lines = text.trim().split('\n').length;

  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const row = (label: string, rate: number, perCpu: number) =>
    `| ${label} | ${n(rate)} | ${n(perCpu)} | ${(rate / OPENDRG_CLAIM).toFixed(1)}× | ${rate >= 10 * OPENDRG_CLAIM ? 'PASS' : 'MISS'} (target 50,000/s wall) |`;
  console.log(
    `DRG grouper, ${RECORDS.toLocaleString('en-US')} generated records (statuses: ${[...statuses].map(([k, v]) => `${k} ${v}`).join(', ')}); HTTP answered ${lines} lines, status ${res.status}`,
  );
  console.log(
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs (records per CPU-second is the figure to compare on a shared machine)`,
  );
  console.log('| path | records/s (wall) | records per CPU-second | wall vs OpenDRG claim (5,000/s) | target |');
  console.log('|---|---:|---:|---:|---|');
  console.log(row('in process (groupForApi, full answer with trace)', inProcess, perCpuSecond));
  console.log(
    row('HTTP, POST /v1/drg/group/batch (NDJSON, loopback; client in the same process)', overHttp, httpPerCpuSecond),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
