/**
 * Payer stage: what the patient pays for a course. Drugs outside the insurance catalogue are
 * self-paid; class B drugs carry their self-pay share first; what remains above the deductible
 * is reimbursed at the hospital tier's ratio up to the annual cap; the in-catalogue rest passes
 * through the further layers in order (critical-illness insurance, medical assistance, commercial
 * top-up). Self-pay items and the class B self-pay share stay with the patient unless a layer
 * says it covers them. Patient caps of the payer policy (e.g. CAR-T at the temporary insurance
 * payment price, at most 200,000) then limit what the patient pays for the items they name.
 */
import type { components } from '../../generated/api';
import type { Case } from '../../domain/case';
import type { InsuranceType, KnowledgePack, PatientCap } from '../../knowledge/types';
import type { DrugCosting } from '../drug-cost/cost-regimen';
import { money } from '../core/money';
import type { UnassessedItem } from '../resolve/resolved-case';

export type OutOfPocket = components['schemas']['OutOfPocket'];

/** The course cost split by who may reimburse it. */
export interface CostSplit {
  courseCost: number;
  /** Items outside the insurance catalogue (reimbursement class none). */
  selfPay: number;
  /** The class B self-pay share. */
  classBSelfPay: number;
}

export interface Layering {
  deductible: number;
  basic: number;
  ratio: number;
  layers: { id: string; name: { en: string; zh: string }; pays: number }[];
  patientPays: number;
}

/** Basic insurance, then the layers in order; each layer pays its share of what it covers, up to its cap. */
export function layerCosts(
  type: InsuranceType,
  tier: keyof InsuranceType['reimbursementByTier'],
  split: CostSplit,
): Layering {
  const pool = Math.max(0, split.courseCost - split.selfPay - split.classBSelfPay);
  const deductible = Math.min(pool, type.deductible);
  const ratio = type.reimbursementByTier[tier];
  const basic = Math.min((pool - deductible) * ratio, type.annualCap);
  // What is still unpaid, by bucket: the in-catalogue rest, self-pay items, the class B self-pay share.
  const open = { eligible: pool - basic, selfPay: split.selfPay, classB: split.classBSelfPay };
  const layers = type.layers.map((layer) => {
    const covers = new Set(layer.covers ?? []);
    const buckets: (keyof typeof open)[] = [
      'eligible',
      ...(covers.has('self-pay') ? (['selfPay'] as const) : []),
      ...(covers.has('class-b-self-pay') ? (['classB'] as const) : []),
    ];
    const base = buckets.reduce((s, b) => s + open[b], 0);
    const pays = Math.min(base * layer.share, layer.cap ?? Number.POSITIVE_INFINITY);
    const fraction = base > 0 ? pays / base : 0;
    for (const b of buckets) open[b] -= open[b] * fraction;
    return { id: layer.id, name: layer.name, pays };
  });
  return { deductible, basic, ratio, layers, patientPays: open.eligible + open.selfPay + open.classB };
}

function splitOf(
  drugs: DrugCosting,
  courseCost: number,
  type: InsuranceType,
  include: (productCode: string, drugCode: string) => boolean,
): CostSplit {
  let selfPay = 0;
  let classBSelfPay = 0;
  let excluded = 0;
  for (const c of drugs.components) {
    for (const phase of c.phases) {
      const cost = phase.costPerCycle * phase.cycles;
      if (!include(phase.product.code, c.component.drug.code)) {
        excluded += cost;
        continue;
      }
      if (phase.product.reimbursementClass === 'none') selfPay += cost;
      else if (phase.product.reimbursementClass === 'B') classBSelfPay += cost * type.classBSelfPayShare;
    }
  }
  return { courseCost: courseCost - excluded, selfPay, classBSelfPay };
}

const capCovers = (cap: PatientCap) => (productCode: string, drugCode: string) =>
  (cap.appliesTo.products?.includes(productCode) ?? false) || (cap.appliesTo.drugs?.includes(drugCode) ?? false);

function capsFor(pack: KnowledgePack, type: InsuranceType, drugs: DrugCosting): PatientCap[] {
  return (pack.payerPolicy.patientCaps ?? []).filter(
    (cap) =>
      (cap.insuranceTypes === undefined || cap.insuranceTypes.includes(type.id)) &&
      drugs.components.some((c) =>
        c.phases.some((p) => p.cycles > 0 && capCovers(cap)(p.product.code, c.component.drug.code)),
      ),
  );
}

/** An insurance type the payer policy does not know: listed as not assessed (out-of-pocket is then unavailable). */
export function payerUnassessed(pack: KnowledgePack, kase: Case): UnassessedItem[] {
  const id = kase.context.insuranceType;
  const policy = pack.payerPolicy;
  if (id === undefined || policy.insuranceTypes.some((t) => t.id === id)) return [];
  return [
    {
      code: id,
      where: 'context.insuranceType',
      reason: {
        en: `insurance type not in the payer policy (${policy.insuranceTypes.map((t) => t.id).join(', ')})`,
        zh: `医保类型不在支付政策中（${policy.insuranceTypes.map((t) => t.id).join('、')}）`,
      },
    },
  ];
}

/** What the patient pays for the course under their insurance type: layers, caps, self-pay items. */
export function outOfPocket(pack: KnowledgePack, kase: Case, courseCost: number, drugs: DrugCosting): OutOfPocket {
  const id = kase.context.insuranceType;
  const policy = pack.payerPolicy;
  if (id === undefined)
    return {
      available: false,
      reason: 'No insurance type given (context.insuranceType); patient out-of-pocket not estimated.',
    };
  const type = policy.insuranceTypes.find((t) => t.id === id);
  if (!type) {
    return { available: false, reason: `Insurance type ${id} is not in the pack's payer policy for ${policy.region}.` };
  }
  const tier = kase.context.hospitalTier;
  const split = splitOf(drugs, courseCost, type, () => true);
  const layered = layerCosts(type, tier, split);
  const layers = layered.layers.map((l) => ({ id: l.id, name: l.name, pays: money(l.pays) }));
  let patientPays = layered.patientPays;
  const capsApplied: NonNullable<OutOfPocket['capsApplied']> = [];
  for (const cap of capsFor(pack, type, drugs)) {
    // What the patient pays because of the capped items: with them, minus without them.
    const covered = capCovers(cap);
    const without = layerCosts(
      type,
      tier,
      splitOf(drugs, courseCost, type, (product, drug) => !covered(product, drug)),
    ).patientPays;
    const attributable = layered.patientPays - without;
    const above = attributable - cap.maxPatientPays;
    if (above <= 0) continue;
    patientPays -= above;
    layers.push({ id: `cap:${cap.id}`, name: cap.paidBy, pays: money(above) });
    capsApplied.push({
      id: cap.id,
      name: cap.name,
      maxPatientPays: cap.maxPatientPays,
      patientPaysBeforeCap: money(attributable),
      illustrative: cap.illustrative,
      source: cap.source,
    });
  }
  return {
    available: true,
    insuranceType: type.id,
    courseCost: money(courseCost),
    selfPayItems: money(split.selfPay),
    classBSelfPay: money(split.classBSelfPay),
    deductible: money(layered.deductible),
    basicInsurance: money(layered.basic),
    reimbursementRatio: layered.ratio,
    layers,
    ...(capsApplied.length > 0 ? { capsApplied } : {}),
    patientPays: money(patientPays),
    patientShare: courseCost > 0 ? Math.round((patientPays / courseCost) * 10000) / 10000 : 0,
    illustrative: policy.illustrative,
    source: policy.source,
  };
}
