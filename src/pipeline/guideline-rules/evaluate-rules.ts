/**
 * Guideline rules → findings. Every finding names its rule, severity, the inputs it read, the
 * facts it lacked, its source and evidence level, and a suggested action.
 */
import type { components } from '../../generated/api';
import type { GuidelineRule, KnowledgePack, LocalizedText } from '../../knowledge/types';
import type { Facts, FactValue } from '../core/facts';
import { evaluateCondition, type Tri } from './evaluate-condition';
import { findFact, KNOWN_GENES } from '../../knowledge/fact-catalogue';
import { comparedValues, forEachFactCondition, type FactCondition } from '../../knowledge/conditions';
import { classesWithParents } from '../resolve/codes';
import { packIndex } from '../../knowledge/compile/compiled-pack';
import { rulesThatMayApply, type RuleIndex } from '../../knowledge/compile/rule-index';

export type Finding = components['schemas']['Finding'];

export interface RuleOutcome {
  rule: GuidelineRule;
  applies: boolean;
  value: Tri;
  missing: string[];
  inputs: Record<string, FactValue | null>;
}

const GENE_NAMES_ZH: Record<string, string> = { status: '结果', variantClass: '变异分类' };

/** A reader's name for a fact path: "EGFR result", "creatinine clearance". */
export function describeFact(path: string): LocalizedText {
  const gene = /^biomarker\.([A-Z0-9]+)\.(status|variantClass)$/.exec(path);
  if (gene?.[1] && gene[2]) {
    return {
      en: `${gene[1]} ${gene[2] === 'status' ? 'result' : 'variant classification'}`,
      zh: `${gene[1]}${GENE_NAMES_ZH[gene[2]] ?? ''}`,
    };
  }
  const definition = findFact(path, new Set(KNOWN_GENES.keys()));
  if (definition?.label) return definition.label;
  return {
    en: definition?.description.replace(/\.$/, '') ?? path,
    zh: definition?.description.replace(/\.$/, '') ?? path,
  };
}

/** A rule's outcome for these facts: whether it applies and, if it does, what its `when` gives and what it read. */
export function evaluateRule(rule: GuidelineRule, facts: Facts): RuleOutcome {
  if (evaluateCondition(rule.appliesWhen, facts).value !== true)
    return { rule, applies: false, value: false, missing: [], inputs: {} };
  // It applies: evaluate again with a trace, so the finding lists every input it read.
  const trace = { read: new Map<string, FactValue | null>() };
  evaluateCondition(rule.appliesWhen, facts, trace);
  const result = evaluateCondition(rule.when, facts, trace);
  return { rule, applies: true, value: result.value, missing: result.missing, inputs: Object.fromEntries(trace.read) };
}

/**
 * The outcomes of the rules that may apply to these facts, found through the pack's rule index
 * (the rules keyed by the case's drugs, classes, regimen and condition, and the unkeyable ones).
 * Every other enabled rule does not apply, by construction of the index. (A candidate's safety
 * rules: safety/candidate-safety.ts.)
 */
export function evaluateRules(pack: KnowledgePack, facts: Facts): RuleOutcome[] {
  return evaluateIndexed(packIndex(pack).rules, facts);
}

/** The outcomes of the rules `index` says may apply, in pack order. */
function evaluateIndexed(index: RuleIndex, facts: Facts): RuleOutcome[] {
  return rulesThatMayApply(index, (path) => facts.get(path)).map((rule) => evaluateRule(rule, facts));
}

function missingMessage(rule: GuidelineRule, missing: string[]): LocalizedText {
  if (rule.onMissing?.message) return rule.onMissing.message;
  const names = missing.map(describeFact);
  return {
    en: `${rule.title.en}: cannot be checked, not recorded: ${names.map((n) => n.en).join('; ')}.`,
    zh: `${rule.title.zh}：无法判断，未记录：${names.map((n) => n.zh).join('；')}。`,
  };
}

const PER_DRUG_FACT = /^regimen\.(administrationsPerWeek|doseMg|protocolDoseRatio)\.(.+)$/;

/** The regimen's drugs (ATC) a rule is about: those its conditions name by code, by class, or through a per-drug fact. */
export function findingDrugs(pack: KnowledgePack, rule: GuidelineRule, facts: Facts): string[] {
  const list = (path: string) => (facts.get(path) as readonly string[] | undefined) ?? [];
  const inRegimen = list('regimen.drugs');
  const ordered = list('regimen.allDrugs');
  const out = new Set<string>();
  const visit = (c: FactCondition) => {
    const values = comparedValues(c).map(String);
    const perDrug = PER_DRUG_FACT.exec(c.fact)?.[2];
    const drugs = c.fact.startsWith('regimen.all') ? ordered : inRegimen;
    if (c.fact === 'regimen.drugs' || c.fact === 'regimen.allDrugs')
      values.filter((v) => drugs.includes(v)).forEach((v) => out.add(v));
    else if (
      c.fact === 'regimen.classes' ||
      c.fact === 'regimen.allClasses' ||
      c.fact === 'regimen.classesWithSeveralDrugs'
    ) {
      for (const d of drugs)
        if (classesWithParents(pack, pack.drugs.get(d)?.classes ?? []).some((k) => values.includes(k))) out.add(d);
    } else if (perDrug !== undefined) out.add(perDrug);
    else if (c.fact === 'patient.allergyConflicts' || c.fact === 'patient.allergyConflictCount')
      list('patient.allergyConflicts').forEach((d) => out.add(d));
    else if (c.fact === 'regimen.criticalDoseCount' || c.fact === 'regimen.drugsAtCriticalDoseRatio')
      list('regimen.drugsAtCriticalDoseRatio').forEach((d) => out.add(d));
    else if (c.fact === 'regimen.intensity' || c.fact === 'regimen.id') inRegimen.forEach((d) => out.add(d)); // about the whole regimen
  };
  forEachFactCondition(rule.appliesWhen, '', visit);
  forEachFactCondition(rule.when, '', visit);
  return [...out].sort();
}

export function findingsFrom(pack: KnowledgePack, outcomes: readonly RuleOutcome[], facts?: Facts): Finding[] {
  const findings: Finding[] = [];
  for (const o of outcomes) {
    if (!o.applies || o.value === false) continue;
    const fired = o.value === true;
    findings.push({
      ruleId: o.rule.id,
      severity: fired ? o.rule.severity : (o.rule.onMissing?.severity ?? 'info'),
      category: fired ? o.rule.category : 'data-quality',
      title: o.rule.title,
      message: fired ? o.rule.message : missingMessage(o.rule, o.missing),
      inputs: o.inputs,
      missing: fired ? [] : o.missing,
      ...(facts ? { drugs: findingDrugs(pack, o.rule, facts) } : {}),
      source: o.rule.source,
      evidenceLevel: o.rule.evidenceLevel,
      ...(o.rule.action ? { action: { ...o.rule.action } } : {}),
    });
  }
  return findings;
}
