/**
 * terminology.json: every mapping (RxNorm, SNOMED CT / ICD-10-CM conditions, NHSA drug codes)
 * names a pack drug, product or condition and a source; codes are unique.
 */
import { pointer as ptr, type PackViolation } from '../pack-files';
import type { Terminology } from '../types';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkTerminology(pack: PackReferences): PackViolation[] {
  const terminology = pack.get('terminology.json');
  if (!terminology) return [];
  const f = new FileProblems(pack, 'terminology.json');
  checkRxnorm(f, terminology);
  checkConditionCodes(f, terminology);
  checkNhsaCodes(f, terminology);
  return f.problems;
}

function checkRxnorm(f: FileProblems, terminology: Terminology): void {
  const rx = f.good(terminology.rxnorm, (i) => ptr('rxnorm', i));
  f.unique(
    rx,
    (r) => r.rxcui,
    (i) => ptr('rxnorm', i, 'rxcui'),
    'RxNorm code',
  );
  for (const [r, i] of rx) {
    if (r.drug !== undefined) f.refDrug(ptr('rxnorm', i, 'drug'), r.drug);
    if (r.product !== undefined) f.refProduct(ptr('rxnorm', i, 'product'), r.product);
    f.refSource(ptr('rxnorm', i, 'source'), r.source);
    if (r.tty === 'IN' && r.product !== undefined)
      f.report(ptr('rxnorm', i, 'product'), 'an RxNorm ingredient (IN) names a drug, not a product');
  }
}

function checkConditionCodes(f: FileProblems, terminology: Terminology): void {
  const conds = f.good(terminology.conditions, (i) => ptr('conditions', i));
  f.unique(
    conds,
    (c) => `${c.system}|${c.code}`,
    (i) => ptr('conditions', i, 'code'),
    'condition code',
  );
  for (const [c, i] of conds) {
    f.refConditionId(ptr('conditions', i, 'condition'), c.condition);
    f.refSource(ptr('conditions', i, 'source'), c.source);
    if (c.system === 'snomed' && c.match !== 'exact')
      f.report(ptr('conditions', i, 'match'), 'SNOMED CT codes are matched exactly');
  }
}

function checkNhsaCodes(f: FileProblems, terminology: Terminology): void {
  const nhsa = f.good(terminology.nhsaDrugCodes, (i) => ptr('nhsaDrugCodes', i));
  f.unique(
    nhsa,
    (n) => n.code,
    (i) => ptr('nhsaDrugCodes', i, 'code'),
    'NHSA drug code',
  );
  f.unique(
    nhsa,
    (n) => n.product,
    (i) => ptr('nhsaDrugCodes', i, 'product'),
    'product with an NHSA code',
  );
  for (const [n, i] of nhsa) {
    f.refProduct(ptr('nhsaDrugCodes', i, 'product'), n.product);
    f.refSource(ptr('nhsaDrugCodes', i, 'source'), n.source);
  }
}
