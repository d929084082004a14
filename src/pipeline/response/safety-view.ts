/** The safety stage's verdict on the proposal, as the answer shows it. */
import type { SafetyVerdict } from '../safety/safety-verdict';

/** The proposal's verdict as the answer shows it. */
export function safetyView(verdict: SafetyVerdict): {
  status: SafetyVerdict['status'];
  unsafe: string[];
  unknown: { ruleId: string; missingInputs: string[] }[];
} {
  return {
    status: verdict.status,
    unsafe: verdict.violations.filter((v) => v.kind === 'unsafe').map((v) => v.rule.id),
    unknown: verdict.violations
      .filter((v) => v.kind === 'unknown')
      .map((v) => ({ ruleId: v.rule.id, missingInputs: v.missing })),
  };
}
