/** Patient → age (at the order date) and sex. */
import type { CasePatient } from '../../../domain/case';
import { child, optDate, optString } from '../fhir-read';
import { ageAt } from './dates';
import { type Reading, t } from './reading';
import type { SourcedResource } from './types';

/** The hook's patient among the resources (a Patient without an id is taken as the hook's). */
export function readPatientResource(
  resources: readonly SourcedResource[],
  patientId: string,
  asOf: string,
  { patient, reading }: { patient: CasePatient; reading: Reading },
): void {
  const r = resources.find(
    (x) => x.resource.resourceType === 'Patient' && (x.resource.id === undefined || x.resource.id === patientId),
  );
  if (r) readPatient(r, asOf, patient, reading);
  else
    reading.notAssessed.push({
      where: 'Patient',
      reason: t('No Patient resource: age and sex were not assessed.', '未获得患者基本信息：未评估年龄和性别。'),
    });
}

function readPatient(r: SourcedResource, asOf: string, patient: CasePatient, reading: Reading): void {
  const issues = reading.issuesFor(r);
  const birthDate = optDate(r.resource, 'birthDate', r.path, issues);
  if (birthDate) {
    if (birthDate.length < 10)
      reading.notAssessed.push({
        where: child(r.path, 'birthDate'),
        reason: t('Birth date is partial; age was estimated from its first day.', '出生日期不完整；年龄按其首日估算。'),
      });
    // The pipeline's plausibility check (shared with REST) reports an impossible age as not assessed.
    patient.ageYears = ageAt(birthDate, asOf);
    patient.birthDate = birthDate;
  } else
    reading.notAssessed.push({
      where: child(r.path, 'birthDate'),
      reason: t('No birth date: age was not assessed.', '无出生日期：未评估年龄。'),
    });
  const gender = optString(r.resource, 'gender', r.path, issues);
  if (gender) {
    if (gender === 'male' || gender === 'female' || gender === 'other' || gender === 'unknown') patient.sex = gender;
    else issues.add(child(r.path, 'gender'), 'must be male, female, other or unknown');
  }
}
