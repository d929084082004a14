/**
 * formulary.json: unique drug and product codes, drug classes that exist, products of a known
 * drug and of the right kind (a device product for a device), reference products of the same
 * molecule, price sources that exist.
 */
import { pointer as ptr, type PackViolation } from '../pack-files';
import type { Drug, Product } from '../types';
import { FileProblems } from './file-problems';
import type { PackReferences } from './pack-references';

export function checkFormulary(pack: PackReferences): PackViolation[] {
  const formulary = pack.get('formulary.json');
  if (!formulary) return [];
  const f = new FileProblems(pack, 'formulary.json');
  const drugs = f.good(formulary.drugs, (i) => ptr('drugs', i));
  const products = f.good(formulary.products, (i) => ptr('products', i));
  f.unique(
    drugs,
    (d) => d.code,
    (i) => ptr('drugs', i, 'code'),
    'drug code',
  );
  f.unique(
    products,
    (p) => p.code,
    (i) => ptr('products', i, 'code'),
    'product code',
  );
  for (const [d, i] of drugs) d.classes.forEach((c, j) => f.refClass(ptr('drugs', i, 'classes', j), c));
  const drugByCode = new Map(drugs.map(([d]) => [d.code, d]));
  const productByCode = new Map(products.map(([p]) => [p.code, p]));
  for (const [p, i] of products) checkProduct(f, [p, i], drugByCode, productByCode);
  return f.problems;
}

function checkProduct(
  f: FileProblems,
  [p, i]: [Product, number],
  drugByCode: ReadonlyMap<string, Drug>,
  productByCode: ReadonlyMap<string, Product>,
): void {
  f.refDrug(ptr('products', i, 'drug'), p.drug);
  const drug = drugByCode.get(p.drug);
  if (drug && (drug.system === 'device') !== (p.kind === 'device')) {
    f.report(
      ptr('products', i, 'kind'),
      `product kind '${p.kind}' does not fit drug '${drug.code}' of system '${drug.system}'`,
    );
  }
  if (p.referenceProduct !== undefined) {
    const ref = productByCode.get(p.referenceProduct);
    if (ref === undefined) f.refProduct(ptr('products', i, 'referenceProduct'), p.referenceProduct);
    else if (ref.code === p.code)
      f.report(ptr('products', i, 'referenceProduct'), 'a product cannot be its own reference product');
    else if (ref.drug !== p.drug)
      f.report(
        ptr('products', i, 'referenceProduct'),
        `reference product '${ref.code}' is ${ref.drug}, not ${p.drug}: a generic or biosimilar references the same molecule`,
      );
  }
  if (p.price.source !== undefined) f.refSource(ptr('products', i, 'price', 'source'), p.price.source);
}
