/**
 * The oracle's worklist: `npx tsx test/safety-oracle/survey.ts`. Runs ORACLE_CASES (default 400)
 * generated cases (seed ORACLE_SEED, default 20261123) through the in-process app and prints every
 * kind of problem the judge found, most frequent first, each with one concrete example. Unlike the
 * property test it does not stop at the first counterexample. Exits 1 when any case had a problem.
 */
import http from 'node:http';
import fc from 'fast-check';
import { createTestApp } from '../support/test-app';
import { caseArb } from './arbitraries';
import { assessAndJudge } from './judge';
import { readRegimenLibrary } from './protocol';

const CASES = Number(process.env.ORACLE_CASES ?? 400);
const SEED = Number(process.env.ORACLE_SEED ?? 20261123);

/** One line per kind of problem: option ids, numbers and missing-input lists stripped. */
const kindOf = (problem: string) =>
  problem
    .replace(/offers \S+ /, 'offers … ')
    .replace(/ \(([^()]*)\)$/, '')
    .replace(/^(HTTP \d+)[^:]*: (.{0,100}).*$/, '$1 $2');

async function main(): Promise<void> {
  const library = readRegimenLibrary();
  const t = await createTestApp({ LOG_LEVEL: 'fatal' });
  const server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cases = fc.sample(caseArb(library), { numRuns: CASES, seed: SEED });
  const tally = new Map<string, { count: number; example: string }>();
  let failing = 0;
  const started = Date.now();
  for (const c of cases) {
    const { problems } = await assessAndJudge(server, t.auth, c.body, library);
    if (problems.length > 0) failing += 1;
    for (const p of problems) {
      const entry = tally.get(kindOf(p)) ?? { count: 0, example: `${c.regimenId} (${c.error}): ${p}` };
      entry.count += 1;
      tally.set(kindOf(p), entry);
    }
  }
  server.close();
  console.log(`${CASES} cases (seed ${SEED}), ${failing} with a problem, ${Date.now() - started} ms`);
  for (const [kind, { count, example }] of [...tally.entries()].sort((a, b) => b[1].count - a[1].count))
    console.log(`${String(count).padStart(5)}  ${kind}\n         e.g. ${example}`);
  process.exit(failing > 0 ? 1 : 0);
}

void main();
