/**
 * drg-tariffs.json: unique group codes, admission-coding ids and approval-threshold ids; carve-out
 * drugs, classes, conditions and sources that exist.
 */
import { pointer as ptr, type PackViolation } from '../pack-files';
import type { DrgTariffs } from '../types';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkDrgTariffs(pack: PackReferences): PackViolation[] {
  const drg = pack.get('drg-tariffs.json');
  if (!drg) return [];
  const f = new FileProblems(pack, 'drg-tariffs.json');
  const drgGroups = f.good(drg.groups, (i) => ptr('groups', i));
  f.unique(
    drgGroups,
    (g) => g.code,
    (i) => ptr('groups', i, 'code'),
    'DRG group code',
  );
  for (const [g, i] of drgGroups) {
    g.carveOutDrugs.forEach((d, j) => f.refDrug(ptr('groups', i, 'carveOutDrugs', j), d));
    f.refSource(ptr('groups', i, 'source'), g.source);
  }
  (drg.carveOutDrugs ?? []).forEach((d, j) => f.refDrug(ptr('carveOutDrugs', j), d));
  checkAdmissionCoding(f, drg);
  checkApprovalThresholds(f, drg);
  if (f.shapeOk(ptr('source'))) f.refSource(ptr('source'), drg.source);
  return f.problems;
}

function checkAdmissionCoding(f: FileProblems, drg: DrgTariffs): void {
  const codings = f.good(drg.admissionCoding ?? [], (i) => ptr('admissionCoding', i));
  f.unique(
    codings,
    (c) => c.id,
    (i) => ptr('admissionCoding', i, 'id'),
    'admission coding id',
  );
  for (const [c, i] of codings) {
    (c.when.classes ?? []).forEach((k, j) => f.refClass(ptr('admissionCoding', i, 'when', 'classes', j), k));
    (c.when.drugs ?? []).forEach((d, j) => f.refDrug(ptr('admissionCoding', i, 'when', 'drugs', j), d));
    f.refSource(ptr('admissionCoding', i, 'source'), c.source);
  }
}

function checkApprovalThresholds(f: FileProblems, drg: DrgTariffs): void {
  const thresholds = f.good(drg.approvalThresholds, (i) => ptr('approvalThresholds', i));
  f.unique(
    thresholds,
    (t) => t.id,
    (i) => ptr('approvalThresholds', i, 'id'),
    'approval threshold id',
  );
  for (const [t, i] of thresholds) {
    f.refCondition(t.when, ptr('approvalThresholds', i, 'when'));
    f.refSource(ptr('approvalThresholds', i, 'source'), t.source);
  }
}
