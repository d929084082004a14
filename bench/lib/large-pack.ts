/**
 * A hospital-sized knowledge pack, generated in memory from the default one: the default pack's
 * drugs, classes, products, HIS codes, substitution groups, rules and contraindications cloned
 * under codes no default request uses (ATC-shaped codes starting with X, product and class ids
 * with a `.cN` suffix). A default request therefore gets the same answer from both packs; only the
 * amount of knowledge the service has to look through differs.
 *
 * Each rule clone names the cloned drugs and classes of its copy, so it can only ever apply to a
 * regimen of cloned drugs. Rules that cannot be tied to a cloned drug or class (patient-only rules,
 * rules keyed by regimen id) are not cloned: a clone of those would apply to default requests too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PACK_FILES, type PackFileName } from '../../src/knowledge/pack-files';
import type {
  Condition,
  Contraindication,
  Drug,
  DrugClass,
  GuidelineRule,
  HisCodeMapping,
  Product,
  SubstitutionGroup,
} from '../../src/knowledge/types';

export const DEFAULT_PACK_DIR = path.resolve(__dirname, '..', '..', 'rules', 'default');

export interface LargePackSize {
  /** At least this many drugs (the default pack's plus clones). */
  drugs: number;
  /** At least this many rules (rules.json + contraindications.json). */
  rules: number;
}

export type PackTexts = Partial<Record<PackFileName, string>>;

export function readPackTexts(dir = DEFAULT_PACK_DIR): PackTexts {
  const texts: PackTexts = {};
  for (const { file } of PACK_FILES) texts[file] = fs.readFileSync(path.join(dir, file), 'utf8');
  return texts;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The k-th clone of drug number i: an ATC-shaped code in the unused anatomical group X. */
function cloneCode(k: number, i: number): string {
  const pair = LETTERS[Math.floor(i / 26) % 26]! + LETTERS[i % 26]!;
  return `X${String(k % 100).padStart(2, '0')}${pair}${String(Math.floor(k / 100)).padStart(2, '0')}`;
}

interface CopyMaps {
  k: number;
  drugs: Map<string, string>;
  classes: Map<string, string>;
  products: Map<string, string>;
}

const PER_DRUG_FACT = /^(regimen\.(?:administrationsPerWeek|doseMg|protocolDoseRatio))\.(.+)$/;

/** A condition with every drug and class it names replaced by the copy's clones. */
function remapCondition(c: Condition, m: CopyMaps): Condition {
  if ('all' in c) return { all: c.all.map((x) => remapCondition(x, m)) };
  if ('any' in c) return { any: c.any.map((x) => remapCondition(x, m)) };
  if ('not' in c) return { not: remapCondition(c.not, m) };
  const perDrug = PER_DRUG_FACT.exec(c.fact);
  const fact = perDrug ? `${perDrug[1]}.${m.drugs.get(perDrug[2]!) ?? perDrug[2]}` : c.fact;
  const mapValue = (v: unknown) => (typeof v === 'string' ? (m.drugs.get(v) ?? m.classes.get(v) ?? v) : v);
  if (!('value' in c)) return { ...c, fact };
  const value = Array.isArray(c.value) ? c.value.map(mapValue) : mapValue(c.value);
  return { ...c, fact, value } as Condition;
}

/** Whether `appliesWhen` can only hold for a regimen holding one of the drugs or classes it names. */
function tiedToDrugsOrClasses(c: Condition): boolean {
  if ('all' in c) return c.all.some(tiedToDrugsOrClasses);
  if ('any' in c) return c.any.length > 0 && c.any.every(tiedToDrugsOrClasses);
  if ('not' in c) return false;
  return (
    (c.fact === 'regimen.drugs' || c.fact === 'regimen.classes') && (c.op === 'includes' || c.op === 'includesAny')
  );
}

function mentionsRegimenId(c: Condition): boolean {
  if ('all' in c) return c.all.some(mentionsRegimenId);
  if ('any' in c) return c.any.some(mentionsRegimenId);
  if ('not' in c) return mentionsRegimenId(c.not);
  return c.fact === 'regimen.id';
}

function cloneRule(rule: GuidelineRule, m: CopyMaps): GuidelineRule {
  const stop = rule.action?.stop;
  return {
    ...rule,
    id: `${rule.id}.c${m.k}`,
    appliesWhen: remapCondition(rule.appliesWhen, m),
    when: remapCondition(rule.when, m),
    ...(rule.action
      ? { action: { ...rule.action, ...(stop ? { stop: m.drugs.get(stop) ?? m.classes.get(stop) ?? stop } : {}) } }
      : {}),
  };
}

function cloneContraindication(ci: Contraindication, m: CopyMaps): Contraindication {
  const stop = ci.action?.stop;
  return {
    ...ci,
    id: `${ci.id}.c${m.k}`,
    ...(ci.drugs ? { drugs: ci.drugs.map((d) => m.drugs.get(d) ?? d) } : {}),
    ...(ci.classes ? { classes: ci.classes.map((c) => m.classes.get(c) ?? c) } : {}),
    when: remapCondition(ci.when, m),
    ...(ci.action
      ? { action: { ...ci.action, ...(stop ? { stop: m.drugs.get(stop) ?? m.classes.get(stop) ?? stop } : {}) } }
      : {}),
  };
}

interface Originals {
  formulary: { drugs: Drug[]; products: Product[] };
  classes: DrugClass[];
  his: HisCodeMapping[];
  groups: SubstitutionGroup[];
  cloneableRules: GuidelineRule[];
  cloneableCis: Contraindication[];
}

interface PackParts {
  drugs: Drug[];
  products: Product[];
  classes: DrugClass[];
  his: HisCodeMapping[];
  groups: SubstitutionGroup[];
  rules: GuidelineRule[];
  contraindications: Contraindication[];
}

/** Copy k of the formulary, classes, HIS codes and groups (and of the cloneable rules when `withRules`). */
function addCopy(out: PackParts, k: number, withRules: boolean, o: Originals): void {
  const { formulary, classes, his, groups, cloneableRules, cloneableCis } = o;
  const m: CopyMaps = {
    k,
    drugs: new Map(formulary.drugs.map((d, i) => [d.code, d.system === 'atc' ? cloneCode(k, i) : `${d.code}-C${k}`])),
    classes: new Map(classes.map((c) => [c.id, `${c.id}.c${k}`])),
    products: new Map(formulary.products.map((p) => [p.code, `${p.code}.c${k}`])),
  };
  out.classes.push(
    ...classes.map((c) => ({
      ...c,
      id: m.classes.get(c.id)!,
      ...(c.parent ? { parent: m.classes.get(c.parent)! } : {}),
    })),
  );
  out.drugs.push(
    ...formulary.drugs.map((d) => ({
      ...d,
      code: m.drugs.get(d.code)!,
      name: { en: `${d.name.en} (copy ${k})`, zh: `${d.name.zh}(副本${k})` },
      classes: d.classes.map((c) => m.classes.get(c)!),
    })),
  );
  out.products.push(
    ...formulary.products.map((p) => {
      const { rxnorm: _rxnorm, ...rest } = p;
      return {
        ...rest,
        code: m.products.get(p.code)!,
        drug: m.drugs.get(p.drug)!,
        name: { en: `${p.name.en} (copy ${k})`, zh: `${p.name.zh}(副本${k})` },
        ...(p.referenceProduct ? { referenceProduct: m.products.get(p.referenceProduct)! } : {}),
      };
    }),
  );
  out.his.push(...his.map((h) => ({ hisCode: `${h.hisCode}.c${k}`, product: m.products.get(h.product)! })));
  out.groups.push(
    ...groups.map((g) => ({
      ...g,
      id: `${g.id}.c${k}`,
      members: g.members.map((p) => m.products.get(p) ?? p),
    })),
  );
  if (withRules) {
    out.rules.push(...cloneableRules.map((r) => cloneRule(r, m)));
    out.contraindications.push(...cloneableCis.map((c) => cloneContraindication(c, m)));
  }
}

/** The default pack's texts with its formulary, classes, HIS codes, groups and rules cloned up to `size`. */
export function largePackTexts(size: LargePackSize, base: PackTexts = readPackTexts()): PackTexts {
  const parse = <T>(file: PackFileName) => JSON.parse(base[file] ?? 'null') as T;
  const formulary = parse<{ drugs: Drug[]; products: Product[] }>('formulary.json');
  const classes = parse<DrugClass[]>('drug-classes.json');
  const his = parse<HisCodeMapping[]>('his-codes.json');
  const groups = parse<SubstitutionGroup[]>('substitution-groups.json');
  const rules = parse<GuidelineRule[]>('rules.json');
  const contraindications = parse<Contraindication[]>('contraindications.json');

  const cloneableRules = rules.filter((r) => tiedToDrugsOrClasses(r.appliesWhen) && !mentionsRegimenId(r.appliesWhen));
  const cloneableCis = contraindications.filter((c) => (c.drugs?.length ?? 0) + (c.classes?.length ?? 0) > 0);
  const drugCopies = Math.ceil(size.drugs / formulary.drugs.length) - 1;
  const rulesPerCopy = cloneableRules.length + cloneableCis.length;
  const ruleCopies = Math.max(
    0,
    Math.ceil((size.rules - rules.length - contraindications.length) / Math.max(1, rulesPerCopy)),
  );

  const out = {
    drugs: [...formulary.drugs],
    products: [...formulary.products],
    classes: [...classes],
    his: [...his],
    groups: [...groups],
    rules: [...rules],
    contraindications: [...contraindications],
  };
  for (let k = 1; k <= Math.max(drugCopies, ruleCopies); k++)
    addCopy(out, k, k <= ruleCopies, { formulary, classes, his, groups, cloneableRules, cloneableCis });
  return {
    ...base,
    'formulary.json': JSON.stringify({ drugs: out.drugs, products: out.products }),
    'drug-classes.json': JSON.stringify(out.classes),
    'his-codes.json': JSON.stringify(out.his),
    'substitution-groups.json': JSON.stringify(out.groups),
    'rules.json': JSON.stringify(out.rules),
    'contraindications.json': JSON.stringify(out.contraindications),
  };
}
