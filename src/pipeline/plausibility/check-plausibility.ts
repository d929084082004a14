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

function outside(ranges: Ranges, measure: Measure, value: number, pointer: string, what: string): PipelineIssue | null {
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
  const p = kase.patient;
  const errors: (PipelineIssue | null)[] = [];
  if (p.ageYears !== undefined) {
    errors.push(
      outside(
        ranges,
        'ageYears',
        p.ageYears,
        p.birthDate !== undefined ? '/patient/birthDate' : '/patient/age',
        `age at ${kase.context.asOf}`,
      ),
    );
  }
  if (p.birthDate !== undefined && p.ageYears !== undefined) {
    // An age sent together with a birth date must agree with it: a 76-year-old sent as 50 escapes every age limit.
    const fromBirthDate = ageAt(p.birthDate, kase.context.asOf);
    const gap = Math.abs(fromBirthDate - p.ageYears);
    if (gap > ranges.ageDiscrepancyYears.max) {
      errors.push({
        pointer: '/patient/age',
        code: 'implausible-value',
        message: `age ${p.ageYears} disagrees with the birth date ${p.birthDate} (${fromBirthDate} at ${kase.context.asOf}); send one, or correct the other`,
      });
    }
  }
  const adult = p.ageYears !== undefined && p.ageYears >= 18;
  if (p.weightKg)
    errors.push(
      outside(
        ranges,
        adult ? 'adultWeightKg' : 'weightKg',
        p.weightKg.value,
        '/patient/weight/value',
        adult ? 'body weight of an adult' : 'body weight',
      ),
    );
  if (p.heightCm)
    errors.push(
      outside(
        ranges,
        adult ? 'adultHeightCm' : 'heightCm',
        p.heightCm.value,
        '/patient/height/value',
        adult ? 'body height of an adult' : 'body height',
      ),
    );
  if (p.serumCreatinineMgDl)
    errors.push(
      outside(
        ranges,
        'serumCreatinineMgDl',
        p.serumCreatinineMgDl.value,
        '/patient/serumCreatinine/value',
        'serum creatinine',
      ),
    );
  if (p.egfr) errors.push(outside(ranges, 'egfr', p.egfr.value, '/patient/egfr/value', 'eGFR'));
  if (p.alt) errors.push(outside(ranges, 'altUnitsPerLitre', p.alt.value.value, '/patient/alt/value', 'ALT'));
  const uln = p.alt?.value.upperLimitOfNormal;
  if (uln !== undefined)
    errors.push(
      outside(ranges, 'altUpperLimitOfNormal', uln, '/patient/alt/upperLimitOfNormal', 'ALT upper limit of normal'),
    );
  if (p.hba1cPercent)
    errors.push(outside(ranges, 'hba1cPercent', p.hba1cPercent.value, '/patient/hba1c/value', 'HbA1c'));
  const plausible = (e: PipelineIssue | null): boolean => e === null;
  if (p.weightKg && p.heightCm && errors.every(plausible)) {
    errors.push(
      outside(
        ranges,
        'bsaM2',
        mostellerBsa(p.heightCm.value, p.weightKg.value),
        '/patient/height/value',
        'body-surface area from this height and weight',
      ),
    );
  }
  const cycleDays = kase.proposal.cycleLengthDays;
  if (cycleDays !== undefined) {
    kase.proposal.components.forEach((c, i) => {
      if (c.administrationsPerCycle !== undefined && c.administrationsPerCycle > cycleDays) {
        errors.push({
          pointer: `/proposal/components/${i}/administrationsPerCycle`,
          code: 'implausible-value',
          message: `${c.administrationsPerCycle} administrations in a ${cycleDays}-day cycle is more than one a day; use timesPerAdministration for several doses a day`,
        });
      }
    });
  }
  return errors.filter((e): e is PipelineIssue => e !== null);
}

/** Throws UnresolvableCaseError (HTTP 422 / a batch slot / a not-assessed line) for an implausible case. */
export function checkPlausibility(kase: Case, ranges: Ranges): void {
  const errors = implausibleValues(kase, ranges);
  if (errors.length > 0) throw new UnresolvableCaseError(errors);
}
