/**
 * payer-policy.json: unique insurance types (and layer ids within each) and patient caps; caps name
 * products, drugs and insurance types that exist; sources exist.
 */
import { pointer as ptr, type PackViolation } from '../pack-files';
import type { PayerPolicy } from '../types';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkPayerPolicy(pack: PackReferences): PackViolation[] {
  const payer = pack.get('payer-policy.json');
  if (!payer) return [];
  const f = new FileProblems(pack, 'payer-policy.json');
  const types = f.good(payer.insuranceTypes, (i) => ptr('insuranceTypes', i));
  f.unique(
    types,
    (t) => t.id,
    (i) => ptr('insuranceTypes', i, 'id'),
    'insurance type id',
  );
  for (const [t, i] of types)
    f.unique(
      t.layers.map((l, j): [typeof l, number] => [l, j]),
      (l) => l.id,
      (j) => ptr('insuranceTypes', i, 'layers', j, 'id'),
      'layer id',
    );
  if (f.shapeOk(ptr('source'))) f.refSource(ptr('source'), payer.source);
  checkPatientCaps(f, payer, new Set(types.map(([t]) => t.id)));
  return f.problems;
}

function checkPatientCaps(f: FileProblems, payer: PayerPolicy, typeIds: ReadonlySet<string>): void {
  const caps = f.good(payer.patientCaps, (i) => ptr('patientCaps', i));
  f.unique(
    caps,
    (c) => c.id,
    (i) => ptr('patientCaps', i, 'id'),
    'patient cap id',
  );
  for (const [cap, i] of caps) {
    f.refSource(ptr('patientCaps', i, 'source'), cap.source);
    cap.appliesTo.products?.forEach((code, j) => f.refProduct(ptr('patientCaps', i, 'appliesTo', 'products', j), code));
    cap.appliesTo.drugs?.forEach((code, j) => f.refDrug(ptr('patientCaps', i, 'appliesTo', 'drugs', j), code));
    cap.insuranceTypes?.forEach((id, j) => {
      if (!typeIds.has(id)) f.report(ptr('patientCaps', i, 'insuranceTypes', j), `unknown insurance type '${id}'`);
    });
  }
}
