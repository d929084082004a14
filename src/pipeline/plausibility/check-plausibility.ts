/**
 * Plausibility stage: one check for every adapter (REST, batch, CDS Hooks). A clinical measure
 * outside the pack's plausible range (policies.json `plausibleRanges`) is refused with the field
 * it came from, never used for a dose, a rule or a cost: REST answers 422 naming the field, a batch
 * reports it in that case's slot, CDS Hooks shows it as not assessed.
 */
import type { Case } from '../../domain/case';
import type { PipelineIssue } from '../core/pipeline-issue';
import type { HospitalPolicies } from '../../knowledge/types';
import { UnresolvableCaseError } from '../core/pipeline-issue';
import { ageAt, mostellerBsa } from '../../domain/patient-measures';

type Ranges = HospitalPolicies['plausibleRanges'];
type Measure = Exclude<keyof Ranges, 'source'>;

/** One measured value of the case, the range it must lie in, and where it came from. */
interface Reading {
  measure: Measure;
  value: number;
  pointer: string;
  what: string;
}

function outside(ranges: Ranges, { measure, value, pointer, what }: Reading): PipelineIssue | null {
  const range = ranges[measure];
  if (Number.isFinite(value) && value >= range.min && value <= range.max) return null;
  return {
    pointer,
    code: 'implausible-value',
    message: `${what} ${Number.isFinite(value) ? `${value} ${range.unit}` : 'is not a finite number and'} is outside the plausible range ${range.min}–${range.max} ${range.unit}; check the value and its unit`,
  };
}

/** Every implausible measure of the case (empty when all are plausible). */
export function implausibleValues(kase: Case, ranges: Ranges): PipelineIssue[] {
  const issues = [...ageIssues(kase, ranges), ...readings(kase).flatMap((reading) => outside(ranges, reading) ?? [])];
  const { weightKg, heightCm } = kase.patient;
  if (weightKg && heightCm && issues.length === 0) {
    const bsa = outside(ranges, {
      measure: 'bsaM2',
      value: mostellerBsa(heightCm.value, weightKg.value),
      pointer: '/patient/height/value',
      what: 'body-surface area from this height and weight',
    });
    if (bsa) issues.push(bsa);
  }
  return [...issues, ...scheduleIssues(kase)];
}

/** Age in range, and an age sent with a birth date agrees with it (a 76-year-old sent as 50 escapes every age limit). */
function ageIssues(kase: Case, ranges: Ranges): PipelineIssue[] {
  const p = kase.patient;
  const asOf = kase.context.asOf;
  if (p.ageYears === undefined) return [];
  const pointer = p.birthDate !== undefined ? '/patient/birthDate' : '/patient/age';
  const issues = [outside(ranges, { measure: 'ageYears', value: p.ageYears, pointer, what: `age at ${asOf}` }) ?? []];
  if (p.birthDate !== undefined) {
    const fromBirthDate = ageAt(p.birthDate, asOf);
    if (Math.abs(fromBirthDate - p.ageYears) > ranges.ageDiscrepancyYears.max) {
      issues.push({
        pointer: '/patient/age',
        code: 'implausible-value',
        message: `age ${p.ageYears} disagrees with the birth date ${p.birthDate} (${fromBirthDate} at ${asOf}); send one, or correct the other`,
      });
    }
  }
  return issues.flat();
}

/** The case's measured values, each with its range (adult ranges for weight and height from 18 years). */
function readings(kase: Case): Reading[] {
  const p = kase.patient;
  const adult = p.ageYears !== undefined && p.ageYears >= 18;
  const uln = p.alt?.value.upperLimitOfNormal;
  const all: (Reading | false | undefined)[] = [
    p.weightKg && {
      measure: adult ? 'adultWeightKg' : 'weightKg',
      value: p.weightKg.value,
      pointer: '/patient/weight/value',
      what: adult ? 'body weight of an adult' : 'body weight',
    },
    p.heightCm && {
      measure: adult ? 'adultHeightCm' : 'heightCm',
      value: p.heightCm.value,
      pointer: '/patient/height/value',
      what: adult ? 'body height of an adult' : 'body height',
    },
    p.serumCreatinineMgDl && {
      measure: 'serumCreatinineMgDl',
      value: p.serumCreatinineMgDl.value,
      pointer: '/patient/serumCreatinine/value',
      what: 'serum creatinine',
    },
    p.egfr && { measure: 'egfr', value: p.egfr.value, pointer: '/patient/egfr/value', what: 'eGFR' },
    p.alt && { measure: 'altUnitsPerLitre', value: p.alt.value.value, pointer: '/patient/alt/value', what: 'ALT' },
    uln !== undefined && {
      measure: 'altUpperLimitOfNormal',
      value: uln,
      pointer: '/patient/alt/upperLimitOfNormal',
      what: 'ALT upper limit of normal',
    },
    p.hba1cPercent && {
      measure: 'hba1cPercent',
      value: p.hba1cPercent.value,
      pointer: '/patient/hba1c/value',
      what: 'HbA1c',
    },
  ];
  return all.filter((r): r is Reading => Boolean(r));
}

/** More administrations in a cycle than it has days is a schedule error, not a dose. */
function scheduleIssues(kase: Case): PipelineIssue[] {
  const cycleDays = kase.proposal.cycleLengthDays;
  if (cycleDays === undefined) return [];
  return kase.proposal.components.flatMap((c, i) =>
    c.administrationsPerCycle !== undefined && c.administrationsPerCycle > cycleDays
      ? [
          {
            pointer: `/proposal/components/${i}/administrationsPerCycle`,
            code: 'implausible-value',
            message: `${c.administrationsPerCycle} administrations in a ${cycleDays}-day cycle is more than one a day; use timesPerAdministration for several doses a day`,
          },
        ]
      : [],
  );
}

/** Throws UnresolvableCaseError (HTTP 422 / a batch slot / a not-assessed line) for an implausible case. */
export function checkPlausibility(kase: Case, ranges: Ranges): void {
  const errors = implausibleValues(kase, ranges);
  if (errors.length > 0) throw new UnresolvableCaseError(errors);
}
