/**
 * Cost-outcome model latency: predict() end to end (encode + ONE session.run + post-processing) for
 * batch sizes 1, 16, 256 and 4,096, with the ONNX Runtime thread settings used.
 *
 *   npm run bench:model                         # intra-op threads from MODEL_INTRA_OP_THREADS, default 1
 *   MODEL_PATH=... BENCH_SECONDS=2 npm run bench:model
 *
 * Writes bench/results/model.md and prints the same report to stdout. When the machine has more than one
 * core, a second pass with 2 intra-op threads is shown for comparison (BENCH_COMPARE=0 to skip).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCostOutcomeModel, modelDirFromEnv, resolveIntraOpThreads } from '../src/model/cost-outcome-model';
import type { ModelInput } from '../src/model/types';

const BATCHES = [1, 16, 256, 4096];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);

interface Row {
  threads: number;
  batch: number;
  calls: number;
  p50: number;
  p95: number;
  mean: number;
  rowsPerSecond: number;
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function measure(dir: string, threads: number, inputs: ModelInput[]): Promise<Row[]> {
  const model = await loadCostOutcomeModel(dir, { intraOpThreads: threads });
  const rows: Row[] = [];
  try {
    for (const batch of BATCHES) {
      const data = Array.from({ length: batch }, (_, i) => inputs[i % inputs.length] as ModelInput);
      for (let i = 0; i < 5; i++) await model.predict(data); // warm-up
      const times: number[] = [];
      const start = performance.now();
      while (performance.now() - start < SECONDS * 1000 || times.length < 10) {
        const t0 = performance.now();
        await model.predict(data);
        times.push(performance.now() - t0);
      }
      const total = times.reduce((a, b) => a + b, 0);
      times.sort((a, b) => a - b);
      rows.push({
        threads,
        batch,
        calls: times.length,
        p50: quantile(times, 0.5),
        p95: quantile(times, 0.95),
        mean: total / times.length,
        rowsPerSecond: (batch * times.length) / (total / 1000),
      });
    }
  } finally {
    await model.dispose();
  }
  return rows;
}

async function main(): Promise<void> {
  const dir = modelDirFromEnv();
  const threads = resolveIntraOpThreads(undefined);
  const sample = JSON.parse(readFileSync(join(dir, 'heldout-sample.json'), 'utf8')) as {
    rows: { input: ModelInput }[];
  };
  const inputs = sample.rows.map((r) => r.input);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    id: string;
    version: string;
    onnx: { sha256: string; bytes?: number };
  };
  const ortVersion = (
    JSON.parse(readFileSync(require.resolve('onnxruntime-node/package.json'), 'utf8')) as { version: string }
  ).version;
  const cores = cpus();
  const loadAtStart = loadavg();
  const configs = [threads];
  if (process.env.BENCH_COMPARE !== '0' && cores.length > 1 && threads !== 2) configs.push(2);

  const results: Row[] = [];
  for (const t of configs) results.push(...(await measure(dir, t, inputs)));

  const fmt = (x: number, d = 3) => x.toFixed(d);
  const lines = [
    '# Cost-outcome model latency',
    '',
    `- model: ${manifest.id} ${manifest.version} (sha256 ${manifest.onnx.sha256.slice(0, 12)}…, ${manifest.onnx.bytes ?? '?'} bytes), ${inputs.length} distinct held-out rows cycled`,
    `- measured: predict() end to end = encode + ONE InferenceSession.run + post-processing; ${SECONDS}s per batch size after 5 warm-up calls`,
    `- ONNX Runtime: onnxruntime-node ${ortVersion}, CPU execution provider, executionMode sequential, interOpNumThreads 1, graphOptimizationLevel all; intraOpNumThreads as in the table (service default ${threads}: MODEL_INTRA_OP_THREADS)`,
    `- machine: ${cores.length} × ${cores[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}/${process.arch}; load average at start ${loadAtStart.map((x) => x.toFixed(2)).join(' / ')} (1/5/15 min; other processes share the cores)`,
    `- date: ${new Date().toISOString()}`,
    '',
    '| intra-op threads | batch | calls | p50 ms | p95 ms | mean ms | rows / s |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.threads} | ${r.batch} | ${r.calls} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.mean)} | ${Math.round(r.rowsPerSecond).toLocaleString('en-US')} |`,
    ),
    '',
    'One intra-op thread is the default: on a 2-core machine that also serves HTTP, a second ONNX Runtime',
    'thread competes with the event loop; compare the rows above before raising MODEL_INTRA_OP_THREADS.',
    '',
  ];
  const report = lines.join('\n');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'model.md'), report);
  process.stdout.write(report);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
