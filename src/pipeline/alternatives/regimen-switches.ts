/**
 * Regimen-level options from the pack's switch table: therapeutic equivalents, injectable → oral
 * switches, step-down and guideline-preferred regimens. A switch is offered only when its
 * conditions hold, the target regimen is indicated for the principal diagnosis and its biomarker
 * requirements are met by the patient's results. The target is built from the proposal, like
 * with like, and lists every change it makes (switched-regimen.ts).
 */
import type { BiomarkerRequirement, KnowledgePack, RegimenSwitch } from '../../knowledge/types';
import type { Facts, FactValue } from '../core/facts';
import { evaluateCondition } from '../guideline-rules/evaluate-condition';
import { describeFact } from '../guideline-rules/evaluate-rules';
import type { ResolvedCase } from '../resolve/resolved-case';
import type { Candidate, ExcludedCandidate } from './candidate';
import { switchedRegimen } from './switched-regimen';

function requirementMet(req: BiomarkerRequirement, facts: Facts): boolean | undefined {
  const status = facts.get(`biomarker.${req.gene}.status`);
  if (status === undefined) return undefined;
  switch (req.status) {
    case 'sensitising':
      return (
        (status === 'present' || status === 'positive') &&
        facts.get(`biomarker.${req.gene}.variantClass`) === 'sensitising'
      );
    case 'present':
    case 'positive':
      return status === 'present' || status === 'positive';
    case 'absent':
    case 'negative':
      return status === 'absent' || status === 'negative';
  }
}

const LABEL: Readonly<Record<RegimenSwitch['basis'], { en: string; zh: string }>> = {
  'guideline-preferred': { en: 'Guideline-preferred', zh: '指南推荐' },
  'therapy-change': { en: 'Therapy change (new mechanism)', zh: '治疗方案变更(作用机制不同)' },
  'therapeutic-equivalence': { en: 'Switch', zh: '方案转换' },
  'iv-to-oral': { en: 'Switch', zh: '方案转换' },
  'step-down': { en: 'Step-down', zh: '降阶梯' },
};

export function regimenSwitchCandidates(
  pack: KnowledgePack,
  resolved: ResolvedCase,
  facts: Facts,
): { candidates: Candidate[]; excluded: ExcludedCandidate[] } {
  const candidates: Candidate[] = [];
  const excluded: ExcludedCandidate[] = [];
  const from = resolved.regimen.library;
  if (!from) return { candidates, excluded };
  for (const sw of pack.regimenSwitches) {
    if (sw.from !== from.id || sw.enabled === false) continue;
    const target = pack.regimens.get(sw.to);
    if (!target) continue;
    const id = `switch:${sw.id}`;
    const description = {
      en: `${LABEL[sw.basis].en}: ${from.name.en} → ${target.name.en}. ${sw.rationale.en}`,
      zh: `${LABEL[sw.basis].zh}：${from.name.zh} → ${target.name.zh}。${sw.rationale.zh}`,
    };
    const reasons: ExcludedCandidate['reasons'] = [];
    // Eligibility needs positive evidence: a condition that cannot be decided never lets a switch through.
    if (sw.when) {
      const trace = { read: new Map<string, FactValue | null>() };
      const ok = evaluateCondition(sw.when, facts, trace);
      if (ok.value === false) {
        const read = [...trace.read]
          .map(([fact, value]) => `${describeFact(fact).en} = ${JSON.stringify(value)}`)
          .join('; ');
        reasons.push({
          kind: 'policy',
          message: `The switch's conditions do not hold for this patient (${sw.id}); it read: ${read}.`,
        });
      }
      if (ok.value === undefined) {
        reasons.push({
          kind: 'policy',
          missingInputs: ok.missing,
          message: `The switch's eligibility cannot be confirmed, not recorded: ${ok.missing.map((m) => describeFact(m).en).join('; ')}.`,
        });
      }
    }
    if (!target.indications.some((p) => resolved.principalDiagnosis.startsWith(p))) {
      reasons.push({ kind: 'policy', message: `${target.id} is not indicated for ${resolved.principalDiagnosis}.` });
    }
    for (const req of target.requiredBiomarkers) {
      const met = requirementMet(req, facts);
      if (met !== true)
        reasons.push({
          kind: 'rule',
          message: `${target.id} requires ${req.gene} ${req.status}; ${met === undefined ? `no ${req.gene} result recorded` : `the patient's ${req.gene} result does not meet it`}.`,
        });
    }
    const switched = reasons.length === 0 ? switchedRegimen(pack, resolved.regimen, from, target) : null;
    if (reasons.length === 0 && !switched)
      reasons.push({ kind: 'costing', message: `${target.id} has a drug without a product in the formulary.` });
    if (reasons.length > 0 || !switched) {
      excluded.push({ id, basis: sw.basis, description, reasons });
      continue;
    }
    candidates.push({
      id,
      basis: sw.basis,
      description,
      changes: [{ from: from.id, to: target.id, detail: sw.rationale.en }, ...switched.changes],
      regimen: switched.regimen,
      evidenceLevel: sw.evidenceLevel,
      source: sw.source,
      constraints: sw.constraints,
      list:
        sw.basis === 'guideline-preferred'
          ? 'preferred'
          : sw.basis === 'therapy-change'
            ? 'therapy-changes'
            : 'alternatives',
      sameMolecule: false,
    });
  }
  return { candidates, excluded };
}
