/**
 * In-process batch measurement: `npx tsx bench/batch-memory.ts [cases] [rounds]`. Assesses batches
 * of `cases` (default 1,000) through the pipeline's batch entry point, serialising each answer as
 * the batch route does and dropping it, and reports assessments/s, CPU ms per assessment and the
 * peak RSS. No HTTP: it isolates the pipeline's own time and memory from the socket.
 */
import path from 'node:path';
import { requestToCase } from '../src/adapters/rest/request-to-case';
import type { components } from '../src/generated/api';
import { assessEachCase } from '../src/pipeline/assess';
import { loadSnapshot } from '../src/runtime/runtime-holder';
import { batchBody, rng } from './lib/cases';

type AssessmentRequest = components['schemas']['AssessmentRequest'];

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1000);
  const rounds = Number(process.argv[3] ?? 3);
  const root = path.join(__dirname, '..');
  const snapshot = await loadSnapshot(
    {
      packPath: path.join(root, 'rules/default'),
      modelPath: path.join(root, 'models/cost-outcome-v1'),
      modelIntraOpThreads: 1,
    },
    1,
  );
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const r = rng(7);
  for (let round = 0; round < rounds; round++) {
    const body = batchBody(r, n, round * n) as { cases: AssessmentRequest[] };
    const cases = body.cases.map((c) => requestToCase(c, { hospitalTier: 'tertiary', region: null }));
    let bytes = 0;
    const cpu = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await assessEachCase(cases, snapshot, { explain: false, requestId: 'bench', serviceVersion: 'bench' }, (result) => {
      bytes += JSON.stringify(result.ok ? result.assessment : result.error.errors).length;
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const used = process.cpuUsage(cpu);
    console.log(
      `batch of ${n}: ${((n / ms) * 1000).toFixed(0)} assessments/s, ${((used.user + used.system) / 1000 / n).toFixed(2)} CPU ms each, ${(bytes / n / 1024).toFixed(1)} KiB each, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`,
    );
  }
  clearInterval(sample);
}

void main();
