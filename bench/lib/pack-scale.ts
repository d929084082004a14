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

/** The size (the target row) and the worst case (2,000+ rules). */
export const LARGE_PACKS: readonly LargePackSize[] = [
  { drugs: 3000, rules: 400 },
  { drugs: 3000, rules: 2000 },
];

export interface PackScaleRow {
  label: string;
  drugs: number;
  products: number;
  rules: number;
  /** Generating, validating and compiling the pack. */
  buildMs: number;
  /** CPU ms per assessment (incl. JSON serialisation of the answer), one value per round. */
  cpuMs: number[];
  /** Per round: this pack's CPU over the default pack's (same requests, interleaved request by request). */
  ratios: number[];
  answerBytes: number;
}

export interface PackScaleResult {
  requests: number;
  rounds: number;
  /** The default pack first, then each generated pack. */
  rows: PackScaleRow[];
}

/** The requests of the row: the benchmark's default bodies (NSCLC, RA, mixed), each a different patient. */
export function packScaleRequests(count: number, seed = 90_000_000): AssessmentRequest[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) =>
    i % 5 === 4 ? raCase(r, i) : i % 5 === 3 ? mixedCase(r, i) : heavyCase(r, i),
  ) as unknown as AssessmentRequest[];
}

/** The default pack cloned to `size`, validated by the same loader as a real pack, with the default's DRG scheme. */
export function buildLargePack(defaultPack: KnowledgePack, size: LargePackSize = LARGE_PACKS[0]!): KnowledgePack {
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

/** CPU µs of one assessment and its serialisation, and the answer's size. */
async function measureOne(snapshot: RuntimeSnapshot, body: AssessmentRequest): Promise<{ us: number; bytes: number }> {
  const before = process.cpuUsage();
  const answer = await assessCase(requestToCase(body, { hospitalTier: 'tertiary', region: null }), snapshot, OPTIONS);
  const bytes = JSON.stringify(answer).length;
  const used = process.cpuUsage(before);
  return { us: used.user + used.system, bytes };
}

/**
 * One round: every request on every pack, the packs taking turns request by request (in a rotating
 * order), so background load on the host falls on all of them alike. CPU ms per assessment per pack.
 */
async function round(
  snapshots: readonly RuntimeSnapshot[],
  requests: readonly AssessmentRequest[],
): Promise<{ ms: number[]; bytes: number[] }> {
  const us = snapshots.map(() => 0);
  const bytes = snapshots.map(() => 0);
  for (const [i, body] of requests.entries()) {
    for (let k = 0; k < snapshots.length; k++) {
      const p = (i + k) % snapshots.length;
      const m = await measureOne(snapshots[p]!, body);
      us[p]! += m.us;
      bytes[p]! += m.bytes;
    }
  }
  return { ms: us.map((u) => u / 1000 / requests.length), bytes: bytes.map((b) => b / requests.length) };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export async function runPackScale(
  opts: { requests?: number; rounds?: number; sizes?: readonly LargePackSize[] } = {},
): Promise<PackScaleResult> {
  const config = loadConfig({});
  const small = await loadSnapshot(
    { packPath: config.packPath, modelPath: config.modelPath, modelIntraOpThreads: 1 },
    1,
  );
  const requests = packScaleRequests(opts.requests ?? 100);
  const rounds = opts.rounds ?? 5;
  const packs: { label: string; snapshot: RuntimeSnapshot; buildMs: number }[] = [
    { label: 'default', snapshot: small, buildMs: 0 },
  ];
  for (const size of opts.sizes ?? LARGE_PACKS) {
    const t0 = process.hrtime.bigint();
    const pack = buildLargePack(small.pack, size);
    const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const snapshot: RuntimeSnapshot = { pack, model: small.model, generation: 1 };
    const diff = await firstDifference(small, snapshot, requests);
    if (diff)
      throw new Error(
        `pack-scale: request ${diff.index} is answered differently by the generated pack (${size.drugs} drugs, ${size.rules} rules); the row would compare different work.\n` +
          `default: ${JSON.stringify(diff.a).slice(0, 2000)}\nlarge:   ${JSON.stringify(diff.b).slice(0, 2000)}`,
      );
    packs.push({ label: `generated (${size.drugs} drugs, ≥ ${size.rules} rules)`, snapshot, buildMs });
  }

  const snapshots = packs.map((p) => p.snapshot);
  await round(snapshots, requests); // warm-up (JIT), not measured
  const rows: PackScaleRow[] = packs.map(({ label, snapshot: { pack }, buildMs }) => ({
    label,
    drugs: pack.drugs.size,
    products: pack.products.size,
    rules: pack.rules.length,
    buildMs,
    cpuMs: [],
    ratios: [],
    answerBytes: 0,
  }));
  for (let i = 0; i < rounds; i++) {
    const r = await round(snapshots, requests);
    rows.forEach((row, k) => {
      row.cpuMs.push(r.ms[k]!);
      row.ratios.push(r.ms[k]! / r.ms[0]!);
      row.answerBytes = r.bytes[k]!;
    });
  }
  await small.model?.dispose();
  return { requests: requests.length, rounds, rows };
}
