/**
 * One parser for an AssessmentRequest, whether it is the body of a single assessment or one case
 * of a batch: the OpenAPI schema, then the dates the schema cannot judge (2026-02-30, a birth date
 * after the assessment date), then the internal Case. Problems name the field by JSON pointer,
 * prefixed with the case's place in a batch.
 */
import type { Case } from '../../domain/case';
import { type HttpProblem, type ProblemError, problems } from '../../http/problem';
import type { HospitalTier } from '../../knowledge/types';
import type { OpenApiValidators } from './openapi-validation';
import { type AssessmentRequest, requestToCase } from './request-to-case';

export interface RequestParsing {
  validators: OpenApiValidators;
  defaults: { hospitalTier: HospitalTier; region: string | null };
}

/** A Case, or the 400 problem saying why the request is not one. `at` is '' or the case's pointer ('/cases/3'). */
export function parseAssessmentRequest(
  raw: unknown,
  at: string,
  { validators, defaults }: RequestParsing,
): { kase: Case } | { problem: HttpProblem } {
  const what = at === '' ? 'The request' : `Case ${at.slice(at.lastIndexOf('/') + 1)}`;
  const errors = validators.validate('AssessmentRequest', raw).map((e) => ({ ...e, pointer: at + e.pointer }));
  if (errors.length > 0)
    return {
      problem: problems.badRequest(
        `${what} does not match the AssessmentRequest schema (${errors.length} problem${errors.length === 1 ? '' : 's'}).`,
        errors,
      ),
    };
  const body = raw as AssessmentRequest;
  const dates = dateErrors(body, at);
  if (dates.length > 0) return { problem: problems.badRequest(`${what} has invalid dates.`, dates) };
  return { kase: requestToCase(body, defaults) };
}

/** Dates that match the pattern but are not real dates (2026-02-30) are rejected too. */
function dateErrors(body: AssessmentRequest, prefix: string): ProblemError[] {
  const errors: ProblemError[] = [];
  const check = (value: string | undefined, pointer: string) => {
    if (value === undefined) return;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime()) || (value.length === 10 && parsed.toISOString().slice(0, 10) !== value))
      errors.push({ pointer: prefix + pointer, message: `${value} is not a valid date`, code: 'format' });
  };
  check(body.context.asOf, '/context/asOf');
  check(body.patient.birthDate, '/patient/birthDate');
  if (body.patient.birthDate !== undefined && errors.length === 0 && body.patient.birthDate > body.context.asOf) {
    errors.push({ pointer: prefix + '/patient/birthDate', message: 'is after context.asOf', code: 'range' });
  }
  return errors;
}
