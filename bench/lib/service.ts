/**
 * Child processes for the benchmark: the production build of the service and the bare express
 * baseline, each on a free loopback port; /metrics reads; RSS / CPU of a process tree from /proc
 * (for WORKERS=2, where /metrics answers from one worker only).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const HOST = '127.0.0.1';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `npm run build` into a clean dist/ (a stale file of a module since split into a folder, e.g.
 * cards.js next to cards/, would be loaded instead of the new one); a failing type check still emits
 * JS (no noEmitOnError), so go on if dist/src/main.js is there and say so.
 */
export function build(): { ok: boolean; note: string } {
  const t0 = Date.now();
  fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
  const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  const main = path.join(ROOT, 'dist', 'src', 'main.js');
  if (res.status === 0) return { ok: true, note: `npm run build ok (${((Date.now() - t0) / 1000).toFixed(1)} s)` };
  if (fs.existsSync(main)) {
    const first =
      `${res.stdout ?? ''}${res.stderr ?? ''}`.split('\n').find((l) => /error TS/.test(l)) ?? 'unknown error';
    return {
      ok: true,
      note: `npm run build reported type errors (first: ${first.trim()}); tsc still emitted dist/src/main.js, which is what was measured`,
    };
  }
  throw new Error(`npm run build failed and dist/src/main.js is missing:\n${res.stdout}\n${res.stderr}`);
}

export interface Child {
  proc: ChildProcess;
  port: number;
  url: string;
  stop(): Promise<void>;
}

async function waitFor(url: string, timeoutMs: number, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`child exited (${proc.exitCode}) before it was ready:\n${log()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms:\n${log()}`);
}

function start(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  readyPath: string,
  port: number,
): Promise<Child> {
  const proc = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://${HOST}:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
      }, 15_000);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  return waitFor(`${url}${readyPath}`, 30_000, proc, () => stderr).then(() => ({ proc, port, url, stop }));
}

/** The production build: node dist/src/main.js, auth off (loopback only), logs at warn so logging does not dominate. */
export async function startService(extraEnv: Record<string, string> = {}): Promise<Child> {
  const port = await freePort();
  const child = await start(
    process.execPath,
    [path.join(ROOT, 'dist', 'src', 'main.js')],
    { API_AUTH_DISABLED: 'true', CDS_AUTH_DISABLED: 'true', LOG_LEVEL: 'warn', ...extraEnv },
    '/readyz',
    port,
  );
  if (Number(extraEnv.WORKERS ?? 1) > 1 && child.proc.pid) await waitIdle(child.proc.pid, 20_000); // /readyz answers once the first worker listens
  return child;
}

/** The baseline: bare express answering a canned body of `bytes` bytes. */
export async function startBaseline(bytes: number): Promise<Child> {
  const port = await freePort();
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  return start(
    process.execPath,
    [tsx, path.join(ROOT, 'bench', 'baseline-server.ts')],
    { BASELINE_BYTES: String(bytes) },
    '/healthz',
    port,
  );
}

export interface MetricsSample {
  cpuSeconds: number;
  rssBytes: number;
}

/** process_cpu_seconds_total and process_resident_memory_bytes from /metrics (one worker's view). */
export async function readMetrics(url: string): Promise<MetricsSample> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const num = (name: string) => {
    const m = new RegExp(`^${name} ([0-9.eE+-]+)$`, 'm').exec(text);
    return m ? Number(m[1]) : NaN;
  };
  return { cpuSeconds: num('process_cpu_seconds_total'), rssBytes: num('process_resident_memory_bytes') };
}

const CLK_TCK = 100;
const PAGE = 4096;

/** CPU seconds and RSS of a process and all its descendants, from /proc (Linux). */
export function treeUsage(rootPid: number): MetricsSample {
  const pids = [rootPid];
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === rootPid) pids.push(Number(entry));
      } catch {
        /* gone */
      }
    }
  } catch {
    return { cpuSeconds: NaN, rssBytes: NaN };
  }
  let cpu = 0;
  let rss = 0;
  for (const pid of pids) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').slice(0).split(') ')[1]?.split(' ') ?? [];
      cpu += (Number(f[11]) + Number(f[12])) / CLK_TCK;
      rss += Number(f[21]) * PAGE;
    } catch {
      /* gone */
    }
  }
  return { cpuSeconds: cpu, rssBytes: rss };
}

/** Waits until the process tree uses < 10 % of a core over half a second (workers done loading pack and model). */
export async function waitIdle(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let prev = treeUsage(pid).cpuSeconds;
  await new Promise((r) => setTimeout(r, 1000));
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const now = treeUsage(pid).cpuSeconds;
    if (now - prev < 0.05) return;
    prev = now;
  }
}

/** Samples RSS every `everyMs` until stopped; returns the peak. */
export function rssSampler(sample: () => Promise<number>, everyMs = 250): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        peak = Math.max(peak, await sample());
      } catch {
        /* keep sampling */
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peak;
    },
  };
}
