/**
 * Payer stage: what the patient pays for a course. Drugs outside the insurance catalogue are
 * self-paid; class B drugs carry their self-pay share first; what remains above the deductible
 * is reimbursed at the hospital tier's ratio up to the annual cap; the rest passes through the
 * further layers in order (critical-illness insurance, medical assistance, commercial top-up).
 */
import type { components } from '../../generated/api';
import type { Case } from '../../domain/case';
import type { KnowledgePack } from '../../knowledge/types';
import { money, type DrugCosting } from '../drug-cost/cost-regimen';
import { sourceCitation } from '../response/citations';
import type { UnassessedItem } from '../resolve/resolved-case';

export type OutOfPocket = components['schemas']['OutOfPocket'];

export function outOfPocket(pack: KnowledgePack, kase: Case, courseCost: number, drugs: DrugCosting, unassessed: UnassessedItem[] | null): OutOfPocket {
  const id = kase.context.insuranceType;
  const policy = pack.payerPolicy;
  if (id === undefined) return { available: false, reason: 'No insurance type given (context.insuranceType); patient out-of-pocket not estimated.' };
  const type = policy.insuranceTypes.find((t) => t.id === id);
  if (!type) {
    unassessed?.push({ code: id, where: 'context.insuranceType', reason: `insurance type not in the payer policy (${policy.insuranceTypes.map((t) => t.id).join(', ')})` });
    return { available: false, reason: `Insurance type ${id} is not in the pack's payer policy for ${policy.region}.` };
  }
  let selfPay = 0;
  let classBSelfPay = 0;
  for (const c of drugs.components) {
    for (const phase of c.phases) {
      const cost = phase.costPerCycle * phase.cycles;
      if (phase.product.reimbursementClass === 'none') selfPay += cost;
      else if (phase.product.reimbursementClass === 'B') classBSelfPay += cost * type.classBSelfPayShare;
    }
  }
  const pool = Math.max(0, courseCost - selfPay - classBSelfPay);
  const deductible = Math.min(pool, type.deductible);
  const ratio = type.reimbursementByTier[kase.context.hospitalTier];
  const basic = Math.min((pool - deductible) * ratio, type.annualCap);
  let remaining = courseCost - basic;
  const layers = type.layers.map((layer) => {
    const pays = Math.min(remaining * layer.share, layer.cap ?? Number.POSITIVE_INFINITY);
    remaining -= pays;
    return { id: layer.id, name: layer.name, pays: money(pays) };
  });
  return {
    available: true,
    insuranceType: type.id,
    courseCost: money(courseCost),
    selfPayItems: money(selfPay),
    classBSelfPay: money(classBSelfPay),
    deductible: money(deductible),
    basicInsurance: money(basic),
    reimbursementRatio: ratio,
    layers,
    patientPays: money(remaining),
    patientShare: courseCost > 0 ? Math.round((remaining / courseCost) * 10000) / 10000 : 0,
    illustrative: policy.illustrative,
    source: sourceCitation(pack, policy.source),
  };
}
