/**
 * Referential integrity of a pack: the cross-file checks without which the pack cannot be used
 * (a rule naming a class that does not exist never fires; a regimen naming an unknown drug cannot
 * be costed). They run after schema validation and report every problem, not the first.
 *
 * Outgoing references are checked only in files that passed their schema (their shape is then
 * known); the sets of ids they refer to are collected from every file that parsed, so one schema
 * error in formulary.json does not turn every drug reference elsewhere into a false alarm.
 */
import { KNOWN_GENES, findFact } from './fact-catalogue';
import { comparedValues, forEachFactCondition } from './conditions';
import { mechanismChange } from './equivalence';
import { pointer as ptr, type PackFileName, type PackViolation } from './pack-files';
import type {
  AtcAlias,
  Condition,
  Drug,
  DrgTariffs,
  DrugClass,
  GuidelineRule,
  HisCodeMapping,
  HospitalPolicies,
  PackManifest,
  PayerPolicy,
  Product,
  Contraindication,
  Regimen,
  RegimenSwitch,
  Source,
  SubstitutionGroup,
  Terminology,
  VariantClassification,
} from './types';

/** The shape each pack file has once it passed its schema. */
export interface PackFileContents {
  'manifest.json': PackManifest;
  'sources.json': Source[];
  'drug-classes.json': DrugClass[];
  'formulary.json': { drugs: Drug[]; products: Product[] };
  'atc-aliases.json': AtcAlias[];
  'his-codes.json': HisCodeMapping[];
  'regimens.json': Regimen[];
  'regimen-switches.json': RegimenSwitch[];
  'substitution-groups.json': SubstitutionGroup[];
  'rules.json': GuidelineRule[];
  'contraindications.json': Contraindication[];
  'variant-classes.json': VariantClassification[];
  'drg-tariffs.json': DrgTariffs;
  'policies.json': HospitalPolicies;
  'payer-policy.json': PayerPolicy;
  'terminology.json': Terminology;
}

export type ParsedFiles = Partial<Record<PackFileName, unknown>>;

const GENE_SET: ReadonlySet<string> = new Set(KNOWN_GENES.keys());

/** Switch bases that claim equivalence (or only remove drugs): they must not change mechanism. */
const EQUIVALENT_BASES: ReadonlySet<string> = new Set(['therapeutic-equivalence', 'iv-to-oral', 'step-down']);

/** Values a fact comparison may name, by fact path: the pack vocabulary they must come from. */
type Vocabulary = 'condition' | 'drug' | 'class' | 'regimen';
const FACT_VOCABULARY: Readonly<Record<string, Vocabulary>> = {
  'diagnosis.condition': 'condition',
  'regimen.drugs': 'drug',
  'patient.allergyConflicts': 'drug',
  'regimen.classes': 'class',
  'regimen.id': 'regimen',
};

function itemsOf(raw: unknown): Record<string, unknown>[] {
  return Array.isArray(raw) ? raw.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}

function stringsAt(items: Record<string, unknown>[], key: string): Set<string> {
  const out = new Set<string>();
  for (const item of items) {
    const v = item[key];
    if (typeof v === 'string') out.add(v);
  }
  return out;
}

function field(raw: unknown, key: string): unknown {
  return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
}

/** Ids every reference may point at, collected defensively from whatever parsed. */
interface IdSets {
  sources: Set<string>;
  classes: Set<string>;
  drugs: Set<string>;
  products: Set<string>;
  regimens: Set<string>;
  conditions: Set<string>;
  drgGroups: Set<string>;
}

function collectIds(files: ParsedFiles): IdSets {
  const formulary = files['formulary.json'];
  return {
    sources: stringsAt(itemsOf(files['sources.json']), 'id'),
    classes: stringsAt(itemsOf(files['drug-classes.json']), 'id'),
    drugs: stringsAt(itemsOf(field(formulary, 'drugs')), 'code'),
    products: stringsAt(itemsOf(field(formulary, 'products')), 'code'),
    regimens: stringsAt(itemsOf(files['regimens.json']), 'id'),
    conditions: stringsAt(itemsOf(field(files['manifest.json'], 'conditions')), 'id'),
    drgGroups: stringsAt(itemsOf(field(files['drg-tariffs.json'], 'groups')), 'code'),
  };
}

/**
 * @param schemaViolations what schema validation found; an item (array element) with a schema
 * violation in or above it is skipped here, every other item is checked.
 */
export function checkIntegrity(files: ParsedFiles, schemaViolations: readonly PackViolation[]): PackViolation[] {
  const out: PackViolation[] = [];
  const ids = collectIds(files);
  const badPointers = new Map<string, string[]>();
  for (const v of schemaViolations) badPointers.set(v.file, [...(badPointers.get(v.file) ?? []), v.pointer]);
  /** True when no schema violation lies at, below or above `at` in `file`. */
  const shapeOk = (file: PackFileName, at: string): boolean =>
    !(badPointers.get(file) ?? []).some(
      (p) => p === at || p.startsWith(at + '/') || at.startsWith(p + '/') || p === '',
    );
  /** The file's content when its root has the right shape (no violation at the root pointer). */
  const get = <K extends PackFileName>(file: K): PackFileContents[K] | undefined =>
    files[file] !== undefined && !(badPointers.get(file) ?? []).includes('')
      ? (files[file] as PackFileContents[K])
      : undefined;
  /** The items of an array whose own shape passed the schema, with their index. */
  const good = <T>(file: PackFileName, items: readonly T[] | undefined, base: (i: number) => string): [T, number][] =>
    Array.isArray(items)
      ? items.map((item, i): [T, number] => [item, i]).filter(([, i]) => shapeOk(file, base(i)))
      : [];

  const report = (file: PackFileName, at: string, message: string): void => {
    out.push({ file, pointer: at, message });
  };
  const refSource = (file: PackFileName, at: string, id: string): void => {
    if (files['sources.json'] !== undefined && !ids.sources.has(id))
      report(file, at, `unknown source '${id}' (not in sources.json)`);
  };
  const refDrug = (file: PackFileName, at: string, code: string): void => {
    if (files['formulary.json'] !== undefined && !ids.drugs.has(code))
      report(file, at, `unknown drug '${code}' (not in formulary.json drugs)`);
  };
  const refProduct = (file: PackFileName, at: string, code: string): void => {
    if (files['formulary.json'] !== undefined && !ids.products.has(code))
      report(file, at, `unknown product '${code}' (not in formulary.json products)`);
  };
  const refClass = (file: PackFileName, at: string, id: string): void => {
    if (files['drug-classes.json'] !== undefined && !ids.classes.has(id))
      report(file, at, `unknown drug class '${id}' (not in drug-classes.json)`);
  };
  const unique = <T>(
    file: PackFileName,
    items: [T, number][],
    key: (t: T) => unknown,
    at: (i: number) => string,
    what: string,
  ): void => {
    const seen = new Map<string, number>();
    for (const [item, i] of items) {
      const k = key(item);
      if (typeof k !== 'string') continue;
      const first = seen.get(k);
      if (first !== undefined) report(file, at(i), `duplicate ${what} '${k}' (first at ${at(first)})`);
      else seen.set(k, i);
    }
  };
  const refCondition = (file: PackFileName, condition: Condition, base: string): void => {
    forEachFactCondition(condition, base, (c, at) => {
      if (findFact(c.fact, GENE_SET, files['formulary.json'] !== undefined ? ids.drugs : undefined) === undefined) {
        report(
          file,
          at + ptr('fact'),
          `unknown fact path '${c.fact}' (not in the fact catalogue; genes: ${[...GENE_SET].join(', ')})`,
        );
        return;
      }
      const vocabulary = FACT_VOCABULARY[c.fact];
      if (vocabulary === undefined) return;
      comparedValues(c).forEach((value, i) => {
        const at2 = at + ptr('value') + ('value' in c && Array.isArray(c.value) ? ptr(i) : '');
        const v = String(value);
        if (vocabulary === 'condition' && files['manifest.json'] !== undefined && !ids.conditions.has(v))
          report(file, at2, `unknown condition '${v}' (not in manifest.json conditions)`);
        if (vocabulary === 'drug') refDrug(file, at2, v);
        if (vocabulary === 'class') refClass(file, at2, v);
        if (vocabulary === 'regimen' && v !== 'none' && files['regimens.json'] !== undefined && !ids.regimens.has(v))
          report(file, at2, `unknown regimen '${v}' (not in regimens.json)`);
      });
    });
  };

  // manifest.json
  const manifest = get('manifest.json');
  if (manifest) {
    const f = 'manifest.json';
    const conditions = good(f, manifest.conditions, (i) => ptr('conditions', i));
    unique(
      f,
      conditions,
      (c) => c.id,
      (i) => ptr('conditions', i, 'id'),
      'condition id',
    );
    if (
      shapeOk(f, ptr('effectiveTo')) &&
      shapeOk(f, ptr('effectiveFrom')) &&
      manifest.effectiveTo !== undefined &&
      manifest.effectiveTo <= manifest.effectiveFrom
    ) {
      report(
        f,
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
        report(
          f,
          a.at,
          `ICD-10 prefix '${a.prefix}' of '${a.condition}' overlaps '${clash.prefix}' of '${clash.condition}': the diagnosis would belong to two conditions`,
        );
    }
  }

  // sources.json
  const sources = get('sources.json');
  if (sources)
    unique(
      'sources.json',
      good('sources.json', sources, (i) => ptr(i)),
      (s) => s.id,
      (i) => ptr(i, 'id'),
      'source id',
    );

  // drug-classes.json
  const classes = get('drug-classes.json');
  if (classes) {
    const f = 'drug-classes.json';
    const items = good(f, classes, (i) => ptr(i));
    unique(
      f,
      items,
      (c) => c.id,
      (i) => ptr(i, 'id'),
      'class id',
    );
    const parentOf = new Map(items.map(([c]) => [c.id, c.parent]));
    for (const [c, i] of items) {
      if (c.allergySource !== undefined) refSource(f, ptr(i, 'allergySource'), c.allergySource);
      if (c.parent === undefined) continue;
      refClass(f, ptr(i, 'parent'), c.parent);
      const seen = new Set([c.id]);
      for (let p: string | undefined = c.parent; p !== undefined; p = parentOf.get(p)) {
        if (seen.has(p)) {
          report(f, ptr(i, 'parent'), `class '${c.id}' is its own ancestor (parent cycle through '${p}')`);
          break;
        }
        seen.add(p);
      }
    }
  }

  // formulary.json
  const formulary = get('formulary.json');
  if (formulary) {
    const f = 'formulary.json';
    const drugs = good(f, formulary.drugs, (i) => ptr('drugs', i));
    const products = good(f, formulary.products, (i) => ptr('products', i));
    unique(
      f,
      drugs,
      (d) => d.code,
      (i) => ptr('drugs', i, 'code'),
      'drug code',
    );
    unique(
      f,
      products,
      (p) => p.code,
      (i) => ptr('products', i, 'code'),
      'product code',
    );
    for (const [d, i] of drugs) d.classes.forEach((c, j) => refClass(f, ptr('drugs', i, 'classes', j), c));
    const drugByCode = new Map(drugs.map(([d]) => [d.code, d]));
    const productByCode = new Map(products.map(([p]) => [p.code, p]));
    for (const [p, i] of products) {
      refDrug(f, ptr('products', i, 'drug'), p.drug);
      const drug = drugByCode.get(p.drug);
      if (drug && (drug.system === 'device') !== (p.kind === 'device')) {
        report(
          f,
          ptr('products', i, 'kind'),
          `product kind '${p.kind}' does not fit drug '${drug.code}' of system '${drug.system}'`,
        );
      }
      if (p.referenceProduct !== undefined) {
        const ref = productByCode.get(p.referenceProduct);
        if (ref === undefined) refProduct(f, ptr('products', i, 'referenceProduct'), p.referenceProduct);
        else if (ref.code === p.code)
          report(f, ptr('products', i, 'referenceProduct'), 'a product cannot be its own reference product');
        else if (ref.drug !== p.drug)
          report(
            f,
            ptr('products', i, 'referenceProduct'),
            `reference product '${ref.code}' is ${ref.drug}, not ${p.drug}: a generic or biosimilar references the same molecule`,
          );
      }
      if (p.price.source !== undefined) refSource(f, ptr('products', i, 'price', 'source'), p.price.source);
    }
  }

  // atc-aliases.json
  const aliases = get('atc-aliases.json');
  if (aliases) {
    const f = 'atc-aliases.json';
    const items = good(f, aliases, (i) => ptr(i));
    unique(
      f,
      items,
      (a) => a.code,
      (i) => ptr(i, 'code'),
      'alias code',
    );
    for (const [a, i] of items) {
      refDrug(f, ptr(i, 'current'), a.current);
      if (ids.drugs.has(a.code))
        report(f, ptr(i, 'code'), `alias '${a.code}' is itself a current drug code in formulary.json`);
      refSource(f, ptr(i, 'source'), a.source);
    }
  }

  // his-codes.json
  const his = get('his-codes.json');
  if (his) {
    const f = 'his-codes.json';
    const items = good(f, his, (i) => ptr(i));
    unique(
      f,
      items,
      (h) => h.hisCode,
      (i) => ptr(i, 'hisCode'),
      'HIS code',
    );
    for (const [h, i] of items) refProduct(f, ptr(i, 'product'), h.product);
  }

  // terminology.json: every mapping names a pack drug/product/condition and a source; codes are unique
  const terminology = get('terminology.json');
  if (terminology) {
    const f = 'terminology.json';
    const rx = good(f, terminology.rxnorm, (i) => ptr('rxnorm', i));
    unique(
      f,
      rx,
      (r) => r.rxcui,
      (i) => ptr('rxnorm', i, 'rxcui'),
      'RxNorm code',
    );
    for (const [r, i] of rx) {
      if (r.drug !== undefined) refDrug(f, ptr('rxnorm', i, 'drug'), r.drug);
      if (r.product !== undefined) refProduct(f, ptr('rxnorm', i, 'product'), r.product);
      refSource(f, ptr('rxnorm', i, 'source'), r.source);
      if (r.tty === 'IN' && r.product !== undefined)
        report(f, ptr('rxnorm', i, 'product'), 'an RxNorm ingredient (IN) names a drug, not a product');
    }
    const conds = good(f, terminology.conditions, (i) => ptr('conditions', i));
    unique(
      f,
      conds,
      (c) => `${c.system}|${c.code}`,
      (i) => ptr('conditions', i, 'code'),
      'condition code',
    );
    for (const [c, i] of conds) {
      if (files['manifest.json'] !== undefined && !ids.conditions.has(c.condition))
        report(
          f,
          ptr('conditions', i, 'condition'),
          `unknown condition '${c.condition}' (not in manifest.json conditions)`,
        );
      refSource(f, ptr('conditions', i, 'source'), c.source);
      if (c.system === 'snomed' && c.match !== 'exact')
        report(f, ptr('conditions', i, 'match'), 'SNOMED CT codes are matched exactly');
    }
    const nhsa = good(f, terminology.nhsaDrugCodes, (i) => ptr('nhsaDrugCodes', i));
    unique(
      f,
      nhsa,
      (n) => n.code,
      (i) => ptr('nhsaDrugCodes', i, 'code'),
      'NHSA drug code',
    );
    unique(
      f,
      nhsa,
      (n) => n.product,
      (i) => ptr('nhsaDrugCodes', i, 'product'),
      'product with an NHSA code',
    );
    for (const [n, i] of nhsa) {
      refProduct(f, ptr('nhsaDrugCodes', i, 'product'), n.product);
      refSource(f, ptr('nhsaDrugCodes', i, 'source'), n.source);
    }
  }

  // regimens.json
  const regimens = get('regimens.json');
  if (regimens) {
    const f = 'regimens.json';
    const items = good(f, regimens, (i) => ptr(i));
    unique(
      f,
      items,
      (r) => r.id,
      (i) => ptr(i, 'id'),
      'regimen id',
    );
    for (const [r, i] of items) {
      if (files['manifest.json'] !== undefined && !ids.conditions.has(r.condition))
        report(f, ptr(i, 'condition'), `unknown condition '${r.condition}' (not in manifest.json conditions)`);
      r.components.forEach((c, j) => refDrug(f, ptr(i, 'components', j, 'drug'), c.drug));
      r.supportive.forEach((s, j) => {
        refDrug(f, ptr(i, 'supportive', j, 'drug'), s.drug);
        refSource(f, ptr(i, 'supportive', j, 'source'), s.source);
      });
      r.requiredBiomarkers.forEach((b, j) => {
        if (!GENE_SET.has(b.gene))
          report(
            f,
            ptr(i, 'requiredBiomarkers', j, 'gene'),
            `unknown gene '${b.gene}' (known: ${[...GENE_SET].join(', ')})`,
          );
      });
      if (
        r.drgGroup !== undefined &&
        files['drg-tariffs.json'] !== undefined &&
        ![...ids.drgGroups].some((g) => g.slice(0, 3) === r.drgGroup)
      ) {
        report(f, ptr(i, 'drgGroup'), `unknown ADRG '${r.drgGroup}' (no DRG of it in drg-tariffs.json groups)`);
      }
      refSource(f, ptr(i, 'perCycle', 'source'), r.perCycle.source);
      refSource(f, ptr(i, 'outcome', 'source'), r.outcome.source);
      refSource(f, ptr(i, 'source'), r.source);
    }
  }

  // regimen-switches.json
  const switches = get('regimen-switches.json');
  if (switches) {
    const f = 'regimen-switches.json';
    const items = good(f, switches, (i) => ptr(i));
    const regimensById = new Map(
      itemsOf(files['regimens.json']).map((r) => [String(r['id']), r as unknown as Regimen]),
    );
    const drugsByCode = new Map(
      itemsOf(field(files['formulary.json'], 'drugs')).map((d) => [String(d['code']), d as unknown as Drug]),
    );
    unique(
      f,
      items,
      (s) => s.id,
      (i) => ptr(i, 'id'),
      'switch id',
    );
    for (const [s, i] of items) {
      for (const end of ['from', 'to'] as const) {
        if (files['regimens.json'] !== undefined && !ids.regimens.has(s[end]))
          report(f, ptr(i, end), `unknown regimen '${s[end]}' (not in regimens.json)`);
      }
      if (s.from === s.to) report(f, ptr(i, 'to'), 'a switch must lead to a different regimen');
      const from = regimensById.get(s.from);
      const to = regimensById.get(s.to);
      if (from && to && EQUIVALENT_BASES.has(s.basis)) {
        const { newMechanisms } = mechanismChange(from, to, drugsByCode);
        if (newMechanisms.length > 0) {
          report(
            f,
            ptr(i, 'basis'),
            `'${s.basis}' switch adds ${newMechanisms.join(', ')} of a class the switch does not remove: a change of mechanism is a therapy change (basis 'therapy-change' with its eligibility in 'when'), never an equivalent`,
          );
        }
      }
      if (s.when) refCondition(f, s.when, ptr(i, 'when'));
      refSource(f, ptr(i, 'source'), s.source);
    }
  }

  // substitution-groups.json
  const groups = get('substitution-groups.json');
  if (groups) {
    const f = 'substitution-groups.json';
    const items = good(f, groups, (i) => ptr(i));
    unique(
      f,
      items,
      (g) => g.id,
      (i) => ptr(i, 'id'),
      'group id',
    );
    for (const [g, i] of items) {
      g.members.forEach((m, j) => refProduct(f, ptr(i, 'members', j), m));
      refSource(f, ptr(i, 'source'), g.source);
    }
  }

  // rules.json
  const rules = get('rules.json');
  if (rules) {
    const f = 'rules.json';
    const items = good(f, rules, (i) => ptr(i));
    unique(
      f,
      items,
      (r) => r.id,
      (i) => ptr(i, 'id'),
      'rule id',
    );
    for (const [r, i] of items) {
      refCondition(f, r.appliesWhen, ptr(i, 'appliesWhen'));
      refCondition(f, r.when, ptr(i, 'when'));
      const stop = r.action?.stop;
      if (stop !== undefined && !ids.classes.has(stop) && !ids.drugs.has(stop)) {
        report(f, ptr(i, 'action', 'stop'), `'${stop}' is neither a drug class nor a drug code`);
      }
      refSource(f, ptr(i, 'source'), r.source);
    }
  }

  // contraindications.json: by drug and class, each citing a dated label, guideline or policy
  const contraindications = get('contraindications.json');
  if (contraindications) {
    const f = 'contraindications.json';
    const items = good(f, contraindications, (i) => ptr(i));
    unique(
      f,
      items,
      (c) => c.id,
      (i) => ptr(i, 'id'),
      'contraindication id',
    );
    const ruleIds = new Set((rules ?? []).map((r) => r.id));
    const sources = new Map(itemsOf(files['sources.json']).map((s) => [String(s['id']), s]));
    for (const [c, i] of items) {
      if (ruleIds.has(c.id)) report(f, ptr(i, 'id'), `id '${c.id}' is also a rule id in rules.json`);
      c.drugs?.forEach((d, j) => refDrug(f, ptr(i, 'drugs', j), d));
      c.classes?.forEach((k, j) => refClass(f, ptr(i, 'classes', j), k));
      refCondition(f, c.when, ptr(i, 'when'));
      refSource(f, ptr(i, 'source'), c.source);
      const source = sources.get(c.source);
      if (
        source &&
        (typeof source['year'] !== 'number' ||
          !['label', 'guideline', 'policy', 'hospital'].includes(String(source['kind'])))
      ) {
        report(
          f,
          ptr(i, 'source'),
          `source '${c.source}' must be a label, guideline, policy or hospital source with its revision year`,
        );
      }
    }
  }

  // variant-classes.json
  const variants = get('variant-classes.json');
  if (variants) {
    const f = 'variant-classes.json';
    for (const [v, i] of good(f, variants, (i) => ptr(i))) {
      if (!GENE_SET.has(v.gene))
        report(f, ptr(i, 'gene'), `unknown gene '${v.gene}' (known: ${[...GENE_SET].join(', ')})`);
      v.appliesToClasses?.forEach((c, j) => refClass(f, ptr(i, 'appliesToClasses', j), c));
      try {
        new RegExp(v.pattern, 'i');
      } catch (e) {
        report(f, ptr(i, 'pattern'), `invalid regular expression: ${(e as Error).message}`);
      }
      refSource(f, ptr(i, 'source'), v.source);
    }
  }

  // drg-tariffs.json
  const drg = get('drg-tariffs.json');
  if (drg) {
    const f = 'drg-tariffs.json';
    const drgGroups = good(f, drg.groups, (i) => ptr('groups', i));
    unique(
      f,
      drgGroups,
      (g) => g.code,
      (i) => ptr('groups', i, 'code'),
      'DRG group code',
    );
    for (const [g, i] of drgGroups) {
      g.carveOutDrugs.forEach((d, j) => refDrug(f, ptr('groups', i, 'carveOutDrugs', j), d));
      refSource(f, ptr('groups', i, 'source'), g.source);
    }
    (drg.carveOutDrugs ?? []).forEach((d, j) => refDrug(f, ptr('carveOutDrugs', j), d));
    const codings = good(f, drg.admissionCoding ?? [], (i) => ptr('admissionCoding', i));
    unique(
      f,
      codings,
      (c) => c.id,
      (i) => ptr('admissionCoding', i, 'id'),
      'admission coding id',
    );
    for (const [c, i] of codings) {
      (c.when.classes ?? []).forEach((k, j) => refClass(f, ptr('admissionCoding', i, 'when', 'classes', j), k));
      (c.when.drugs ?? []).forEach((d, j) => refDrug(f, ptr('admissionCoding', i, 'when', 'drugs', j), d));
      refSource(f, ptr('admissionCoding', i, 'source'), c.source);
    }
    const thresholds = good(f, drg.approvalThresholds, (i) => ptr('approvalThresholds', i));
    unique(
      f,
      thresholds,
      (t) => t.id,
      (i) => ptr('approvalThresholds', i, 'id'),
      'approval threshold id',
    );
    for (const [t, i] of thresholds) {
      refCondition(f, t.when, ptr('approvalThresholds', i, 'when'));
      refSource(f, ptr('approvalThresholds', i, 'source'), t.source);
    }
    if (shapeOk(f, ptr('source'))) refSource(f, ptr('source'), drg.source);
  }

  // policies.json
  const policies = get('policies.json');
  if (policies) {
    const f = 'policies.json';
    if (shapeOk(f, ptr('biosimilarSwitch')))
      refSource(f, ptr('biosimilarSwitch', 'source'), policies.biosimilarSwitch.source);
    if (shapeOk(f, ptr('genericSubstitution')))
      refSource(f, ptr('genericSubstitution', 'source'), policies.genericSubstitution.source);
    if (shapeOk(f, ptr('wtpSource'))) refSource(f, ptr('wtpSource'), policies.wtpSource);
  }

  // payer-policy.json
  const payer = get('payer-policy.json');
  if (payer) {
    const f = 'payer-policy.json';
    const types = good(f, payer.insuranceTypes, (i) => ptr('insuranceTypes', i));
    unique(
      f,
      types,
      (t) => t.id,
      (i) => ptr('insuranceTypes', i, 'id'),
      'insurance type id',
    );
    for (const [t, i] of types)
      unique(
        f,
        t.layers.map((l, j): [typeof l, number] => [l, j]),
        (l) => l.id,
        (j) => ptr('insuranceTypes', i, 'layers', j, 'id'),
        'layer id',
      );
    if (shapeOk(f, ptr('source'))) refSource(f, ptr('source'), payer.source);
    const typeIds = new Set(types.map(([t]) => t.id));
    const caps = good(f, payer.patientCaps, (i) => ptr('patientCaps', i));
    unique(
      f,
      caps,
      (c) => c.id,
      (i) => ptr('patientCaps', i, 'id'),
      'patient cap id',
    );
    for (const [cap, i] of caps) {
      refSource(f, ptr('patientCaps', i, 'source'), cap.source);
      cap.appliesTo.products?.forEach((code, j) =>
        refProduct(f, ptr('patientCaps', i, 'appliesTo', 'products', j), code),
      );
      cap.appliesTo.drugs?.forEach((code, j) => refDrug(f, ptr('patientCaps', i, 'appliesTo', 'drugs', j), code));
      cap.insuranceTypes?.forEach((id, j) => {
        if (!typeIds.has(id)) report(f, ptr('patientCaps', i, 'insuranceTypes', j), `unknown insurance type '${id}'`);
      });
    }
  }

  return out;
}
