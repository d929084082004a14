/**
 * Contraindications (contraindications.json) → safety rules. Each applies to a regimen holding one
 * of its drugs, or a drug of one of its classes — therapeutic OR supportive (`regimen.allDrugs`,
 * `regimen.allClasses`: a limit on dexamethasone holds whether it is ordered as an antiemetic or as
 * a component) — (neither listed: every regimen where its `when` can be read), and is a safety rule: the proposal gets a finding when it holds or cannot be decided, and
 * an option is offered only when it is known not to hold.
 */
import { forEachFactCondition } from './conditions';
import type { Condition, Contraindication, GuidelineRule, RuleCategory } from './types';

const CATEGORY: Readonly<Record<Contraindication['kind'], RuleCategory>> = {
  renal: 'contraindication',
  hepatic: 'contraindication',
  age: 'contraindication',
  pregnancy: 'contraindication',
  breastfeeding: 'contraindication',
  allergy: 'contraindication',
  history: 'contraindication',
  'endocrine-status': 'contraindication',
  combination: 'interaction',
  'dose-frequency': 'dose',
  dose: 'dose',
};

function appliesWhen(ci: Contraindication): Condition {
  const targets: Condition[] = [
    ...(ci.drugs ?? []).map((d): Condition => ({ fact: 'regimen.allDrugs', op: 'includes', value: d })),
    ...(ci.classes ?? []).map((c): Condition => ({ fact: 'regimen.allClasses', op: 'includes', value: c })),
  ];
  if (targets.length === 1 && targets[0]) return targets[0];
  if (targets.length > 0) return { any: targets };
  // No drug or class named: it applies wherever the facts it compares exist (e.g. a protocol dose ratio).
  const facts = new Set<string>();
  forEachFactCondition(ci.when, '', (c) => facts.add(c.fact));
  return { all: [...facts].map((fact): Condition => ({ fact, op: 'exists' })) };
}

export function compileContraindication(ci: Contraindication): GuidelineRule {
  return {
    id: ci.id,
    title: ci.title,
    category: CATEGORY[ci.kind],
    severity: ci.severity,
    appliesWhen: appliesWhen(ci),
    when: ci.when,
    // Undecided for the proposal: a warning naming the inputs that would decide it (the default message).
    onMissing: { severity: 'warning' },
    message: ci.message,
    ...(ci.action ? { action: ci.action } : {}),
    safety: true,
    source: ci.source,
    evidenceLevel: ci.evidenceLevel,
    ...(ci.enabled !== undefined ? { enabled: ci.enabled } : {}),
    ...(ci.disabledReason !== undefined ? { disabledReason: ci.disabledReason } : {}),
  };
}

export function compileContraindications(list: readonly Contraindication[]): GuidelineRule[] {
  return list.map(compileContraindication);
}
