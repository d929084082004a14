/**
 * One autocannon run with a fresh body per request, plus the CPU the load generator itself used
 * (autocannon runs in this process and shares the machine's cores with the service).
 */
import autocannon from 'autocannon';

export interface LoadResult {
  label: string;
  connections: number;
  seconds: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  statusCounts: Record<string, number>;
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  /** CPU seconds this process (autocannon + body generation) used during the run. */
  loadGenCpuSeconds: number;
}

export async function runLoad(opts: {
  label: string;
  url: string;
  path: string;
  connections: number;
  seconds: number;
  body: (i: number) => unknown;
  headers?: Record<string, string>;
  /** Bound on the number of requests (the run also stops at `seconds`). */
  maxRequests?: number;
  /** Requests per second over all connections (moderate, steady load for the soak). */
  overallRate?: number;
}): Promise<LoadResult> {
  let i = 0;
  const cpu0 = process.cpuUsage();
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.maxRequests ? { amount: opts.maxRequests } : {}),
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: opts.path,
        headers: { 'content-type': 'application/json', ...(opts.headers ?? {}) },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(opts.body(i++)) }),
      },
    ],
  });
  const cpu = process.cpuUsage(cpu0);
  const statusCounts: Record<string, number> = {};
  for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = v.count;
  const ok = result['2xx'];
  const seconds = result.duration || opts.seconds;
  return {
    label: opts.label,
    connections: opts.connections,
    seconds,
    requests: ok + result.non2xx,
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCounts,
    rps: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.mean,
    loadGenCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
