/**
 * Dose per administration from the dose basis: mg/m² × BSA (Mosteller), mg/kg × weight, flat,
 * or target AUC × (CrCl + 25) (Calvert, CrCl by Cockcroft–Gault capped per pack policy, so the
 * carboplatin dose is capped by the formula at AUC × (cap + 25), never by a fixed mg maximum).
 */
import type { DoseBasis } from '../../knowledge/types';
import { calvertDose } from '../../domain/patient-measures';
import type { PatientMeasures } from '../../domain/patient-measures';
import type { ResolvedDose } from '../resolve/resolved-case';

export interface CalculatedDose {
  basis: DoseBasis;
  ordered: number;
  /** Amount per administration in `unit` (mg unless a flat dose in another unit). */
  perAdministration: number;
  unit: string;
  calculation: string;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function calculateDose(
  dose: ResolvedDose,
  measures: PatientMeasures,
  weightKg: number | undefined,
  calvertCapMlMin: number,
): CalculatedDose {
  const calculated = orderedDose(dose, measures, weightKg, calvertCapMlMin);
  if (dose.roundedToMg === undefined) return calculated;
  return {
    ...calculated,
    perAdministration: dose.roundedToMg,
    unit: 'mg',
    calculation: `${calculated.calculation}, rounded to ${dose.roundedToMg} mg (whole vials, dose-rounding policy)`,
  };
}

function orderedDose(
  dose: ResolvedDose,
  measures: PatientMeasures,
  weightKg: number | undefined,
  calvertCapMlMin: number,
): CalculatedDose {
  const capped = (mg: number, text: string): CalculatedDose => {
    const basis = toBasis(dose.unit);
    if (dose.maxMg !== undefined && mg > dose.maxMg) {
      return {
        basis,
        ordered: dose.value,
        perAdministration: dose.maxMg,
        unit: 'mg',
        calculation: `${text} = ${round(mg)} mg, capped at the label maximum of ${dose.maxMg} mg`,
      };
    }
    return {
      basis,
      ordered: dose.value,
      perAdministration: round(mg, 4),
      unit: 'mg',
      calculation: `${text} = ${round(mg)} mg`,
    };
  };
  switch (dose.unit) {
    case 'mg/m2': {
      const bsa = measures.bsaM2;
      if (bsa === undefined) throw new Error('BSA unavailable (resolve stage should have rejected the case)');
      return capped(dose.value * bsa, `${dose.value} mg/m² × ${round(bsa)} m² (Mosteller)`);
    }
    case 'mg/kg': {
      if (weightKg === undefined) throw new Error('weight unavailable (resolve stage should have rejected the case)');
      return capped(dose.value * weightKg, `${dose.value} mg/kg × ${weightKg} kg`);
    }
    case 'AUC': {
      const crcl = measures.creatinineClearanceMlMin;
      if (crcl === undefined)
        throw new Error('creatinine clearance unavailable (resolve stage should have rejected the case)');
      // The cap is the formula's, not a fixed "label maximum": clearance is capped per hospital
      // policy, so the dose never exceeds AUC × (cap + 25) (AUC 6, cap 125 → 900 mg). A protocol
      // maxMg written for another AUC (750 mg for AUC 5) must not cap this one, so it is ignored.
      const used = Math.min(crcl, calvertCapMlMin);
      const capNote =
        crcl > calvertCapMlMin ? ` (CrCl ${round(crcl, 1)} capped at ${calvertCapMlMin} per hospital policy)` : '';
      const mg = calvertDose(dose.value, crcl, calvertCapMlMin);
      const ceiling = calvertDose(dose.value, Number.POSITIVE_INFINITY, calvertCapMlMin);
      return {
        basis: 'auc',
        ordered: dose.value,
        perAdministration: round(mg, 4),
        unit: 'mg',
        calculation: `AUC ${dose.value} × (CrCl ${round(used, 1)} mL/min${capNote} + 25) (Calvert) = ${round(mg)} mg (at most AUC ${dose.value} × (${calvertCapMlMin} + 25) = ${round(ceiling)} mg)`,
      };
    }
    default:
      return {
        basis: 'flat',
        ordered: dose.value,
        perAdministration: dose.value,
        unit: dose.unit,
        calculation: `flat ${dose.value} ${dose.unit}`,
      };
  }
}

function toBasis(unit: string): DoseBasis {
  if (unit === 'mg/m2') return 'mg/m2';
  if (unit === 'mg/kg') return 'mg/kg';
  if (unit === 'AUC') return 'auc';
  return 'flat';
}
