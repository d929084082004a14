/** manifest.json: unique condition ids, a validity period that ends after it starts, ICD-10 prefixes that do not overlap. */
import { pointer as ptr, type PackViolation } from '../pack-files';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkManifest(pack: PackReferences): PackViolation[] {
  const manifest = pack.get('manifest.json');
  if (!manifest) return [];
  const f = new FileProblems(pack, 'manifest.json');
  const conditions = f.good(manifest.conditions, (i) => ptr('conditions', i));
  f.unique(
    conditions,
    (c) => c.id,
    (i) => ptr('conditions', i, 'id'),
    'condition id',
  );
  if (
    f.shapeOk(ptr('effectiveTo')) &&
    f.shapeOk(ptr('effectiveFrom')) &&
    manifest.effectiveTo !== undefined &&
    manifest.effectiveTo <= manifest.effectiveFrom
  ) {
    f.report(
      ptr('effectiveTo'),
      `effectiveTo ${manifest.effectiveTo} is not after effectiveFrom ${manifest.effectiveFrom}`,
    );
  }
  const prefixes: { prefix: string; condition: string; at: string }[] = [];
  for (const [c, i] of conditions)
    c.icd10Prefixes.forEach((p, j) =>
      prefixes.push({ prefix: p, condition: c.id, at: ptr('conditions', i, 'icd10Prefixes', j) }),
    );
  for (const a of prefixes) {
    const clash = prefixes.find((b) => b.condition !== a.condition && a.prefix.startsWith(b.prefix));
    if (clash)
      f.report(
        a.at,
        `ICD-10 prefix '${a.prefix}' of '${a.condition}' overlaps '${clash.prefix}' of '${clash.condition}': the diagnosis would belong to two conditions`,
      );
  }
  return f.problems;
}
