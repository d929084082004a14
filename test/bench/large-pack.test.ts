/**
 * The benchmark's generated hospital-sized pack (bench/lib/large-pack.ts) is a valid pack of the
 * promised size that answers default requests exactly like the default pack: the pack-scale row
 * compares the same work at two sizes. Correctness only; the timing is `npm run bench`.
 */
import { lintKnowledgePack } from '../../src/knowledge/lint-pack';
import type { RuntimeSnapshot } from '../../src/http/app-context';
import { buildLargePack, firstDifference, packScaleRequests } from '../../bench/lib/pack-scale';
import { defaultSnapshot } from '../support/test-app';

let small: RuntimeSnapshot;
let large: RuntimeSnapshot;
beforeAll(async () => {
  small = await defaultSnapshot();
  large = { ...small, pack: buildLargePack(small.pack) };
}, 60_000);

describe('the generated large pack', () => {
  it('loads through the pack loader (schemas and integrity) with ≥ 3,000 drugs, ≥ 6,000 products, ≥ 400 rules', () => {
    expect(large.pack.drugs.size).toBeGreaterThanOrEqual(3000);
    expect(large.pack.products.size).toBeGreaterThanOrEqual(6000);
    expect(large.pack.rules.length).toBeGreaterThanOrEqual(400);
    expect(large.pack.index.rules.rules.length).toBe(large.pack.rules.filter((r) => r.enabled !== false).length);
  });

  it('adds no lint problem of its own kind beyond the default pack (its clones are as well formed as their originals)', () => {
    const kinds = (problems: { kind: string }[]) => new Set(problems.map((p) => p.kind));
    const extra = [...kinds(lintKnowledgePack(large.pack))].filter((k) => !kinds(lintKnowledgePack(small.pack)).has(k));
    expect(extra).toEqual([]);
  });

  it('answers default requests exactly as the default pack does (apart from the digest and rule list)', async () => {
    expect(await firstDifference(small, large, packScaleRequests(12))).toBeNull();
  });
});
