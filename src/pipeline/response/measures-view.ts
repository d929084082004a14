/** The patient measures the rules read, each sent or derived (with its formula), for the answer. */
import type { components } from '../../generated/api';
import { MEASURE_DECIMALS, roundTo } from '../../domain/patient-measures';
import type { ResolvedCase } from '../resolve/resolved-case';

type PatientMeasure = components['schemas']['PatientMeasure'];

const UNITS = {
  ageYears: 'a',
  bsaM2: 'm2',
  creatinineClearanceMlMin: 'mL/min',
  egfr: 'mL/min/{1.73_m2}',
  altRatioToUln: '1',
} as const;

export function measuresView(resolved: ResolvedCase): PatientMeasure[] {
  const { measures } = resolved;
  const values: Record<keyof typeof UNITS, number | undefined> = {
    ageYears: resolved.source.patient.ageYears,
    bsaM2: measures.bsaM2 === undefined ? undefined : roundTo(measures.bsaM2, MEASURE_DECIMALS.bsaM2),
    creatinineClearanceMlMin:
      measures.creatinineClearanceMlMin === undefined
        ? undefined
        : roundTo(measures.creatinineClearanceMlMin, MEASURE_DECIMALS.creatinineClearanceMlMin),
    egfr:
      measures.egfr === undefined
        ? undefined
        : measures.basis.egfr?.basis === 'sent'
          ? measures.egfr
          : roundTo(measures.egfr, MEASURE_DECIMALS.egfr),
    altRatioToUln:
      measures.altRatioToUln === undefined
        ? undefined
        : roundTo(measures.altRatioToUln, MEASURE_DECIMALS.altRatioToUln),
  };
  return (Object.keys(UNITS) as (keyof typeof UNITS)[]).flatMap((measure) => {
    const value = values[measure];
    const basis = measures.basis[measure];
    if (value === undefined || !basis) return [];
    return [
      {
        measure,
        value,
        unit: UNITS[measure],
        basis: basis.basis,
        ...(basis.formula !== undefined ? { formula: basis.formula } : {}),
      },
    ];
  });
}
