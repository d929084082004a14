/** Code look-ups against the knowledge pack: ATC (with the old-code alias table), products, HIS, RxNorm, ICD-10. */
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

const rxnorm = new WeakMap<KnowledgePack, Map<string, Product>>();

/** Products by RxNorm code, built once per pack. */
function rxnormIndex(pack: KnowledgePack): Map<string, Product> {
  let index = rxnorm.get(pack);
  if (!index) {
    index = new Map(
      [...pack.products.values()].filter((p) => p.rxnorm !== undefined).map((p) => [p.rxnorm as string, p]),
    );
    rxnorm.set(pack, index);
  }
  return index;
}

const rxnormTargets = new WeakMap<KnowledgePack, Map<string, { system: 'atc' | 'product'; code: string }>>();

/** What an RxNorm code names in this pack (terminology.json: a drug or a product), indexed once per pack. */
export function rxnormTarget(
  pack: KnowledgePack,
  rxcui: string,
): { system: 'atc' | 'product'; code: string } | undefined {
  let index = rxnormTargets.get(pack);
  if (!index) {
    index = new Map(
      (pack.terminology?.rxnorm ?? []).flatMap((r): [string, { system: 'atc' | 'product'; code: string }][] =>
        r.product
          ? [[r.rxcui, { system: 'product', code: r.product }]]
          : r.drug
            ? [[r.rxcui, { system: 'atc', code: r.drug }]]
            : [],
      ),
    );
    rxnormTargets.set(pack, index);
  }
  return index.get(rxcui);
}

const drugNames = new WeakMap<KnowledgePack, Map<string, Drug>>();

/** A drug by its English (any case) or Chinese name, indexed once per pack. */
export function drugByName(pack: KnowledgePack, name: string): Drug | undefined {
  let index = drugNames.get(pack);
  if (!index) {
    index = new Map(
      [...pack.drugs.values()].flatMap((d): [string, Drug][] => [
        [d.name.en.toLowerCase(), d],
        [d.name.zh, d],
      ]),
    );
    drugNames.set(pack, index);
  }
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
          ? rxnormIndex(pack).get(code)
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
  const products = pack.productsByDrug.get(drugCode);
  if (route === undefined) return products?.[0];
  return products?.find((p) => p.route === route);
}

const expanded = new WeakMap<KnowledgePack, Map<string, string[]>>();

/** Classes of a drug with all their parents ('egfr-tki' → 'targeted'); memoised per pack. */
export function classesWithParents(pack: KnowledgePack, classes: readonly string[]): readonly string[] {
  let cache = expanded.get(pack);
  if (!cache) {
    cache = new Map();
    expanded.set(pack, cache);
  }
  const key = classes.join('|');
  let result = cache.get(key);
  if (!result) {
    result = expandClasses(pack, classes);
    cache.set(key, result);
  }
  return result;
}

function expandClasses(pack: KnowledgePack, classes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const id of classes) {
    let current: string | undefined = id;
    let guard = 0;
    while (current && !out.has(current) && guard++ < 10) {
      out.add(current);
      current = pack.drugClasses.get(current)?.parent;
    }
  }
  return [...out];
}
