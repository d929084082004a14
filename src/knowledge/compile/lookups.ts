/**
 * Look-up maps over the pack's data, built once per pack so that no request scans the formulary,
 * the regimen library, the switches or the substitution groups: codes (RxNorm, names, ATC groups)
 * → drugs and products, product lines, regimens by drug set and condition, switches by source
 * regimen, substitution groups by member, variant patterns by gene, reverse indexes for the
 * reference routes and the terminology the CDS adapter maps with.
 */
import type {
  Drug,
  DrugClass,
  KnowledgePack,
  Product,
  Regimen,
  RegimenSwitch,
  SubstitutionGroup,
  VariantClassification,
} from '../types';

/** Appends `value` to the list under `key`. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A class with all its parents ('egfr-tki' → 'egfr-tki', 'targeted'); an unknown id stands for itself. */
export function ancestorsOf(drugClasses: ReadonlyMap<string, DrugClass>, id: string): string[] {
  const out: string[] = [];
  let current: string | undefined = id;
  while (current !== undefined && !out.includes(current) && out.length < 10) {
    out.push(current);
    current = drugClasses.get(current)?.parent;
  }
  return out;
}

/** The key of a set of drug codes: sorted, unique, joined. */
export function drugSetKey(codes: Iterable<string>): string {
  return [...new Set(codes)].sort().join('|');
}

/**
 * The key of the product line a product belongs to (the vial sizes dispensed together): same
 * molecule, kind, procurement route, form, route and name apart from the strength.
 */
export function productLineKey(product: Product): string {
  return [product.drug, product.kind, product.procurement, product.form, product.route, nameStem(product)].join('|');
}

/**
 * A product's name without its strength and pack size: "pemetrexed generic A 100 mg" and
 * "baricitinib originator 4 mg × 28" → "pemetrexed generic A", "baricitinib originator".
 */
export function nameStem(product: Product): string {
  return product.name.en
    .replace(/\s+[×x]\s*\d+\s*$/, '')
    .replace(/\s+[\d.,]+\s*(mg|µg|ug|IU|units?|doses?)\s*$/i, '')
    .trim();
}

export interface TerminologyLookups {
  /** NHSA national drug code → product code. */
  readonly nhsa: ReadonlyMap<string, string>;
  /** `${system}|${code}` → ICD-10 code. */
  readonly exactConditions: ReadonlyMap<string, string>;
  /** Prefix mappings, longest prefix first (C92.0 wins over a shorter one). */
  readonly conditionPrefixes: readonly { system: string; code: string; icd10: string }[];
}

export interface PackLookups {
  /** Classes of each class id with their parents. */
  readonly classAncestors: ReadonlyMap<string, readonly string[]>;
  /** Each drug's classes with their parents. */
  readonly drugClasses: ReadonlyMap<string, readonly string[]>;
  /** A drug by its English name (lower case) or Chinese name. */
  readonly drugsByName: ReadonlyMap<string, Drug>;
  /** Drugs by the first 1, 3, 4 or 5 characters of their code (ATC anatomical group … chemical subgroup). */
  readonly drugsByCodePrefix: ReadonlyMap<string, readonly Drug[]>;
  readonly productsByRxnorm: ReadonlyMap<string, Product>;
  /** What an RxNorm code names (terminology.json): a drug (ATC) or a product. */
  readonly rxnormTargets: ReadonlyMap<string, { system: 'atc' | 'product'; code: string }>;
  /** Products of a drug by route (`${drug}|${route}`), in pack order. */
  readonly productsByDrugRoute: ReadonlyMap<string, readonly Product[]>;
  /** A product's line: the products of the same molecule, kind, procurement, form, route, name and unit. */
  readonly productLines: ReadonlyMap<string, readonly Product[]>;
  /** Library regimens by their set of therapeutic drugs (drugSetKey), in pack order. */
  readonly regimensByDrugSet: ReadonlyMap<string, readonly Regimen[]>;
  readonly regimensByCondition: ReadonlyMap<string, readonly Regimen[]>;
  /** Enabled and disabled switches by the regimen they start from, in pack order. */
  readonly switchesByFrom: ReadonlyMap<string, readonly RegimenSwitch[]>;
  readonly substitutionGroupsByProduct: ReadonlyMap<string, readonly SubstitutionGroup[]>;
  readonly substitutionGroupsByDrug: ReadonlyMap<string, readonly SubstitutionGroup[]>;
  /** Variant readings by gene, in priority order, with their compiled pattern. */
  readonly variantsByGene: ReadonlyMap<string, readonly { entry: VariantClassification; pattern: RegExp }[]>;
  /** Old ATC codes per current drug code. */
  readonly aliasesByDrug: ReadonlyMap<string, readonly string[]>;
  /** HIS item codes per product code. */
  readonly hisByProduct: ReadonlyMap<string, readonly string[]>;
  /** Drugs the library uses only as supportive care. */
  readonly supportiveOnlyDrugs: ReadonlySet<string>;
  /** Every rule id of the pack (rules.json and contraindications, enabled or not). */
  readonly ruleIds: ReadonlySet<string>;
  readonly terminology: TerminologyLookups;
}

/** Pack fields a hand-built (test) pack may leave out are read defensively. */
type PackData = Partial<KnowledgePack>;

/** Classes with their parents; drugs by class, name and code prefix. */
function drugLookups(pack: PackData) {
  const drugClassMap = pack.drugClasses ?? new Map<string, DrugClass>();
  const drugs = [...(pack.drugs?.values() ?? [])];
  const classAncestors = new Map([...drugClassMap.keys()].map((id) => [id, ancestorsOf(drugClassMap, id)]));
  const drugClasses = new Map(
    drugs.map((d) => {
      const out: string[] = [];
      for (const k of d.classes) for (const a of classAncestors.get(k) ?? [k]) if (!out.includes(a)) out.push(a);
      return [d.code, out];
    }),
  );
  const drugsByName = new Map<string, Drug>();
  const drugsByCodePrefix = new Map<string, Drug[]>();
  for (const d of drugs) {
    drugsByName.set(d.name.en.toLowerCase(), d);
    drugsByName.set(d.name.zh, d);
    for (const n of [1, 3, 4, 5]) if (d.code.length >= n) pushTo(drugsByCodePrefix, d.code.slice(0, n), d);
  }
  return { classAncestors, drugClasses, drugsByName, drugsByCodePrefix };
}

/**
 * Products by RxNorm code (from `products`), by drug and route and each product's line (from
 * `productsByDrug`, what a drug is dispensed as, in its order).
 */
function productLookups(pack: PackData) {
  const products = [...(pack.products?.values() ?? [])];
  const dispensed = pack.productsByDrug ? [...pack.productsByDrug.values()].flat() : products;
  const productsByRxnorm = new Map<string, Product>();
  for (const p of products) if (p.rxnorm !== undefined) productsByRxnorm.set(p.rxnorm, p);
  const productsByDrugRoute = new Map<string, Product[]>();
  const byLineKey = new Map<string, Product[]>();
  const lineKey = (p: Product) => `${productLineKey(p)}|${p.strength.unit}`;
  for (const p of dispensed) {
    pushTo(productsByDrugRoute, `${p.drug}|${p.route}`, p);
    pushTo(byLineKey, lineKey(p), p);
  }
  const productLines = new Map(dispensed.map((p) => [p.code, byLineKey.get(lineKey(p)) ?? [p]]));
  return { productsByRxnorm, productsByDrugRoute, productLines };
}

/** Regimens by drug set and condition, switches by source, substitution groups by member and drug. */
function regimenLookups(pack: PackData) {
  const regimensByDrugSet = new Map<string, Regimen[]>();
  const regimensByCondition = new Map<string, Regimen[]>();
  const therapeutic = new Set<string>();
  const supportive = new Set<string>();
  for (const r of pack.regimens?.values() ?? []) {
    pushTo(regimensByDrugSet, drugSetKey(r.components.map((c) => c.drug)), r);
    pushTo(regimensByCondition, r.condition, r);
    for (const c of r.components) therapeutic.add(c.drug);
    for (const s of r.supportive) supportive.add(s.drug);
  }
  const switchesByFrom = new Map<string, RegimenSwitch[]>();
  for (const sw of pack.regimenSwitches ?? []) pushTo(switchesByFrom, sw.from, sw);
  const substitutionGroupsByProduct = new Map<string, SubstitutionGroup[]>();
  const substitutionGroupsByDrug = new Map<string, SubstitutionGroup[]>();
  for (const g of pack.substitutionGroups ?? []) {
    for (const m of new Set(g.members)) pushTo(substitutionGroupsByProduct, m, g);
    for (const d of new Set(g.members.flatMap((m) => pack.products?.get(m)?.drug ?? [])))
      pushTo(substitutionGroupsByDrug, d, g);
  }
  return {
    regimensByDrugSet,
    regimensByCondition,
    switchesByFrom,
    substitutionGroupsByProduct,
    substitutionGroupsByDrug,
    supportiveOnlyDrugs: new Set([...supportive].filter((d) => !therapeutic.has(d))),
  };
}

/** Code systems (RxNorm, NHSA, SNOMED CT / ICD-10-CM) and the reverse indexes of the reference routes. */
function codeLookups(pack: PackData) {
  const aliasesByDrug = new Map<string, string[]>();
  for (const [old, current] of pack.atcAliases ?? []) pushTo(aliasesByDrug, current, old);
  const hisByProduct = new Map<string, string[]>();
  for (const [his, product] of pack.hisCodes ?? []) pushTo(hisByProduct, product, his);
  const t = pack.terminology;
  const rxnormTargets = new Map<string, { system: 'atc' | 'product'; code: string }>();
  for (const r of t?.rxnorm ?? []) {
    if (r.product) rxnormTargets.set(r.rxcui, { system: 'product', code: r.product });
    else if (r.drug) rxnormTargets.set(r.rxcui, { system: 'atc', code: r.drug });
  }
  const terminology: TerminologyLookups = {
    nhsa: new Map((t?.nhsaDrugCodes ?? []).map((n) => [n.code, n.product])),
    exactConditions: new Map(
      (t?.conditions ?? []).filter((c) => c.match === 'exact').map((c) => [`${c.system}|${c.code}`, c.icd10]),
    ),
    conditionPrefixes: (t?.conditions ?? [])
      .filter((c) => c.match === 'prefix')
      .sort((a, b) => b.code.length - a.code.length),
  };
  return { aliasesByDrug, hisByProduct, rxnormTargets, terminology };
}

export function buildLookups(pack: PackData): PackLookups {
  const variantsByGene = new Map<string, { entry: VariantClassification; pattern: RegExp }[]>();
  for (const v of pack.variantClasses ?? [])
    pushTo(variantsByGene, v.gene, { entry: v, pattern: new RegExp(v.pattern, 'i') });
  return {
    ...drugLookups(pack),
    ...productLookups(pack),
    ...regimenLookups(pack),
    ...codeLookups(pack),
    variantsByGene,
    ruleIds: new Set((pack.rules ?? []).map((r) => r.id)),
  };
}
