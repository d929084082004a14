/** Code look-ups against the knowledge pack: ATC (with the old-code alias table), products, HIS, RxNorm, ICD-10. */
import { packIndex } from '../../knowledge/compile/compiled-pack';
import type { ConditionDefinition, Drug, KnowledgePack, Product } from '../../knowledge/types';

export type CodeResolution = { drug: Drug; product: Product | null } | { error: string };

const ICD10 = /^[A-Z][0-9]{2}(\.[0-9A-Za-z]{1,12})?$/;

export function isIcd10(code: string): boolean {
  return ICD10.test(code);
}

/** The pack condition whose ICD-10 prefix matches the code (longest prefix wins). */
export function conditionFor(pack: KnowledgePack, icd10: string): ConditionDefinition | undefined {
  let best: { condition: ConditionDefinition; length: number } | undefined;
  for (const condition of pack.manifest.conditions) {
    for (const prefix of condition.icd10Prefixes) {
      if (icd10.startsWith(prefix) && (!best || prefix.length > best.length))
        best = { condition, length: prefix.length };
    }
  }
  return best?.condition;
}

export function drugByAtc(pack: KnowledgePack, code: string): Drug | undefined {
  const upper = code.toUpperCase();
  return pack.drugs.get(upper) ?? pack.drugs.get(pack.atcAliases.get(upper) ?? '');
}

/** What an RxNorm code names in this pack (terminology.json: a drug or a product), from the compiled pack. */
export function rxnormTarget(
  pack: KnowledgePack,
  rxcui: string,
): { system: 'atc' | 'product'; code: string } | undefined {
  return packIndex(pack).rxnormTargets.get(rxcui);
}

/** A drug by its English (any case) or Chinese name, from the compiled pack. */
export function drugByName(pack: KnowledgePack, name: string): Drug | undefined {
  const index = packIndex(pack).drugsByName;
  const wanted = name.trim();
  return index.get(wanted.toLowerCase()) ?? index.get(wanted);
}

export function resolveMedicationCode(pack: KnowledgePack, code: string, system: string): CodeResolution {
  switch (system) {
    case 'atc':
    case 'device': {
      const drug = system === 'device' ? pack.drugs.get(code) : drugByAtc(pack, code);
      if (!drug)
        return {
          error: `${system === 'atc' ? 'ATC' : 'Device'} code ${code} is not in the knowledge pack's formulary (nor its alias table)`,
        };
      return { drug, product: null };
    }
    case 'product':
    case 'his':
    case 'rxnorm': {
      const productCode = system === 'his' ? pack.hisCodes.get(code) : code;
      const product =
        system === 'rxnorm'
          ? packIndex(pack).productsByRxnorm.get(code)
          : productCode !== undefined
            ? pack.products.get(productCode)
            : undefined;
      if (!product)
        return {
          error: `${system === 'his' ? 'HIS' : system === 'rxnorm' ? 'RxNorm' : 'Product'} code ${code} is not in the knowledge pack`,
        };
      const drug = pack.drugs.get(product.drug);
      if (!drug) return { error: `Product ${code} refers to drug ${product.drug}, which the pack lacks` };
      return { drug, product };
    }
    default:
      return { error: `Code system ${system} is not supported for medications` };
  }
}

/**
 * The product dispensed when an order names only the molecule: the first product the pack lists
 * for the drug BY THE ORDERED ROUTE (IV dexamethasone is an injection, never oral tablets); the
 * first product of any route only when the order gives no route. Its product line (all strengths)
 * then makes up the dose (drug-cost/unit-selection).
 */
export function defaultProduct(pack: KnowledgePack, drugCode: string, route?: string): Product | undefined {
  if (route === undefined) return pack.productsByDrug.get(drugCode)?.[0];
  return packIndex(pack).productsByDrugRoute.get(`${drugCode}|${route}`)?.[0];
}

/** Classes with all their parents ('egfr-tki' → 'egfr-tki', 'targeted'), from the compiled pack. */
export function classesWithParents(pack: KnowledgePack, classes: readonly string[]): readonly string[] {
  const ancestors = packIndex(pack).classAncestors;
  if (classes.length === 1) return ancestors.get(classes[0]!) ?? classes;
  const out: string[] = [];
  for (const id of classes) for (const k of ancestors.get(id) ?? [id]) if (!out.includes(k)) out.push(k);
  return out;
}

/** A drug's classes with all their parents, from the compiled pack. */
export function drugClassesWithParents(pack: KnowledgePack, drug: Drug): readonly string[] {
  return packIndex(pack).drugClasses.get(drug.code) ?? classesWithParents(pack, drug.classes);
}
