/**
 * Same-molecule product swaps: a consistency-evaluated generic, a biosimilar of the same
 * reference product, or a volume-procured product, one component at a time. Hospital policy
 * (e.g. biosimilar only after the 12-week originator induction) shapes the candidate and is
 * stated as a constraint; it is not a safety rule.
 */
import { packIndex } from '../../knowledge/compile/compiled-pack';
import type { Drug, KnowledgePack, LocalizedText, Product } from '../../knowledge/types';
import { productLine, productLineKey, unitPrice } from '../drug-cost/unit-selection';
import type { ResolvedCase, ResolvedComponent, ResolvedRegimen } from '../resolve/resolved-case';
import type { Candidate, ExcludedCandidate, OptionBasis } from './candidate';

function basisFor(pack: KnowledgePack, from: Product, to: Product): OptionBasis | { excluded: string } {
  if (to.kind === 'biosimilar') {
    const reference = to.referenceProduct ? pack.products.get(to.referenceProduct) : undefined;
    if (!reference || reference.kind !== 'originator' || reference.drug !== from.drug)
      return { excluded: `${to.name.en} does not name an originator of ${from.drug} as its reference product` };
    return from.kind === 'biosimilar' ? 'procured-product' : 'biosimilar';
  }
  if (to.kind === 'generic') {
    if (!to.consistencyEvaluated)
      return {
        excluded: `${to.name.en} has not passed consistency evaluation, so it is not an interchangeable generic`,
      };
    return from.kind === 'generic' ? 'procured-product' : 'consistency-evaluated-generic';
  }
  if (to.kind === from.kind && to.procurement !== 'none') return 'procured-product';
  return { excluded: `${to.name.en} is not a recognised equivalent of ${from.name.en}` };
}

const NEW_START = 'Treatment week not given: biosimilar options assume a new start (originator induction first).';

const BASIS_TEXT: Record<string, { en: string; zh: string }> = {
  'consistency-evaluated-generic': { en: 'consistency-evaluated generic', zh: '通过一致性评价的仿制药' },
  biosimilar: { en: 'biosimilar', zh: '生物类似药' },
  'procured-product': { en: 'volume-procured product', zh: '集采/带量采购产品' },
};

/**
 * The cheapest product (per unit of strength) of each other product line of the drug on the
 * current product's route, in the order the lines first appear in the formulary.
 */
function cheapestOfOtherLines(pack: KnowledgePack, drug: string, current: Product): Product[] {
  const currentLine = new Set(productLine(pack, current).map((p) => p.code));
  const lines = new Map<string, Product[]>();
  for (const p of pack.productsByDrug.get(drug) ?? []) {
    if (currentLine.has(p.code) || p.route !== current.route) continue;
    lines.set(productLineKey(p), [...(lines.get(productLineKey(p)) ?? []), p]);
  }
  const cheapest: Product[] = [];
  for (const products of lines.values()) {
    const to = [...products].sort((a, b) => unitPrice(a) / a.strength.value - unitPrice(b) / b.strength.value)[0];
    if (to) cheapest.push(to);
  }
  return cheapest;
}

function swapDescription(drug: Drug, current: Product, to: Product, text: LocalizedText): LocalizedText {
  return {
    en: `${drug.name.en}: ${current.name.en} → ${to.name.en} (${text.en})`,
    zh: `${drug.name.zh}：${current.name.zh} → ${to.name.zh}（${text.zh}）`,
  };
}

function replaceComponent(
  regimen: ResolvedRegimen,
  target: ResolvedComponent,
  replacement: ResolvedComponent,
): ResolvedRegimen {
  const swap = (list: ResolvedComponent[]) => list.map((c) => (c === target ? replacement : c));
  return { ...regimen, components: swap(regimen.components), supportive: swap(regimen.supportive) };
}

export function productSwapCandidates(
  pack: KnowledgePack,
  resolved: ResolvedCase,
): { candidates: Candidate[]; excluded: ExcludedCandidate[]; assumptions: string[] } {
  const candidates: Candidate[] = [];
  const excluded: ExcludedCandidate[] = [];
  const assumptions: string[] = [];
  const regimen = resolved.regimen;
  const policy = pack.policies.biosimilarSwitch;
  for (const component of [...regimen.components, ...regimen.supportive]) {
    const current = component.phases[0]?.product;
    if (!current || component.phases.length !== 1) continue;
    for (const to of cheapestOfOtherLines(pack, component.drug.code, current)) {
      const id = `swap:${component.drug.code}:${to.code}`;
      const basis = basisFor(pack, current, to);
      const description = (text: LocalizedText) => swapDescription(component.drug, current, to, text);
      if (typeof basis !== 'string') {
        excluded.push({
          id,
          basis: 'product-swap',
          description: description({ en: 'not equivalent', zh: '不等效' }),
          reasons: [{ kind: 'policy', message: basis.excluded }],
        });
        continue;
      }
      const constraints: Candidate['constraints'] = [];
      let phases: ResolvedComponent['phases'] = [{ product: to }];
      if (basis === 'biosimilar') {
        if (!policy.allowed) {
          excluded.push({
            id,
            basis,
            description: description(BASIS_TEXT.biosimilar!),
            reasons: [{ kind: 'policy', message: 'Hospital policy does not allow biosimilar switching.' }],
          });
          continue;
        }
        const week = resolved.source.patient.treatmentWeek;
        // Once per case, however many biosimilar lines there are.
        if (week === undefined && policy.afterInductionWeeks > 0 && !assumptions.includes(NEW_START))
          assumptions.push(NEW_START);
        const remainingInductionDays = Math.max(0, policy.afterInductionWeeks - (week ?? 0)) * 7;
        const originatorCycles = Math.ceil(remainingInductionDays / regimen.cycleLengthDays);
        if (originatorCycles > 0) {
          phases = [{ product: current, cycles: originatorCycles }, { product: to }];
          constraints.push({
            en: `Hospital policy: originator for the ${policy.afterInductionWeeks}-week induction, biosimilar for maintenance (${originatorCycles} cycles of ${current.name.en}, then ${to.name.en}).`,
            zh: `医院政策：诱导期${policy.afterInductionWeeks}周使用原研药，维持期使用生物类似药（${current.name.zh} ${originatorCycles}个周期后改用${to.name.zh}）。`,
          });
        }
      }
      const replacement: ResolvedComponent = { ...component, phases, productExplicit: true };
      const group = (packIndex(pack).substitutionGroupsByProduct.get(current.code) ?? []).find((g) =>
        g.members.includes(to.code),
      );
      candidates.push({
        id,
        basis,
        description: description(BASIS_TEXT[basis] ?? { en: basis, zh: basis }),
        changes: [
          {
            from: current.code,
            to: to.code,
            detail: `${current.name.en} → ${to.name.en}`,
            ...(component.orderRef !== undefined ? { orderRef: component.orderRef } : {}),
          },
        ],
        regimen: replaceComponent(regimen, component, replacement),
        evidenceLevel: group?.evidenceLevel ?? 'policy',
        source: group?.source ?? (basis === 'biosimilar' ? policy.source : pack.policies.genericSubstitution.source),
        constraints,
        list: 'alternatives',
        sameMolecule: true,
        changesDrug: component.drug.code,
      });
    }
  }
  return { candidates, excluded, assumptions };
}
