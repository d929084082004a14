/**
 * Match the ordered components to a library regimen (same set of therapeutic drugs, same
 * condition) and list every deviation from its protocol: dose more than the tolerance above or
 * below, schedule, missing required supportive drugs (e.g. growth-factor support when the
 * febrile-neutropenia risk is ≥ 20 %).
 */
import type { components } from '../../generated/api';
import type { KnowledgePack, Regimen, RegimenComponent } from '../../knowledge/types';
import { describeDose, doseUnit } from '../resolve/protocol-dose';
import type { ResolvedComponent } from '../resolve/resolved-case';

export type Deviation = components['schemas']['Deviation'];

function sameDrugSet(regimen: Regimen, drugs: ReadonlySet<string>): boolean {
  return regimen.components.length === drugs.size && regimen.components.every((c) => drugs.has(c.drug));
}

/** The library regimen with exactly these therapeutic drugs, preferring the case's condition. */
export function findLibraryRegimen(
  pack: KnowledgePack,
  drugCodes: readonly string[],
  conditionId: string,
): Regimen | null {
  const drugs = new Set(drugCodes);
  let fallback: Regimen | null = null;
  for (const regimen of pack.regimens.values()) {
    if (!sameDrugSet(regimen, drugs)) continue;
    if (regimen.condition === conditionId) return regimen;
    fallback ??= regimen;
  }
  return fallback;
}

/** The library regimen of the condition sharing the most drugs, for pack-average non-drug costs. */
export function closestRegimen(pack: KnowledgePack, drugCodes: readonly string[], conditionId: string): Regimen | null {
  let best: { regimen: Regimen; score: number } | null = null;
  for (const regimen of pack.regimens.values()) {
    if (regimen.condition !== conditionId) continue;
    const shared = regimen.components.filter((c) => drugCodes.includes(c.drug)).length;
    const score = shared * 10 - Math.abs(regimen.components.length - drugCodes.length);
    if (shared > 0 && (!best || score > best.score)) best = { regimen, score };
  }
  return best?.regimen ?? null;
}

export interface DeviationInput {
  regimen: Regimen;
  components: readonly ResolvedComponent[];
  supportive: readonly ResolvedComponent[];
  /** Supportive drugs were listed in the order (otherwise the protocol's are assumed). */
  supportiveListed: boolean;
  cycleLengthDays: number;
  doseTolerance: number;
  /** At or above this multiple of the protocol dose the deviation is critical (a dose error). */
  criticalDoseRatio: number;
  highFebrileNeutropeniaRisk: number;
}

/** How the order deviates from its library protocol: dose, schedule, cycle length, missing supportive drugs. */
export function protocolDeviations(pack: KnowledgePack, input: DeviationInput): Deviation[] {
  const { regimen } = input;
  const perComponent = regimen.components.flatMap((protocol) => {
    const ordered = input.components.find((c) => c.drug.code === protocol.drug);
    if (!ordered) return [];
    const dose = ordered.dose.from === 'order' ? doseDeviation(input, protocol, ordered) : null;
    return [dose, scheduleDeviation(regimen, protocol, ordered)].filter((d): d is Deviation => d !== null);
  });
  return [...perComponent, ...cycleDeviations(input), ...missingSupportive(pack, input)];
}

/** An ordered dose on another basis than the protocol's, or outside its tolerance (critical from the dose-error ratio). */
function doseDeviation(
  input: DeviationInput,
  protocol: RegimenComponent,
  ordered: ResolvedComponent,
): Deviation | null {
  const { regimen } = input;
  const { name } = ordered.drug;
  const expected = describeDose(protocol.dose);
  const actual = `${ordered.dose.value} ${ordered.dose.unit}`;
  const base = { drug: protocol.drug, expected, actual };
  if (ordered.dose.unit !== doseUnit(protocol.dose)) {
    return {
      kind: 'schedule',
      ...base,
      severity: 'info',
      message: {
        en: `${name.en} is ordered on a ${ordered.dose.unit} basis; the protocol doses it as ${expected}.`,
        zh: `${name.zh}按${ordered.dose.unit}开具，方案剂量为${expected}。`,
      },
      source: regimen.source,
    };
  }
  const ratio = ordered.dose.value / protocol.dose.value;
  if (ratio > 1 + input.doseTolerance) {
    const percent = Math.round((ratio - 1) * 100);
    return {
      kind: 'dose-above-protocol',
      ...base,
      severity: ratio >= input.criticalDoseRatio ? 'critical' : 'warning',
      message: {
        en: `${name.en} ${actual} is ${percent}% above the protocol dose of ${expected}: check the dose calculation.`,
        zh: `${name.zh} ${actual} 高于方案剂量 ${expected} ${percent}%，请核对剂量计算。`,
      },
      source: regimen.source,
    };
  }
  if (ratio < 1 - input.doseTolerance) {
    const percent = Math.round((1 - ratio) * 100);
    return {
      kind: 'dose-below-protocol',
      ...base,
      severity: 'info',
      message: {
        en: `${name.en} ${actual} is ${percent}% below the protocol dose of ${expected} (a dose reduction?).`,
        zh: `${name.zh} ${actual} 低于方案剂量 ${expected} ${percent}%（是否为减量？）。`,
      },
      source: regimen.source,
    };
  }
  return null;
}

function scheduleDeviation(regimen: Regimen, protocol: RegimenComponent, ordered: ResolvedComponent): Deviation | null {
  const orderedPerCycle = ordered.administrationsPerCycle * ordered.timesPerAdministration;
  const protocolPerCycle = protocol.administrationsPerCycle * (protocol.timesPerAdministration ?? 1);
  if (orderedPerCycle === protocolPerCycle) return null;
  const { name } = ordered.drug;
  return {
    kind: 'schedule',
    drug: protocol.drug,
    expected: `${protocolPerCycle} administrations per ${regimen.cycleLengthDays}-day cycle`,
    actual: `${orderedPerCycle} per cycle`,
    severity: 'warning',
    message: {
      en: `${name.en}: ${orderedPerCycle} administrations per cycle ordered; the protocol gives ${protocolPerCycle}.`,
      zh: `${name.zh}：每周期开具${orderedPerCycle}次给药，方案为${protocolPerCycle}次。`,
    },
    source: regimen.source,
  };
}

function cycleDeviations({ regimen, cycleLengthDays }: DeviationInput): Deviation[] {
  if (cycleLengthDays === regimen.cycleLengthDays) return [];
  return [
    {
      kind: 'schedule',
      expected: `${regimen.cycleLengthDays}-day cycles`,
      actual: `${cycleLengthDays}-day cycles`,
      severity: 'warning',
      message: {
        en: `Cycle length ${cycleLengthDays} days ordered; the protocol uses ${regimen.cycleLengthDays}-day cycles.`,
        zh: `开具周期为${cycleLengthDays}天，方案周期为${regimen.cycleLengthDays}天。`,
      },
      source: regimen.source,
    },
  ];
}

/** Required supportive drugs the order left out (only when it listed its supportive drugs). */
function missingSupportive(pack: KnowledgePack, input: DeviationInput): Deviation[] {
  const { regimen } = input;
  if (!input.supportiveListed) return [];
  const highRisk = regimen.febrileNeutropeniaRisk >= input.highFebrileNeutropeniaRisk;
  return regimen.supportive
    .filter((r) => (r.requiredWhen === 'always' || highRisk) && !input.supportive.some((s) => s.drug.code === r.drug))
    .map((requirement) => {
      const drug = pack.drugs.get(requirement.drug);
      return {
        kind: 'missing-supportive',
        drug: requirement.drug,
        expected: drug?.name.en ?? requirement.drug,
        actual: 'not ordered',
        severity: 'warning',
        message: {
          en: `${drug?.name.en ?? requirement.drug} is required with this regimen and was not ordered: ${requirement.reason.en}`,
          zh: `本方案需要${drug?.name.zh ?? requirement.drug}，但未开具：${requirement.reason.zh}`,
        },
        source: requirement.source,
      };
    });
}
