/**
 * Authoring checks on a loaded (or programmatically built) pack: rules a pack author must follow
 * that JSON Schema cannot express, or that the loader does not treat as fatal. `npm run pack:check`
 * fails on any of them.
 *
 * Loader (errors, pack unusable): schema, missing/duplicate ids, dangling references between files
 * (sources, drugs, products, classes, regimens, DRG groups, conditions, genes), fact paths the
 * catalogue does not have, values naming unknown classes/drugs/conditions/regimens.
 * Linter (authoring): everything below.
 */
import { FACT_CATALOGUE, KNOWN_GENES, findFact, type FactDefinition } from './fact-catalogue';
import { comparedValues, forEachFactCondition, type FactCondition } from './conditions';
import { pointer as ptr } from './pack-files';
import type { Condition, KnowledgePack, Price } from './types';

export const LINT_KINDS = [
  /** A rule, regimen, switch, substitution group, alias, variant class or tariff item without a (known) source. */
  'missing-source',
  /** A price neither marked illustrative nor sourced with a known source id. */
  'price-unmarked',
  /** A substitution group mixing molecules without basis 'therapeutic-equivalence' and an equivalenceBasis. */
  'mixed-molecule-group',
  /** A regimen drug (component or supportive) with no product to dispense or cost. */
  'drug-without-product',
  /** A condition reading a fact path the fact catalogue does not have. */
  'unknown-fact',
  /** A comparison that can never be true for the fact's type or allowed values. */
  'fact-type-mismatch',
  /** Evidence level does not fit the source: digest anecdotes are 'illustrative'. */
  'evidence-level',
  /** 'critical' is kept for patient safety: a critical rule must be a safety rule. */
  'critical-not-safety',
  /** A disabled rule or switch without the reason. */
  'disabled-without-reason',
  /** Product kind does not fit the molecule (a generic of a biologic, a biosimilar of a small molecule). */
  'product-kind',
  /** A regimen indication outside its condition's ICD-10 prefixes, or a switch between conditions. */
  'condition-mismatch',
  /** An inpatient regimen without a DRG group. */
  'inpatient-without-drg',
] as const;

export type LintKind = (typeof LINT_KINDS)[number];

export interface LintProblem {
  kind: LintKind;
  file: string;
  pointer: string;
  message: string;
}

const GENE_SET: ReadonlySet<string> = new Set(KNOWN_GENES.keys());
const ARRAY_OPS = new Set(['includes', 'excludes', 'includesAny', 'includesNone']);
const NUMBER_OPS = new Set(['lt', 'lte', 'gt', 'gte']);

/** What every per-file check reports through: the pack and the shared source, evidence and condition checks. */
interface PackLinter {
  pack: KnowledgePack;
  add: (kind: LintKind, file: string, pointer: string, message: string) => void;
  needSource: (file: string, at: string, source: string | undefined, what: string) => void;
  evidence: (file: string, at: string, source: string | undefined, level: string, what: string) => void;
  lintCondition: (file: string, condition: Condition | undefined, base: string) => void;
}

export function lintKnowledgePack(pack: KnowledgePack): LintProblem[] {
  const out: LintProblem[] = [];
  const l = packLinter(pack, out);
  lintFormulary(l);
  lintRegimens(l);
  lintRegimenSwitches(l);
  lintSubstitutionGroups(l);
  lintRules(l);
  lintTariffsAndPolicies(l);
  return out;
}

function packLinter(pack: KnowledgePack, out: LintProblem[]): PackLinter {
  const add = (kind: LintKind, file: string, pointer: string, message: string): void => {
    out.push({ kind, file, pointer, message });
  };
  const needSource = (file: string, at: string, source: string | undefined, what: string): void => {
    if (source === undefined || source.trim() === '') add('missing-source', file, at, `${what} has no source`);
    else if (!pack.sources.has(source))
      add('missing-source', file, at, `${what} cites '${source}', which is not in sources.json`);
  };
  const evidence = (file: string, at: string, source: string | undefined, level: string, what: string): void => {
    if (source !== undefined && pack.sources.get(source)?.kind === 'digest' && level !== 'illustrative') {
      add(
        'evidence-level',
        file,
        at,
        `${what} rests on a source-digest anecdote ('${source}') but claims evidence level '${level}'; use 'illustrative'`,
      );
    }
  };
  const lintCondition = (file: string, condition: Condition | undefined, base: string): void => {
    if (condition !== undefined) forEachFactCondition(condition, base, (c, at) => lintFactCondition(c, at, file, add));
  };
  return { pack, add, needSource, evidence, lintCondition };
}

/** formulary.json: prices and product kinds. */
function lintFormulary(l: PackLinter): void {
  const { pack, add } = l;
  [...pack.products.values()].forEach((p, i) => {
    const at = ptr('products', i, 'price');
    lintPrice(p.price, at, pack, add);
    const drug = pack.drugs.get(p.drug);
    if (drug === undefined) return;
    if (drug.biologic && p.kind === 'generic')
      add(
        'product-kind',
        'formulary.json',
        ptr('products', i, 'kind'),
        `${p.code} is a 'generic' of the biologic ${drug.code}; follow-on biologics are 'biosimilar'`,
      );
    if (!drug.biologic && p.kind === 'biosimilar')
      add(
        'product-kind',
        'formulary.json',
        ptr('products', i, 'kind'),
        `${p.code} is a 'biosimilar' of the small molecule ${drug.code}; use 'generic'`,
      );
  });
}

/** regimens.json: sources, products for every drug, indications within the condition, DRG groups. */
function lintRegimens(l: PackLinter): void {
  const { pack, add, needSource, evidence } = l;
  [...pack.regimens.values()].forEach((r, i) => {
    const f = 'regimens.json';
    needSource(f, ptr(i, 'source'), r.source, `regimen ${r.id}`);
    needSource(f, ptr(i, 'perCycle', 'source'), r.perCycle.source, `per-cycle averages of ${r.id}`);
    needSource(f, ptr(i, 'outcome', 'source'), r.outcome.source, `outcome of ${r.id}`);
    evidence(f, ptr(i, 'evidenceLevel'), r.source, r.evidenceLevel, `regimen ${r.id}`);
    r.components.forEach((c, j) => {
      if ((pack.productsByDrug.get(c.drug) ?? []).length === 0)
        add(
          'drug-without-product',
          f,
          ptr(i, 'components', j, 'drug'),
          `${r.id}: component ${c.drug} has no product in formulary.json`,
        );
    });
    r.supportive.forEach((s, j) => {
      if ((pack.productsByDrug.get(s.drug) ?? []).length === 0)
        add(
          'drug-without-product',
          f,
          ptr(i, 'supportive', j, 'drug'),
          `${r.id}: supportive drug ${s.drug} has no product in formulary.json`,
        );
      needSource(f, ptr(i, 'supportive', j, 'source'), s.source, `supportive ${s.drug} of ${r.id}`);
    });
    const condition = pack.manifest.conditions.find((c) => c.id === r.condition);
    if (condition) {
      r.indications.forEach((ind, j) => {
        if (!condition.icd10Prefixes.some((p) => ind.startsWith(p)))
          add(
            'condition-mismatch',
            f,
            ptr(i, 'indications', j),
            `${r.id}: indication ${ind} is outside condition '${condition.id}' (${condition.icd10Prefixes.join(', ')})`,
          );
      });
    }
    if (r.setting === 'inpatient' && r.drgGroup === undefined)
      add('inpatient-without-drg', f, ptr(i, 'drgGroup'), `${r.id} is an inpatient regimen without a DRG group`);
  });
}

/** regimen-switches.json: sources, reasons for disabled switches, one condition per switch. */
function lintRegimenSwitches(l: PackLinter): void {
  const { pack, add, needSource, evidence, lintCondition } = l;
  pack.regimenSwitches.forEach((s, i) => {
    const f = 'regimen-switches.json';
    needSource(f, ptr(i, 'source'), s.source, `switch ${s.id}`);
    evidence(f, ptr(i, 'evidenceLevel'), s.source, s.evidenceLevel, `switch ${s.id}`);
    if (s.enabled === false && !s.disabledReason)
      add('disabled-without-reason', f, ptr(i, 'disabledReason'), `switch ${s.id} is disabled without a reason`);
    const from = pack.regimens.get(s.from);
    const to = pack.regimens.get(s.to);
    if (from && to && from.condition !== to.condition)
      add(
        'condition-mismatch',
        f,
        ptr(i, 'to'),
        `switch ${s.id} leads from condition '${from.condition}' to '${to.condition}'`,
      );
    lintCondition(f, s.when, ptr(i, 'when'));
  });
}

/** substitution-groups.json: sources and the basis for mixing molecules. */
function lintSubstitutionGroups(l: PackLinter): void {
  const { pack, add, needSource, evidence } = l;
  pack.substitutionGroups.forEach((g, i) => {
    const f = 'substitution-groups.json';
    needSource(f, ptr(i, 'source'), g.source, `substitution group ${g.id}`);
    evidence(f, ptr(i, 'evidenceLevel'), g.source, g.evidenceLevel, `substitution group ${g.id}`);
    const molecules = new Set(
      g.members.map((m) => pack.products.get(m)?.drug).filter((d): d is string => d !== undefined),
    );
    if (molecules.size > 1 && (g.basis !== 'therapeutic-equivalence' || !g.equivalenceBasis)) {
      add(
        'mixed-molecule-group',
        f,
        ptr(i, 'members'),
        `group ${g.id} mixes molecules (${[...molecules].join(', ')}); that needs basis 'therapeutic-equivalence' and an equivalenceBasis`,
      );
    }
    if (g.basis === 'therapeutic-equivalence' && !g.equivalenceBasis) {
      add(
        'mixed-molecule-group',
        f,
        ptr(i, 'equivalenceBasis'),
        `group ${g.id} claims therapeutic equivalence without an equivalenceBasis`,
      );
    }
  });
}

/** rules.json, then the rules compiled from contraindications.json. */
function lintRules(l: PackLinter): void {
  const { pack, add, needSource, evidence, lintCondition } = l;
  const fromRulesFile = pack.rules.length - pack.contraindications.length;
  pack.rules.forEach((r, index) => {
    const [f, i] =
      index < fromRulesFile
        ? (['rules.json', index] as const)
        : (['contraindications.json', index - fromRulesFile] as const);
    needSource(f, ptr(i, 'source'), r.source, `rule ${r.id}`);
    evidence(f, ptr(i, 'evidenceLevel'), r.source, r.evidenceLevel, `rule ${r.id}`);
    if (r.severity === 'critical' && !r.safety)
      add(
        'critical-not-safety',
        f,
        ptr(i, 'safety'),
        `rule ${r.id} is critical but not a safety rule; money and pathway findings are at most 'warning'`,
      );
    if (r.enabled === false && !r.disabledReason)
      add('disabled-without-reason', f, ptr(i, 'disabledReason'), `rule ${r.id} is disabled without a reason`);
    lintCondition(f, r.appliesWhen, ptr(i, 'appliesWhen'));
    lintCondition(f, r.when, ptr(i, 'when'));
  });
}

/** variant-classes.json, drg-tariffs.json, policies.json: sources and conditions. */
function lintTariffsAndPolicies(l: PackLinter): void {
  const { pack, needSource, lintCondition } = l;
  pack.variantClasses.forEach((v, i) =>
    needSource('variant-classes.json', ptr(i, 'source'), v.source, `variant class '${v.label}'`),
  );
  pack.drgTariffs.groups.forEach((g, i) =>
    needSource('drg-tariffs.json', ptr('groups', i, 'source'), g.source, `DRG group ${g.code}`),
  );
  pack.drgTariffs.approvalThresholds.forEach((t, i) => {
    needSource('drg-tariffs.json', ptr('approvalThresholds', i, 'source'), t.source, `approval threshold ${t.id}`);
    lintCondition('drg-tariffs.json', t.when, ptr('approvalThresholds', i, 'when'));
  });
  needSource('policies.json', ptr('wtpSource'), pack.policies.wtpSource, 'willingness to pay');
}

function lintPrice(
  price: Price,
  at: string,
  pack: KnowledgePack,
  add: (kind: LintKind, file: string, pointer: string, message: string) => void,
): void {
  const basis = (price as { basis?: unknown }).basis;
  if (basis !== 'illustrative' && basis !== 'sourced') {
    add(
      'price-unmarked',
      'formulary.json',
      at + ptr('basis'),
      `price ${price.amount} is marked neither 'illustrative' nor 'sourced'`,
    );
  } else if (basis === 'sourced' && (price.source === undefined || !pack.sources.has(price.source))) {
    add(
      'price-unmarked',
      'formulary.json',
      at + ptr('source'),
      price.source === undefined
        ? 'a sourced price needs a source id'
        : `a sourced price cites '${price.source}', which is not in sources.json`,
    );
  }
}

function lintFactCondition(
  c: FactCondition,
  at: string,
  file: string,
  add: (kind: LintKind, file: string, pointer: string, message: string) => void,
): void {
  const fact: FactDefinition | undefined = findFact(c.fact, GENE_SET);
  if (fact === undefined) {
    add(
      'unknown-fact',
      file,
      at + ptr('fact'),
      `fact '${c.fact}' is not in the fact catalogue (${FACT_CATALOGUE.length} facts)`,
    );
    return;
  }
  const mismatch = (why: string): void => add('fact-type-mismatch', file, at, `'${c.fact}' is ${fact.type}: ${why}`);
  if (ARRAY_OPS.has(c.op) && fact.type !== 'string[]') mismatch(`op '${c.op}' needs a list fact`);
  if (NUMBER_OPS.has(c.op) && fact.type !== 'number') mismatch(`op '${c.op}' needs a number fact`);
  if (c.op === 'startsWithAny' && fact.type !== 'string' && fact.type !== 'string[]')
    mismatch(`op 'startsWithAny' needs a string fact`);
  if (c.op === 'eq' || c.op === 'ne' || c.op === 'in' || c.op === 'notIn') {
    if (fact.type === 'string[]') mismatch(`op '${c.op}' compares a single value; use includes / includesAny`);
    for (const v of comparedValues(c)) {
      const expected = fact.type === 'string[]' ? 'string' : fact.type;
      if (typeof v !== expected) mismatch(`value ${JSON.stringify(v)} is not a ${expected}`);
      else if (fact.values !== undefined && typeof v === 'string' && !fact.values.includes(v))
        mismatch(`value '${v}' is not one of ${fact.values.join(', ')}`);
    }
  }
}
