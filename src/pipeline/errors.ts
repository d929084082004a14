import type { ProblemError } from '../http/problem';

/** A proposal component, regimen id, principal diagnosis or dosing input that cannot be resolved (HTTP 422). */
export class UnresolvableCaseError extends Error {
  constructor(readonly errors: ProblemError[]) {
    super(errors.map((e) => `${e.pointer}: ${e.message}`).join('; '));
    this.name = 'UnresolvableCaseError';
  }
}
