/**
 * DRG/DIP stage: does bundled payment apply, which group (the pack's CHS-DRG grouper on the
 * admission's diagnoses and procedures, or the caller's own code), the payment standard with each
 * factor (base rate × relative weight × hospital-tier coefficient; DIP: score × point value ×
 * coefficient), the margin on incurred plus expected cost for this admission, the overspend
 * level, high-cost outlier and carve-out status, and the daily-cost alert. Also the approval
 * threshold for the course (e.g. 50,000 CNY for chemotherapy + targeted → MDT director).
 */
import type { components } from '../../generated/api';
import type { Case } from '../../domain/case';
import type { AdmissionCoding, DrgGroup, KnowledgePack } from '../../knowledge/types';
import type { PricedComponent } from '../drug-cost/cost-regimen';
import { money } from '../core/money';
import type { Facts } from '../core/facts';
import { evaluateCondition } from '../guideline-rules/evaluate-condition';
import type { ResolvedRegimen, UnassessedItem } from '../resolve/resolved-case';
import type { CompiledScheme } from '../../knowledge/drg-scheme/compile-scheme';
import type { GrouperRecord } from '../../domain/grouper-record';
import { groupForApi, type DrgGrouping } from './grouping';

export type DrgAssessment = components['schemas']['DrgAssessment'];
export type Approval = components['schemas']['Approval'];

export interface AdmissionCosting {
  /** Expected cost of this admission (one cycle for an inpatient chemotherapy cycle). */
  expectedAdmissionCost: number;
  expectedLengthOfStayDays: number;
  /** First-cycle priced components, for carve-outs. */
  components: readonly PricedComponent[];
}

/** The pack's coding for an admission with this regimen: first entry whose conditions all hold. */
export function admissionCodingFor(
  pack: KnowledgePack,
  regimen: ResolvedRegimen,
  classes: readonly string[],
): AdmissionCoding | undefined {
  const therapeutic = regimen.components;
  return (pack.drgTariffs.admissionCoding ?? []).find((c) => {
    const w = c.when;
    if (w.regimens && !(regimen.library && w.regimens.includes(regimen.library.id))) return false;
    if (w.classes && !w.classes.every((k) => classes.includes(k))) return false;
    if (w.routes && !therapeutic.some((t) => w.routes?.includes(t.route))) return false;
    if (w.drugs && !therapeutic.some((t) => w.drugs?.includes(t.drug.code))) return false;
    return true;
  });
}

const isIcd10System = (system: string) => {
  const s = system.toLowerCase();
  return s === 'icd-10' || s === 'http://hl7.org/fhir/sid/icd-10';
};

/**
 * The record the grouper reads for this admission: the encounter diagnosis (when the coding gives
 * one) as principal, then the patient's principal, other diagnoses and ICD-10 comorbidities as
 * secondary; the caller's procedures, else the coding's.
 */
export function admissionRecord(
  pack: KnowledgePack,
  kase: Case,
  principal: string,
  regimen: ResolvedRegimen,
  classes: readonly string[],
): { record: GrouperRecord; coding?: AdmissionCoding } {
  const ctx = kase.context;
  const coding = admissionCodingFor(pack, regimen, classes);
  const encounter = ctx.encounterDiagnosis ?? coding?.encounterDiagnosis;
  const secondary = [
    ...kase.patient.diagnoses.filter((d) => !d.principal && d.code !== principal).map((d) => d.code),
    ...kase.patient.comorbidities.filter((c) => isIcd10System(c.system)).map((c) => c.code),
  ];
  const diagnoses =
    encounter !== undefined && encounter !== principal
      ? [encounter, principal, ...secondary]
      : [principal, ...secondary];
  const procedures = ctx.procedures ?? coding?.procedures ?? [];
  const sex = kase.patient.sex;
  return {
    record: {
      gender: sex === 'male' ? '1' : sex === 'female' ? '2' : '',
      age: kase.patient.ageYears === undefined ? '' : String(kase.patient.ageYears),
      ageDays: '',
      weight: '',
      diagnoses: [...new Set(diagnoses)],
      procedures,
    },
    ...(coding && ctx.procedures === undefined ? { coding } : {}),
  };
}

/** One grouping per distinct record per case and scheme: options that do not change what the grouper reads re-use the admission's. */
const memo = new WeakMap<Case, WeakMap<CompiledScheme, Map<string, DrgGrouping>>>();

function groupAdmission(scheme: CompiledScheme, kase: Case, record: GrouperRecord): DrgGrouping {
  let byScheme = memo.get(kase);
  if (!byScheme) memo.set(kase, (byScheme = new WeakMap()));
  let byRecord = byScheme.get(scheme);
  if (!byRecord) byScheme.set(scheme, (byRecord = new Map()));
  const key = JSON.stringify(record);
  let grouping = byRecord.get(key);
  if (!grouping) byRecord.set(key, (grouping = groupForApi(scheme, record)));
  return grouping;
}

/** One admission to assess: the case, its principal diagnosis, the regimen given and what it costs. */
export interface DrgAdmission {
  kase: Case;
  principal: string;
  regimen: ResolvedRegimen;
  /** The regimen's facts (its drug classes decide the pack's admission coding). */
  facts: Facts;
  costing: AdmissionCosting;
}

export interface DrgResult {
  assessment: DrgAssessment;
  /** Codes the DRG stage could not use (a caller's DRG code outside the tariff, an unexpected ADRG). */
  unassessed: UnassessedItem[];
}

/** Group the admission (or take the caller's group) and weigh its expected cost against the payment standard. */
export function assessDrg(pack: KnowledgePack, admission: DrgAdmission): DrgResult {
  const unassessed: UnassessedItem[] = [];
  return { assessment: drgAssessment(pack, admission, unassessed), unassessed };
}

function drgAssessment(pack: KnowledgePack, input: DrgAdmission, unassessed: UnassessedItem[]): DrgAssessment {
  if (input.kase.context.setting === 'outpatient') {
    return {
      applicable: false,
      reason:
        'Outpatient therapy is not paid by DRG/DIP: only inpatient admissions are grouped (outpatient regimens are settled under outpatient or chronic-disease policies).',
    };
  }
  const chosen = chooseGroup(pack, input, unassessed);
  if ('notApplicable' in chosen) return chosen.notApplicable;
  const { grouping } = chosen;
  const library = input.regimen.library;
  if (grouping?.status === 'grouped' && library?.drgGroup !== undefined && grouping.adrg !== library.drgGroup) {
    unassessed.push({
      code: grouping.drg,
      system: pack.drgTariffs.system,
      where: 'drg.grouping',
      reason: {
        en: `regimen ${library.id} is expected to group to ADRG ${library.drgGroup}; this admission groups to ${grouping.adrg}`,
        zh: `方案 ${library.id} 预期分入 ADRG ${library.drgGroup}，本次住院分入 ${grouping.adrg}`,
      },
    });
  }
  return paymentAssessment(pack, input, chosen);
}

/** The group paid for: the caller's (when in the tariff) or the grouper's. */
interface ChosenGroup {
  group: DrgGroup;
  determinedBy: 'caller' | 'grouper';
  callerDisagreement?: string;
  grouping?: DrgGrouping;
  admission: { record: GrouperRecord; coding?: AdmissionCoding };
}

function chooseGroup(
  pack: KnowledgePack,
  input: DrgAdmission,
  unassessed: UnassessedItem[],
): ChosenGroup | { notApplicable: DrgAssessment } {
  const tariffs = pack.drgTariffs;
  const { kase } = input;
  const ctx = kase.context;
  const classes = (input.facts.get('regimen.classes') as readonly string[] | undefined) ?? [];
  const admission = admissionRecord(pack, kase, input.principal, input.regimen, classes);
  const grouping = pack.drgScheme ? groupAdmission(pack.drgScheme, kase, admission.record) : undefined;
  const groupingPart = grouping
    ? { grouping, ...(admission.coding ? { admissionCoding: admission.coding.id } : {}) }
    : {};
  const notApplicable = (reason: string) => ({
    notApplicable: { applicable: false, reason, system: tariffs.system, ...groupingPart },
  });

  if (ctx.drgCode !== undefined) {
    const group = tariffs.groups.find((g) => g.code === ctx.drgCode);
    if (group) {
      const disagreement =
        grouping && grouping.drg !== ctx.drgCode ? callerDisagreement(ctx.drgCode, grouping) : undefined;
      return {
        group,
        determinedBy: 'caller',
        ...(disagreement !== undefined ? { callerDisagreement: disagreement } : {}),
        ...(grouping ? { grouping } : {}),
        admission,
      };
    }
    unassessed.push({
      code: ctx.drgCode,
      system: tariffs.system,
      where: 'context.drgCode',
      reason: {
        en: `DRG code not in the ${tariffs.region} tariff of this pack; the grouper's group is used instead`,
        zh: `DRG 编码不在本知识包 ${tariffs.region} 支付标准中，已按分组器的分组计算`,
      },
    });
  }
  if (!grouping) {
    return {
      notApplicable: {
        applicable: false,
        reason: `This pack names no DRG grouping scheme and the caller sent no DRG code in its tariff; the payment standard is unknown.`,
        system: tariffs.system,
      },
    };
  }
  if (grouping.status !== 'grouped') {
    return notApplicable(
      `The admission is ${grouping.status} under ${grouping.scheme.id} ${grouping.scheme.version}${grouping.reason ? `: ${grouping.reason}` : ''}; the payment standard is unknown.`,
    );
  }
  const group = tariffs.groups.find((g) => g.code === grouping.drg);
  if (!group) {
    return notApplicable(
      `The admission groups to ${grouping.drg} (${grouping.names?.drg ?? ''}), which has no weight in the ${tariffs.region} tariff of this pack; the payment standard is unknown.`,
    );
  }
  return { group, determinedBy: 'grouper', grouping, admission };
}

function callerDisagreement(drgCode: string, grouping: DrgGrouping): string {
  return grouping.status === 'grouped'
    ? `The caller's DRG ${drgCode} differs from the grouper's ${grouping.drg} (${grouping.scheme.id} ${grouping.scheme.version}); the caller's code is used.`
    : `The caller's DRG ${drgCode} is used; the grouper found the admission ${grouping.status}${grouping.reason ? `: ${grouping.reason}` : ''}.`;
}

/** The payment standard for the chosen group, and this admission's cost against it. */
function paymentAssessment(pack: KnowledgePack, input: DrgAdmission, chosen: ChosenGroup): DrgAssessment {
  const tariffs = pack.drgTariffs;
  const { group, grouping, determinedBy } = chosen;
  const ctx = input.kase.context;
  const standard = paymentStandard(pack, input, group);
  const carveOutDrugs = new Set([...group.carveOutDrugs, ...(tariffs.carveOutDrugs ?? [])]);
  const carved = input.costing.components.filter((c) => carveOutDrugs.has(c.component.drug.code));
  const carvedOut = carved.reduce((s, c) => s + (c.phases[0]?.costPerCycle ?? 0), 0);
  const incurred = ctx.incurredCost ?? 0;
  const total = incurred + input.costing.expectedAdmissionCost - carvedOut;
  const fraction = standard.amount > 0 ? (total - standard.amount) / standard.amount : 0;
  const level = total <= standard.amount ? 'none' : fraction > tariffs.overspendThreshold ? 'over-threshold' : 'over';
  const days = Math.max(1, (ctx.daysInHospital ?? 0) + input.costing.expectedLengthOfStayDays);
  return {
    applicable: true,
    reason: groupReason(chosen),
    system: tariffs.system,
    group: {
      code: group.code,
      name: group.name,
      codeIllustrative: group.codeIllustrative,
      determinedBy,
      inputsUsed: groupInputs(input, chosen),
    },
    ...(grouping
      ? { grouping, ...(chosen.admission.coding ? { admissionCoding: chosen.admission.coding.id } : {}) }
      : {}),
    ...(chosen.callerDisagreement !== undefined ? { callerDisagreement: chosen.callerDisagreement } : {}),
    paymentStandard: { ...standard, amount: money(standard.amount) },
    admissionCost: {
      incurred: money(incurred),
      expected: money(input.costing.expectedAdmissionCost),
      carvedOut: money(carvedOut),
      total: money(total),
    },
    margin: money(standard.amount - total),
    overspend: { level, fraction: Math.round(fraction * 10000) / 10000, threshold: tariffs.overspendThreshold },
    outlier:
      group.highCostOutlierMultiple !== undefined
        ? {
            status: total > group.highCostOutlierMultiple * standard.amount ? 'high-cost-outlier' : 'none',
            threshold: money(group.highCostOutlierMultiple * standard.amount),
          }
        : { status: 'not-defined' },
    carveOut: { drugs: carved.map((c) => c.component.drug.code), amount: money(carvedOut) },
    ...(group.dailyCostStandard !== undefined
      ? {
          dailyCost: {
            standard: group.dailyCostStandard,
            expectedPerDay: money(total / days),
            alert: total / days > group.dailyCostStandard,
          },
        }
      : {}),
    source: group.source,
  };
}

/** Base rate (by insurance type when the tariff has one) × relative weight × hospital-tier coefficient. */
function paymentStandard(pack: KnowledgePack, input: DrgAdmission, group: DrgGroup) {
  const tariffs = pack.drgTariffs;
  const ctx = input.kase.context;
  const tier = ctx.hospitalTier;
  const tierCoefficient = tariffs.tierCoefficients[tier];
  const baseRate =
    (ctx.insuranceType !== undefined ? group.baseRates?.[ctx.insuranceType] : undefined) ??
    group.baseRates?.default ??
    tariffs.baseRate;
  const factorWord = tariffs.system === 'DIP' ? 'score' : 'relative weight';
  const rateWord = tariffs.system === 'DIP' ? 'point value' : 'base rate';
  return {
    amount: baseRate * group.relativeWeight * tierCoefficient,
    formula: `${rateWord} ${baseRate} × ${factorWord} ${group.relativeWeight} × ${tier} coefficient ${tierCoefficient}`,
    baseRate,
    relativeWeight: group.relativeWeight,
    tierCoefficient,
    tier,
  };
}

function groupReason({ group, grouping, determinedBy }: ChosenGroup): string {
  if (determinedBy === 'caller') return `Inpatient admission; group ${group.code} assigned by the hospital's grouper.`;
  const split = grouping?.splitBy;
  const decided =
    split && split.level !== 'none'
      ? ` ${split.level.toUpperCase()} ${split.codes.join(', ')} moved it from ${split.drgWithout} to ${group.code}.`
      : '';
  return `Inpatient admission grouped by ${grouping?.scheme.id} ${grouping?.scheme.version} to ${group.code}.${decided} In CHS-DRG each chemotherapy cycle is its own admission.`;
}

function groupInputs(input: DrgAdmission, { determinedBy, admission }: ChosenGroup) {
  const ctx = input.kase.context;
  if (determinedBy === 'caller') return { drgCode: ctx.drgCode };
  return {
    principalDiagnosis: admission.record.diagnoses[0],
    secondaryDiagnoses: admission.record.diagnoses.slice(1),
    procedures: admission.record.procedures,
    setting: ctx.setting,
    ...(ctx.daysInHospital !== undefined ? { daysInHospital: ctx.daysInHospital } : {}),
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
      source: threshold.source,
    };
  }
  return { required: false, courseCost: money(courseCost) };
}
