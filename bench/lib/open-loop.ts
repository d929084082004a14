/**
 * Open-loop load: requests are sent at a fixed rate whatever the answers' latency (a surge does
 * not slow down because the service does), over at most `connections` keep-alive sockets, each
 * request timed from the moment it was due to the end of its answer (time queued in the client
 * counts). Latency percentiles are reported separately for accepted (2xx) and refused (503)
 * answers. A probe loop alongside asks /healthz and /readyz with the Kubernetes probe timeout.
 */
import http from 'node:http';

export interface OpenLoopResult {
  rate: number;
  seconds: number;
  sent: number;
  accepted: number;
  refused: number;
  otherStatus: number;
  errors: number;
  timeouts: number;
  acceptedPerSecond: number;
  acceptedP50: number;
  acceptedP99: number;
  refusedP99: number;
}

export interface ProbeResult {
  path: string;
  probes: number;
  failed: number;
  maxMs: number;
  statuses: Record<string, number>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function send(
  agent: http.Agent,
  url: URL,
  method: string,
  body: string | null,
  timeoutMs: number,
): Promise<{ status: number } | { error: 'timeout' | 'error' }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        headers: body === null ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', () => resolve({ error: 'error' }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ error: 'timeout' });
    });
    req.on('error', () => resolve({ error: 'error' }));
    req.end(body ?? undefined);
  });
}

export async function openLoop(opts: {
  url: string;
  path: string;
  rate: number;
  seconds: number;
  connections: number;
  body: (i: number) => unknown;
  timeoutMs?: number;
}): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const url = new URL(opts.path, opts.url);
  const accepted: number[] = [];
  const refused: number[] = [];
  let otherStatus = 0;
  let errors = 0;
  let timeouts = 0;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  const total = Math.round(opts.rate * opts.seconds);
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = (performance.now() - t0) / 1000;
      const due = Math.min(total, Math.floor(elapsed * opts.rate));
      while (i < due) {
        const dueAt = t0 + (i / opts.rate) * 1000;
        const body = JSON.stringify(opts.body(i));
        i++;
        pending.push(
          send(agent, url, 'POST', body, opts.timeoutMs ?? 10_000).then((r) => {
            const ms = performance.now() - dueAt;
            if ('error' in r) {
              if (r.error === 'timeout') timeouts++;
              else errors++;
            } else if (r.status >= 200 && r.status < 300) accepted.push(ms);
            else if (r.status === 503) refused.push(ms);
            else otherStatus++;
          }),
        );
      }
      if (i >= total) resolve();
      else setTimeout(tick, 5);
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  accepted.sort((a, b) => a - b);
  refused.sort((a, b) => a - b);
  return {
    rate: opts.rate,
    seconds: opts.seconds,
    sent: total,
    accepted: accepted.length,
    refused: refused.length,
    otherStatus,
    errors,
    timeouts,
    acceptedPerSecond: accepted.length / opts.seconds,
    acceptedP50: percentile(accepted, 50),
    acceptedP99: percentile(accepted, 99),
    refusedP99: percentile(refused, 99),
  };
}

/** Probes `path` every `everyMs` on a fresh connection with `timeoutMs`, like a kubelet, until stopped. */
export function probeLoop(
  baseUrl: string,
  path: string,
  everyMs: number,
  timeoutMs: number,
): { stop(): Promise<ProbeResult> } {
  const agent = new http.Agent({ keepAlive: false });
  const url = new URL(path, baseUrl);
  const result: ProbeResult = { path, probes: 0, failed: 0, maxMs: 0, statuses: {} };
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      const r = await send(agent, url, 'GET', null, timeoutMs);
      const ms = performance.now() - t;
      result.probes++;
      result.maxMs = Math.max(result.maxMs, ms);
      const key = 'error' in r ? r.error : String(r.status);
      result.statuses[key] = (result.statuses[key] ?? 0) + 1;
      if ('error' in r || r.status !== 200) result.failed++;
      await new Promise((res) => setTimeout(res, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return result;
    },
  };
}
