/**
 * The last guard before a dose or a cost reaches an answer: every dose per administration is a
 * finite amount above zero and every cost is finite and not negative. Plausibility ranges should
 * have stopped the inputs that lead here; if anything still slips through, the case is refused
 * with the component that failed (HTTP 422, a batch slot, a not-assessed line), never answered.
 */
import { UnresolvableCaseError } from '../core/pipeline-issue';
import type { DrugCosting } from './cost-regimen';

export function assertPlausibleCosting(drugs: DrugCosting): void {
  const errors = drugs.components.flatMap((p) => {
    const dose = p.dose.perAdministration;
    const costs = [p.costPerCourse, ...p.phases.map((ph) => ph.costPerCycle)];
    if (Number.isFinite(dose) && dose > 0 && costs.every((c) => Number.isFinite(c) && c >= 0)) return [];
    return [
      {
        pointer: p.component.pointer,
        code: 'implausible-dose',
        message: `the dose of ${p.component.drug.name.en} comes out as ${dose} ${p.dose.unit} per administration (${p.dose.calculation}); check the patient's measures and the order`,
      },
    ];
  });
  if (errors.length > 0) throw new UnresolvableCaseError(errors);
}
