/**
 * The compiled pack: every index the pipeline and the adapters need, built ONCE when a pack is
 * loaded (load-pack.ts) and carried with it as `pack.index`. Per-assessment work then depends on
 * the case (its drugs, classes, regimen, condition), not on how many drugs, products, rules or
 * regimens the pack holds; no per-pack cache lives anywhere else.
 */
import type { GuidelineRule, KnowledgePack } from '../types';
import { buildLookups, type PackLookups } from './lookups';
import { buildRuleIndex, type RuleIndex } from './rule-index';

export interface CompiledPack extends PackLookups {
  /** Every enabled rule, keyed by what can make it apply. */
  readonly rules: RuleIndex;
  /** The enabled safety rules (what a candidate is checked against), keyed the same way. */
  readonly safetyRules: RuleIndex;
  /** Ids of the enabled rules in pack order: what every assessment evaluates (`rulesEvaluated`). */
  readonly evaluatedRuleIds: readonly string[];
}

/** Pack fields a hand-built (test) pack may leave out are read defensively. */
export function compilePack(pack: Partial<Omit<KnowledgePack, 'index'>>): CompiledPack {
  const rules: readonly GuidelineRule[] = pack.rules ?? [];
  const all = buildRuleIndex(rules);
  return {
    ...buildLookups(pack),
    rules: all,
    safetyRules: buildRuleIndex(rules.filter((r) => r.safety)),
    evaluatedRuleIds: Object.freeze(all.rules.map((r) => r.id)),
  };
}

/**
 * The pack's compiled index. A pack loaded by the loader always has one; a pack assembled by hand
 * (unit tests) is compiled on the spot, every call — nothing is cached outside a pack.
 */
export function packIndex(pack: KnowledgePack): CompiledPack {
  return (pack as { index?: CompiledPack }).index ?? compilePack(pack);
}
