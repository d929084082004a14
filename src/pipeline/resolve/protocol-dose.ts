/** A library protocol's dose as the order would write it: "500 mg/m2", "AUC 5", "250 mg". */
import type { Dose } from '../../knowledge/types';
import type { ResolvedDose } from './resolved-case';

/** The order unit of a protocol dose basis: mg/m2, mg/kg, AUC, or the flat dose's unit (mg by default). */
export function doseUnit(dose: Dose): string {
  return dose.basis === 'auc' ? 'AUC' : dose.basis === 'flat' ? (dose.unit ?? 'mg') : dose.basis;
}

export function protocolDose(dose: Dose): ResolvedDose {
  return {
    value: dose.value,
    unit: doseUnit(dose),
    from: 'protocol',
    ...(dose.maxMg !== undefined ? { maxMg: dose.maxMg } : {}),
  };
}

export function describeDose(dose: Dose): string {
  return dose.basis === 'auc' ? `AUC ${dose.value}` : `${dose.value} ${doseUnit(dose)}`;
}
