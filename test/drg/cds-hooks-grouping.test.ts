/** CDS Hooks feeds the grouper: secondary diagnoses from Condition, procedures from Procedure, days from Encounter. */
import { FhirIssues } from '../../src/adapters/cds-hooks/fhir-read';
import { fhirToCase, parseHookContext, flattenFhirValue } from '../../src/adapters/cds-hooks/fhir-to-case';
import { discoveryDocument } from '../../src/adapters/cds-hooks/services';
import { bundle, condition, fhirMappingConfig, hookRequest, nsclcOrders, nsclcPrefetch } from '../cds-hooks/helpers';

const config = fhirMappingConfig();

const procedure = (id: string, code: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Procedure',
  id,
  status: 'completed',
  subject: { reference: 'Patient/p1' },
  encounter: { reference: 'Encounter/e1' },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-9-cm', code }] },
  ...extra,
});

function toCase(prefetch: Record<string, unknown>) {
  const issues = new FhirIssues();
  const resources = Object.entries(prefetch).flatMap(([k, v]) =>
    flattenFhirValue(v as never, `prefetch.${k}`, 'request', issues),
  );
  const request = hookRequest('order-sign', nsclcOrders(), prefetch as never) as { context: unknown };
  return fhirToCase('order-sign', parseHookContext('order-sign', request.context), resources, config);
}

it('reads secondary diagnoses, the admission procedures and the days in hospital', () => {
  const prefetch = {
    ...(nsclcPrefetch() as Record<string, unknown>),
    conditions: bundle([condition('c1', 'C34.900x001'), condition('c2', 'I50.900')], 'searchset'),
    procedures: bundle(
      [
        procedure('p1', '99.2503'),
        procedure('p2', '99.2800x006', { encounter: { reference: 'Encounter/other' } }),
        procedure('p3', '89.52', { status: 'entered-in-error' }),
      ],
      'searchset',
    ),
  };
  const { case: kase } = toCase(prefetch);
  expect(kase?.patient.diagnoses[0]).toEqual({ code: 'C34.900x001', principal: true });
  expect(kase?.patient.comorbidities).toEqual([{ code: 'I50.900', system: 'icd-10' }]);
  expect(kase?.context.procedures).toEqual(['99.2503']);
  expect(kase?.context.daysInHospital).toBe(3);
});

it('leaves the procedures to the pack when the EMR sends none, and names a procedure without an ICD-9-CM-3 code', () => {
  const snomedOnly = {
    ...procedure('p1', 'x'),
    code: { coding: [{ system: 'http://snomed.info/sct', code: '367336001', display: 'Chemotherapy' }] },
  };
  const result = toCase({
    ...(nsclcPrefetch() as Record<string, unknown>),
    procedures: bundle([snomedOnly], 'searchset'),
  });
  expect(result.case?.context.procedures).toBeUndefined();
  expect(
    result.notAssessed.some((n) => n.code === '367336001' && /ICD-9-CM-3/.test(n.reason.en ?? String(n.reason))),
  ).toBe(true);
});

it('asks for Procedure resources in the discovery prefetch', () => {
  const services = discoveryDocument().services as { prefetch: Record<string, string> }[];
  for (const s of services)
    expect(Object.values(s.prefetch)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Procedure\?patient=\{\{context\.patientId\}\}/),
        expect.stringMatching(/^Condition\?patient=/),
        'Encounter/{{context.encounterId}}',
      ]),
    );
});
