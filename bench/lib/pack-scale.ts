/**
 * The pack-scale row: per-assessment CPU at the default pack and at a hospital-sized pack
 * generated from it (bench/lib/large-pack.ts), measured in this process in interleaved rounds
 * (default, large, default, large, …) so both packs see the same background load.
 *
 * Before timing anything, every request is answered with both packs and the answers compared
 * (without the pack's digest and rule counts, which differ by construction): a generator that
 * changed an answer would make the timing meaningless, so the row fails loudly instead.
 */
import { isDeepStrictEqual } from 'node:util';
import { requestToCase, type AssessmentRequest } from '../../src/adapters/rest/request-to-case';
import { loadConfig } from '../../src/config/config';
import type { RuntimeSnapshot } from '../../src/http/app-context';
import { buildKnowledgePack, withDrgScheme } from '../../src/knowledge/load-pack';
import type { KnowledgePack } from '../../src/knowledge/types';
import { assessCase, type Assessment } from '../../src/pipeline/assess';
import { loadSnapshot } from '../../src/runtime/runtime-holder';
import { heavyCase, mixedCase, raCase, rng } from './cases';
import { largePackTexts, type LargePackSize } from './large-pack';

export const LARGE_PACK: LargePackSize = { drugs: 3000, rules: 400 };

export interface PackScaleResult {
  packs: { label: string; drugs: number; products: number; rules: number; buildMs: number }[];
  requests: number;
  rounds: number;
  /** CPU ms per assessment (incl. JSON serialisation of the answer), one value per round. */
  cpuMs: { default: number[]; large: number[] };
  answerBytes: { default: number; large: number };
  ratio: number;
}

/** The requests of the row: the benchmark's default bodies (NSCLC, RA, mixed), each a different patient. */
export function packScaleRequests(count: number, seed = 90_000_000): AssessmentRequest[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) =>
    i % 5 === 4 ? raCase(r, i) : i % 5 === 3 ? mixedCase(r, i) : heavyCase(r, i),
  ) as unknown as AssessmentRequest[];
}

/** The default pack cloned to `size`, validated by the same loader as a real pack, with the default's DRG scheme. */
export function buildLargePack(defaultPack: KnowledgePack, size: LargePackSize = LARGE_PACK): KnowledgePack {
  const pack = buildKnowledgePack(largePackTexts(size), 'large (generated)');
  return defaultPack.drgScheme ? withDrgScheme(pack, defaultPack.drgScheme, 'large (generated)') : pack;
}

const OPTIONS = { explain: false, requestId: 'bench', serviceVersion: 'bench' };

/** An answer without what differs between two packs by construction: the digest and the rule counts/lists. */
export function comparableAnswer(answer: Assessment): unknown {
  const copy = JSON.parse(JSON.stringify(answer)) as Record<string, unknown>;
  const strip = (o: unknown): void => {
    if (typeof o !== 'object' || o === null) return;
    for (const key of Object.keys(o)) {
      if (/digest|rulesEvaluated/i.test(key)) delete (o as Record<string, unknown>)[key];
      else strip((o as Record<string, unknown>)[key]);
    }
  };
  strip(copy.provenance);
  return copy;
}

/** The first request whose answers differ between the two packs, or null. */
export async function firstDifference(
  a: RuntimeSnapshot,
  b: RuntimeSnapshot,
  requests: readonly AssessmentRequest[],
): Promise<{ index: number; a: unknown; b: unknown } | null> {
  for (const [index, body] of requests.entries()) {
    const kase = () => requestToCase(body, { hospitalTier: 'tertiary', region: null });
    const [x, y] = [
      comparableAnswer(await assessCase(kase(), a, OPTIONS)),
      comparableAnswer(await assessCase(kase(), b, OPTIONS)),
    ];
    if (!isDeepStrictEqual(x, y)) return { index, a: x, b: y };
  }
  return null;
}

async function cpuPerAssessment(
  snapshot: RuntimeSnapshot,
  requests: readonly AssessmentRequest[],
): Promise<{ ms: number; bytes: number }> {
  let bytes = 0;
  const before = process.cpuUsage();
  for (const body of requests) {
    const answer = await assessCase(requestToCase(body, { hospitalTier: 'tertiary', region: null }), snapshot, OPTIONS);
    bytes += JSON.stringify(answer).length;
  }
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000 / requests.length, bytes: bytes / requests.length };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export async function runPackScale(opts: { requests?: number; rounds?: number } = {}): Promise<PackScaleResult> {
  const config = loadConfig({});
  const small = await loadSnapshot(
    { packPath: config.packPath, modelPath: config.modelPath, modelIntraOpThreads: 1 },
    1,
  );
  const t0 = process.hrtime.bigint();
  const largePack = buildLargePack(small.pack);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const large: RuntimeSnapshot = { pack: largePack, model: small.model, generation: 1 };
  const requests = packScaleRequests(opts.requests ?? 100);
  const rounds = opts.rounds ?? 5;

  const diff = await firstDifference(small, large, requests);
  if (diff)
    throw new Error(
      `pack-scale: request ${diff.index} is answered differently by the generated pack; the row would compare different work.\n` +
        `default: ${JSON.stringify(diff.a).slice(0, 2000)}\nlarge:   ${JSON.stringify(diff.b).slice(0, 2000)}`,
    );

  await cpuPerAssessment(small, requests); // warm-up (JIT), not measured
  await cpuPerAssessment(large, requests);
  const cpuMs = { default: [] as number[], large: [] as number[] };
  const answerBytes = { default: 0, large: 0 };
  for (let i = 0; i < rounds; i++) {
    const d = await cpuPerAssessment(small, requests);
    const l = await cpuPerAssessment(large, requests);
    cpuMs.default.push(d.ms);
    cpuMs.large.push(l.ms);
    answerBytes.default = d.bytes;
    answerBytes.large = l.bytes;
  }
  const describe = (label: string, pack: KnowledgePack, ms: number) => ({
    label,
    drugs: pack.drugs.size,
    products: pack.products.size,
    rules: pack.rules.length,
    buildMs: ms,
  });
  await small.model?.dispose();
  return {
    packs: [describe('default', small.pack, 0), describe('large (generated)', largePack, buildMs)],
    requests: requests.length,
    rounds,
    cpuMs,
    answerBytes,
    ratio: median(cpuMs.large) / median(cpuMs.default),
  };
}
