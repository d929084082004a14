/**
 * contraindications.json: by drug and class, each citing a dated label, guideline or policy; ids
 * unique and distinct from rule ids; drugs, classes and conditions that exist.
 */
import { pointer as ptr, type PackViolation } from '../pack-files';
import { FileProblems } from './file-problems';
import { type PackReferences, itemsOf } from './pack-references';

const CITABLE_KINDS = ['label', 'guideline', 'policy', 'hospital'];

export function checkContraindications(pack: PackReferences): PackViolation[] {
  const contraindications = pack.get('contraindications.json');
  if (!contraindications) return [];
  const f = new FileProblems(pack, 'contraindications.json');
  const items = f.good(contraindications, (i) => ptr(i));
  f.unique(
    items,
    (c) => c.id,
    (i) => ptr(i, 'id'),
    'contraindication id',
  );
  const ruleIds = new Set((pack.get('rules.json') ?? []).map((r) => r.id));
  const sources = new Map(itemsOf(pack.files['sources.json']).map((s) => [String(s['id']), s]));
  for (const [c, i] of items) {
    if (ruleIds.has(c.id)) f.report(ptr(i, 'id'), `id '${c.id}' is also a rule id in rules.json`);
    c.drugs?.forEach((d, j) => f.refDrug(ptr(i, 'drugs', j), d));
    c.classes?.forEach((k, j) => f.refClass(ptr(i, 'classes', j), k));
    f.refCondition(c.when, ptr(i, 'when'));
    f.refSource(ptr(i, 'source'), c.source);
    const source = sources.get(c.source);
    if (source && (typeof source['year'] !== 'number' || !CITABLE_KINDS.includes(String(source['kind'])))) {
      f.report(
        ptr(i, 'source'),
        `source '${c.source}' must be a label, guideline, policy or hospital source with its revision year`,
      );
    }
  }
  return f.problems;
}
