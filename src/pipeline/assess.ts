/**
 * One assessment, end to end: resolve → drug cost → guideline rules → candidates → model →
 * DRG and payer → value → response. Each stage is a pure function of its input and the
 * snapshot; this module only wires them.
 */
import type { components } from '../generated/api';
import type { Case } from '../domain/case';
import type { RuntimeSnapshot } from '../http/app-context';
import type { ProblemError } from '../http/problem';

export type Assessment = components['schemas']['Assessment'];

export interface AssessOptions {
  /** List excluded candidates with the reason. */
  explain: boolean;
  requestId: string;
  serviceVersion: string;
}

/** A proposal component, regimen id or principal diagnosis that cannot be resolved (HTTP 422). */
export class UnresolvableCaseError extends Error {
  constructor(readonly errors: ProblemError[]) {
    super(errors.map((e) => `${e.pointer}: ${e.message}`).join('; '));
    this.name = 'UnresolvableCaseError';
  }
}

export type CaseResult = { ok: true; assessment: Assessment } | { ok: false; error: UnresolvableCaseError };

/**
 * Assess several cases with ONE batched model run across all of them and their candidates.
 * A case that cannot be resolved is reported in its slot; the others are unaffected.
 */
export async function assessCases(cases: readonly Case[], snapshot: RuntimeSnapshot, options: AssessOptions): Promise<CaseResult[]> {
  void cases;
  void snapshot;
  void options;
  throw new Error('assessCases: pipeline under construction');
}

/** Assess one case; throws UnresolvableCaseError for a 422. */
export async function assessCase(kase: Case, snapshot: RuntimeSnapshot, options: AssessOptions): Promise<Assessment> {
  const [result] = await assessCases([kase], snapshot, options);
  if (!result) throw new Error('assessCases returned no result');
  if (!result.ok) throw result.error;
  return result.assessment;
}
