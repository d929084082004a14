/**
 * Match the ordered components to a library regimen (same set of therapeutic drugs, same
 * condition) and list every deviation from its protocol: dose more than the tolerance above or
 * below, schedule, missing required supportive drugs (e.g. growth-factor support when the
 * febrile-neutropenia risk is ≥ 20 %).
 */
import type { components } from '../../generated/api';
import { packIndex } from '../../knowledge/compile/compiled-pack';
import { drugSetKey } from '../../knowledge/compile/lookups';
import type { KnowledgePack, Regimen } from '../../knowledge/types';
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
  for (const regimen of packIndex(pack).regimensByDrugSet.get(drugSetKey(drugs)) ?? []) {
    if (!sameDrugSet(regimen, drugs)) continue;
    if (regimen.condition === conditionId) return regimen;
    fallback ??= regimen;
  }
  return fallback;
}

/** The library regimen of the condition sharing the most drugs, for pack-average non-drug costs. */
export function closestRegimen(pack: KnowledgePack, drugCodes: readonly string[], conditionId: string): Regimen | null {
  let best: { regimen: Regimen; score: number } | null = null;
  for (const regimen of packIndex(pack).regimensByCondition.get(conditionId) ?? []) {
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

export function protocolDeviations(pack: KnowledgePack, input: DeviationInput): Deviation[] {
  const { regimen } = input;
  const deviations: Deviation[] = [];
  for (const protocol of regimen.components) {
    const ordered = input.components.find((c) => c.drug.code === protocol.drug);
    if (!ordered) continue;
    const name = ordered.drug.name.en;
    const zh = ordered.drug.name.zh;
    if (ordered.dose.from === 'order') {
      const expectedUnit = doseUnit(protocol.dose);
      if (ordered.dose.unit !== expectedUnit) {
        deviations.push({
          kind: 'schedule',
          drug: protocol.drug,
          expected: describeDose(protocol.dose),
          actual: `${ordered.dose.value} ${ordered.dose.unit}`,
          severity: 'info',
          message: {
            en: `${name} is ordered on a ${ordered.dose.unit} basis; the protocol doses it as ${describeDose(protocol.dose)}.`,
            zh: `${zh}按${ordered.dose.unit}开具，方案剂量为${describeDose(protocol.dose)}。`,
          },
          source: regimen.source,
        });
      } else {
        const ratio = ordered.dose.value / protocol.dose.value;
        if (ratio > 1 + input.doseTolerance) {
          deviations.push({
            kind: 'dose-above-protocol',
            drug: protocol.drug,
            expected: describeDose(protocol.dose),
            actual: `${ordered.dose.value} ${ordered.dose.unit}`,
            severity: ratio >= input.criticalDoseRatio ? 'critical' : 'warning',
            message: {
              en: `${name} ${ordered.dose.value} ${ordered.dose.unit} is ${Math.round((ratio - 1) * 100)}% above the protocol dose of ${describeDose(protocol.dose)}: check the dose calculation.`,
              zh: `${zh} ${ordered.dose.value} ${ordered.dose.unit} 高于方案剂量 ${describeDose(protocol.dose)} ${Math.round((ratio - 1) * 100)}%，请核对剂量计算。`,
            },
            source: regimen.source,
          });
        } else if (ratio < 1 - input.doseTolerance) {
          deviations.push({
            kind: 'dose-below-protocol',
            drug: protocol.drug,
            expected: describeDose(protocol.dose),
            actual: `${ordered.dose.value} ${ordered.dose.unit}`,
            severity: 'info',
            message: {
              en: `${name} ${ordered.dose.value} ${ordered.dose.unit} is ${Math.round((1 - ratio) * 100)}% below the protocol dose of ${describeDose(protocol.dose)} (a dose reduction?).`,
              zh: `${zh} ${ordered.dose.value} ${ordered.dose.unit} 低于方案剂量 ${describeDose(protocol.dose)} ${Math.round((1 - ratio) * 100)}%（是否为减量？）。`,
            },
            source: regimen.source,
          });
        }
      }
    }
    const orderedPerCycle = ordered.administrationsPerCycle * ordered.timesPerAdministration;
    const protocolPerCycle = protocol.administrationsPerCycle * (protocol.timesPerAdministration ?? 1);
    if (orderedPerCycle !== protocolPerCycle) {
      deviations.push({
        kind: 'schedule',
        drug: protocol.drug,
        expected: `${protocolPerCycle} administrations per ${regimen.cycleLengthDays}-day cycle`,
        actual: `${orderedPerCycle} per cycle`,
        severity: 'warning',
        message: {
          en: `${name}: ${orderedPerCycle} administrations per cycle ordered; the protocol gives ${protocolPerCycle}.`,
          zh: `${zh}：每周期开具${orderedPerCycle}次给药，方案为${protocolPerCycle}次。`,
        },
        source: regimen.source,
      });
    }
  }
  if (input.cycleLengthDays !== regimen.cycleLengthDays) {
    deviations.push({
      kind: 'schedule',
      expected: `${regimen.cycleLengthDays}-day cycles`,
      actual: `${input.cycleLengthDays}-day cycles`,
      severity: 'warning',
      message: {
        en: `Cycle length ${input.cycleLengthDays} days ordered; the protocol uses ${regimen.cycleLengthDays}-day cycles.`,
        zh: `开具周期为${input.cycleLengthDays}天，方案周期为${regimen.cycleLengthDays}天。`,
      },
      source: regimen.source,
    });
  }
  if (input.supportiveListed) {
    for (const requirement of regimen.supportive) {
      const required =
        requirement.requiredWhen === 'always' || regimen.febrileNeutropeniaRisk >= input.highFebrileNeutropeniaRisk;
      if (!required || input.supportive.some((s) => s.drug.code === requirement.drug)) continue;
      const drug = pack.drugs.get(requirement.drug);
      deviations.push({
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
      });
    }
  }
  return deviations;
}
