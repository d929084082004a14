/**
 * "Assess one case", written once for every adapter (a REST single assessment, a CDS Hooks call):
 * a batch of one through the pipeline's entry point, `assessEachCase`, the same call a REST batch
 * makes. An unresolvable case comes back as a result, never as a throw; each adapter says it its way.
 */
import type { Case } from '../domain/case';
import type { RuntimeSnapshot } from '../pipeline/core/runtime-snapshot';
import { type AssessOptions, type CaseResult, assessEachCase } from '../pipeline/assess';

/** The pipeline's entry point (replaceable in tests). */
export type AssessEachCase = typeof assessEachCase;

export async function assessOne(
  kase: Case,
  snapshot: RuntimeSnapshot,
  options: AssessOptions,
  assess: AssessEachCase = assessEachCase,
): Promise<CaseResult> {
  let result: CaseResult | undefined;
  await assess([kase], snapshot, options, (r) => {
    result = r;
  });
  if (!result) throw new Error('The pipeline returned no result for the case.');
  return result;
}
