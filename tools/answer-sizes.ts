/**
 * Byte sizes of the service's answers for the README example and the benchmark's request kinds,
 * through the real app in-process (default pack and model). Run: `npx tsx tools/answer-sizes.ts`.
 * Prints one line per request kind: bytes of the default answer and of the `?explain=true` answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createCdsTestApp } from '../test/cds-hooks/cds-app';
import { batchBody, cdsOrderSign, heavyCase, mixedCase, raCase, rng } from '../bench/lib/cases';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const { app, auth } = await createCdsTestApp({ CDS_AUTH_DISABLED: 'true', LOG_LEVEL: 'silent' });
  const bytes = async (url: string, body: unknown): Promise<number> => {
    const res = await request(app)
      .post(url)
      .set(auth)
      .send(body as object);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return Buffer.byteLength(res.text);
  };
  const both = async (label: string, url: string, bodies: unknown[]) => {
    const plain: number[] = [];
    const explained: number[] = [];
    for (const body of bodies) {
      plain.push(await bytes(url, body));
      explained.push(await bytes(`${url}?explain=true`, body));
    }
    const stat = (xs: number[]) => `max ${Math.max(...xs)} median ${[...xs].sort((a, b) => a - b)[xs.length >> 1]}`;
    console.log(`${label.padEnd(44)} default ${stat(plain).padEnd(28)} explain ${stat(explained)}`);
  };
  const readme = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/examples/nsclc-assessment.json'), 'utf8')) as object;
  await both('README example (nsclc-assessment.json)', '/v1/assessments', [readme]);
  await both(
    'bench single: heavyCase(rng(1), 0..9)',
    '/v1/assessments',
    fixed(10, (r, i) => heavyCase(r, i)),
  );
  await both(
    'bench mixed: mixedCase(rng(1), 0..29)',
    '/v1/assessments',
    fixed(30, (r, i) => mixedCase(r, i)),
  );
  await both(
    'bench RA: raCase(rng(1), 0..9)',
    '/v1/assessments',
    fixed(10, (r, i) => raCase(r, i)),
  );
  await both('bench batch of 100: batchBody(rng(4), 100, 0)', '/v1/assessments/batch', [batchBody(rng(4), 100, 0)]);
  const sign = fixed(10, (r, i) => cdsOrderSign(r, i));
  const cds: number[] = [];
  for (const body of sign) cds.push(await bytes('/cds-services/combo-cost-order-sign', body));
  console.log(`${'bench CDS order-sign: cdsOrderSign(rng(1), 0..9)'.padEnd(44)} max ${Math.max(...cds)}`);
}

/** n bodies from one seeded generator (the same bodies on every run). */
function fixed(n: number, make: (r: () => number, i: number) => unknown): unknown[] {
  const r = rng(1);
  return Array.from({ length: n }, (_, i) => make(r, i));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
