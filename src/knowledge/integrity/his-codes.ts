/** his-codes.json: each HIS item code once, naming a formulary product. */
import { pointer as ptr, type PackViolation } from '../pack-files';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkHisCodes(pack: PackReferences): PackViolation[] {
  const his = pack.get('his-codes.json');
  if (!his) return [];
  const f = new FileProblems(pack, 'his-codes.json');
  const items = f.good(his, (i) => ptr(i));
  f.unique(
    items,
    (h) => h.hisCode,
    (i) => ptr(i, 'hisCode'),
    'HIS code',
  );
  for (const [h, i] of items) f.refProduct(ptr(i, 'product'), h.product);
  return f.problems;
}
