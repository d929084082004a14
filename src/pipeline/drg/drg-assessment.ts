/**
 * DRG/DIP stage: does bundled payment apply, which group, the payment standard with each
 * factor (base rate × relative weight × hospital-tier coefficient; DIP: score × point value ×
 * coefficient), the margin on incurred plus expected cost for this admission, the overspend
 * level, high-cost outlier and carve-out status, and the daily-cost alert. Also the approval
 * threshold for the course (e.g. 50,000 CNY for chemotherapy + targeted → MDT director).
 */
import type { components } from '../../generated/api';
import type { Case } from '../../domain/case';
import type { DrgGroup, KnowledgePack } from '../../knowledge/types';
import type { PricedComponent } from '../drug-cost/cost-regimen';
import { money } from '../drug-cost/cost-regimen';
import type { Facts } from '../guideline-rules/derive-facts';
import { evaluateCondition } from '../guideline-rules/evaluate-condition';
import { sourceCitation } from '../response/citations';
import type { UnassessedItem } from '../resolve/resolved-case';

export type DrgAssessment = components['schemas']['DrgAssessment'];
export type Approval = components['schemas']['Approval'];

export interface AdmissionCosting {
  /** Expected cost of this admission (one cycle for an inpatient chemotherapy cycle). */
  expectedAdmissionCost: number;
  expectedLengthOfStayDays: number;
  /** First-cycle priced components, for carve-outs. */
  components: readonly PricedComponent[];
}

function mapGroup(pack: KnowledgePack, principal: string, classes: readonly string[]): DrgGroup | undefined {
  let best: { group: DrgGroup; score: number } | undefined;
  for (const group of pack.drgTariffs.groups) {
    const prefix = group.mapping.icd10Prefixes.filter((p) => principal.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    if (prefix === undefined) continue;
    if (!group.mapping.regimenClasses.every((c) => classes.includes(c))) continue;
    const score = group.mapping.regimenClasses.length * 100 + prefix.length;
    if (!best || score > best.score) best = { group, score };
  }
  return best?.group;
}

export function assessDrg(
  pack: KnowledgePack,
  kase: Case,
  principal: string,
  facts: Facts,
  costing: AdmissionCosting,
  unassessed: UnassessedItem[],
  regimenGroup?: { regimenId: string; group: string },
): DrgAssessment {
  const tariffs = pack.drgTariffs;
  const ctx = kase.context;
  if (ctx.setting === 'outpatient') {
    return {
      applicable: false,
      reason: 'Outpatient therapy is not paid by DRG/DIP: only inpatient admissions are grouped (outpatient regimens are settled under outpatient or chronic-disease policies).',
    };
  }
  const classes = (facts.get('regimen.classes') as readonly string[] | undefined) ?? [];
  let group: DrgGroup | undefined;
  let determinedBy: 'caller' | 'pack-mapping' = 'pack-mapping';
  if (ctx.drgCode !== undefined) {
    group = tariffs.groups.find((g) => g.code === ctx.drgCode);
    if (group) determinedBy = 'caller';
    else unassessed.push({ code: ctx.drgCode, system: tariffs.system, where: 'context.drgCode', reason: `DRG code not in the ${tariffs.region} tariff of this pack; the group was derived from the pack's mapping instead` });
  }
  // The library regimen's own group, when it names one, is the pack's explicit mapping (CAR-T, transplant).
  let fromRegimen = false;
  if (!group && regimenGroup) {
    group = tariffs.groups.find((g) => g.code === regimenGroup.group);
    fromRegimen = group !== undefined;
  }
  group ??= mapGroup(pack, principal, classes);
  if (!group) {
    return {
      applicable: false,
      reason: `No ${tariffs.system} group in this pack maps principal diagnosis ${principal} with regimen classes [${classes.join(', ')}]; the payment standard is unknown.`,
      system: tariffs.system,
    };
  }
  const tier = ctx.hospitalTier;
  const tierCoefficient = tariffs.tierCoefficients[tier];
  const standard = tariffs.baseRate * group.relativeWeight * tierCoefficient;
  const carved = costing.components.filter((c) => group.carveOutDrugs.includes(c.component.drug.code));
  const carvedOut = carved.reduce((s, c) => s + (c.phases[0]?.costPerCycle ?? 0), 0);
  const incurred = ctx.incurredCost ?? 0;
  const total = incurred + costing.expectedAdmissionCost - carvedOut;
  const fraction = standard > 0 ? (total - standard) / standard : 0;
  const level = total <= standard ? 'none' : fraction > tariffs.overspendThreshold ? 'over-threshold' : 'over';
  const days = Math.max(1, (ctx.daysInHospital ?? 0) + costing.expectedLengthOfStayDays);
  const factorWord = tariffs.system === 'DIP' ? 'score' : 'relative weight';
  const rateWord = tariffs.system === 'DIP' ? 'point value' : 'base rate';
  return {
    applicable: true,
    reason:
      determinedBy === 'caller'
        ? `Inpatient admission; group ${group.code} assigned by the hospital's grouper.`
        : `Inpatient admission; group derived from the pack's mapping (principal diagnosis ${principal}, regimen classes). In CHS-DRG each chemotherapy cycle is its own admission.`,
    system: tariffs.system,
    group: {
      code: group.code,
      name: group.name,
      codeIllustrative: group.codeIllustrative,
      determinedBy,
      inputsUsed:
        determinedBy === 'caller'
          ? { drgCode: ctx.drgCode }
          : fromRegimen && regimenGroup
            ? { principalDiagnosis: principal, setting: ctx.setting, regimen: regimenGroup.regimenId }
            : { principalDiagnosis: principal, setting: ctx.setting, regimenClasses: classes.filter((c) => group.mapping.regimenClasses.length === 0 || group.mapping.regimenClasses.includes(c)) },
    },
    paymentStandard: {
      amount: money(standard),
      formula: `${rateWord} ${tariffs.baseRate} × ${factorWord} ${group.relativeWeight} × ${tier} coefficient ${tierCoefficient}`,
      baseRate: tariffs.baseRate,
      relativeWeight: group.relativeWeight,
      tierCoefficient,
      tier,
    },
    admissionCost: { incurred: money(incurred), expected: money(costing.expectedAdmissionCost), carvedOut: money(carvedOut), total: money(total) },
    margin: money(standard - total),
    overspend: { level, fraction: Math.round(fraction * 10000) / 10000, threshold: tariffs.overspendThreshold },
    outlier:
      group.highCostOutlierMultiple !== undefined
        ? { status: total > group.highCostOutlierMultiple * standard ? 'high-cost-outlier' : 'none', threshold: money(group.highCostOutlierMultiple * standard) }
        : { status: 'not-defined' },
    carveOut: { drugs: carved.map((c) => c.component.drug.code), amount: money(carvedOut) },
    ...(group.dailyCostStandard !== undefined
      ? { dailyCost: { standard: group.dailyCostStandard, expectedPerDay: money(total / days), alert: total / days > group.dailyCostStandard } }
      : {}),
    source: sourceCitation(pack, group.source),
  };
}

export function assessApproval(pack: KnowledgePack, facts: Facts, courseCost: number): Approval {
  for (const threshold of pack.drgTariffs.approvalThresholds) {
    const applies = evaluateCondition(threshold.when, facts);
    if (applies.value !== true) continue;
    return {
      required: courseCost > threshold.amount,
      thresholdId: threshold.id,
      threshold: threshold.amount,
      courseCost: money(courseCost),
      approver: threshold.approver,
      source: sourceCitation(pack, threshold.source),
    };
  }
  return { required: false, courseCost: money(courseCost) };
}
