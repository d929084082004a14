/**
 * The one place that decides whether a candidate may be shown as a cheaper alternative: it must
 * cost less per course than the proposal (never more, never the same), and save enough to be
 * worth showing (the pack's display threshold: an absolute amount OR a fraction). Guideline-
 * preferred options are exempt: they are shown apart, with what they cost more.
 */
import type { HospitalPolicies } from '../../knowledge/types';
import { money } from '../core/money';

export type AlternativeVerdict =
  | { shown: true; savings: number; fraction: number }
  | { shown: false; kind: 'not-cheaper' | 'below-display-threshold'; message: string };

export function alternativeVerdict(
  proposalPerCourse: number,
  optionPerCourse: number,
  threshold: HospitalPolicies['savingsDisplayThreshold'],
): AlternativeVerdict {
  const savings = proposalPerCourse - optionPerCourse;
  const fraction = proposalPerCourse > 0 ? savings / proposalPerCourse : 0;
  if (!Number.isFinite(savings) || savings <= 0) {
    return {
      shown: false,
      kind: 'not-cheaper',
      message: `Does not cost less than the proposal: ${money(-savings)} CNY more per course.`,
    };
  }
  if (savings < threshold.absolute && fraction < threshold.fraction) {
    return {
      shown: false,
      kind: 'below-display-threshold',
      message: `Saves ${money(savings)} CNY (${(fraction * 100).toFixed(1)}%), below the display threshold of ${threshold.absolute} CNY and ${threshold.fraction * 100}%.`,
    };
  }
  return { shown: true, savings, fraction };
}
