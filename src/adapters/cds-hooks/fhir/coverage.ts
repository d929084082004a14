/** Coverage → the insurance scheme (a Coverage.type the payer policy knows), for the out-of-pocket cost. */
import type { CaseContext } from '../../../domain/case';
import { child, optString, readCodeableConcept } from '../fhir-read';
import { type Reading, firstCoding, t } from './reading';
import type { SourcedResource } from './types';

export function readCoverage(coverages: readonly SourcedResource[], ctx: CaseContext, reading: Reading): void {
  const { config } = reading;
  for (const r of coverages) {
    const issues = reading.issuesFor(r);
    const status = optString(r.resource, 'status', r.path, issues);
    if (status && status !== 'active') continue;
    const cc = readCodeableConcept(r.resource.type, child(r.path, 'type'), issues);
    // Any system: a scheme id the payer policy lists is read whether or not it carries SYSTEMS.insuranceType.
    const known = cc?.codings.find((c) => c.code && config.insuranceTypes.includes(c.code));
    if (known?.code) {
      ctx.insuranceType = known.code;
      return;
    }
    reading.notAssessed.push({
      ...firstCoding(cc?.codings),
      where: child(r.path, 'type'),
      reason: t(
        'Coverage type is not an insurance scheme the payer policy knows; out-of-pocket cost not assessed.',
        '医保类型不在支付政策范围内；未评估自付费用。',
      ),
    });
  }
}
