import { HttpProblem } from '../../src/http/problem';
import { FhirIssues } from '../../src/adapters/cds-hooks/fhir-read';
import {
  type FhirToCaseConfig,
  type SourcedResource,
  fhirToCase,
  parseHookContext,
  flattenFhirValue,
} from '../../src/adapters/cds-hooks/fhir-to-case';
import {
  ATC,
  PRODUCT,
  bundle,
  codedObs,
  condition,
  encounter,
  fhirMappingConfig,
  hookRequest,
  medicationRequest,
  nsclcOrders,
  nsclcPrefetch,
  quantityObs,
  raOrders,
  raPrefetch,
  variantObs,
  SCORE,
  LOINC,
} from './helpers';

const config = fhirMappingConfig({
  serviceProviders: new Map([['Organization/branch', { hospitalTier: 'secondary', region: 'jiangsu' }]]),
  conditionPrefixes: ['C34', 'M05', 'M06'],
  insuranceTypes: ['urban-employee', 'urban-rural-resident'],
});

/** Flattens a prefetch object the way the router does, keys anywhere. */
function resources(prefetch: Record<string, unknown>): SourcedResource[] {
  const issues = new FhirIssues();
  const out = Object.entries(prefetch).flatMap(([k, v]) =>
    flattenFhirValue(v as never, `prefetch.${k}`, 'request', issues),
  );
  expect(issues.errors).toEqual([]);
  return out;
}

function map(request: Record<string, unknown>, cfg: FhirToCaseConfig = config) {
  return fhirToCase(
    request.hook as 'order-select',
    parseHookContext(request.hook as 'order-select', request.context),
    resources((request.prefetch as Record<string, unknown>) ?? {}),
    cfg,
  );
}

function badRequest(fn: () => unknown): HttpProblem {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HttpProblem);
    return e as HttpProblem;
  }
  throw new Error('expected an HttpProblem 400');
}

describe('FHIR R4 → internal Case (lung cancer, order-sign)', () => {
  const result = map(hookRequest('order-sign', nsclcOrders(), nsclcPrefetch()));
  const kase = result.case;

  it('produces a case with the draft orders as components, keeping the codes as sent', () => {
    expect(kase).not.toBeNull();
    expect(kase?.proposal.components.map((c) => [c.system, c.code, c.orderRef])).toEqual([
      ['atc', 'L01XE02', 'MedicationRequest/mr-gef'],
      ['atc', 'L01BA04', 'MedicationRequest/mr-pem'],
      ['atc', 'L01XA02', 'MedicationRequest/mr-carbo'],
    ]);
  });

  it('reads doses in UCUM: mg, mg/m2 and AUC', () => {
    expect(kase?.proposal.components.map((c) => c.dose)).toEqual([
      { value: 250, unit: 'mg' },
      { value: 500, unit: 'mg/m2' },
      { value: 5, unit: 'AUC' },
    ]);
  });

  it('takes the cycle from Timing.repeat: every 21 days, count 4 → 4 cycles of 21 days; the daily tablet runs every day of the cycle', () => {
    expect(kase?.proposal.cycleLengthDays).toBe(21);
    expect(kase?.proposal.cycles).toBe(4);
    const [gef, pem] = kase?.proposal.components ?? [];
    expect(pem?.administrationsPerCycle).toBe(1);
    expect(gef?.administrationsPerCycle).toBe(21);
    expect(gef?.timesPerAdministration).toBe(1);
    expect(gef?.route).toBe('oral');
    expect(pem?.route).toBe('iv');
  });

  it('reads the patient: age at the order date, sex, weight, height, creatinine converted from µmol/L, ECOG, stage', () => {
    const p = kase?.patient;
    expect(p?.ageYears).toBe(62);
    expect(p?.sex).toBe('male');
    expect(p?.weightKg).toEqual({ value: 68, date: '2026-11-20' });
    expect(p?.heightCm).toEqual({ value: 170, date: '2026-11-20' });
    expect(p?.serumCreatinineMgDl?.value).toBeCloseTo(79.6 / 88.42, 4);
    expect(p?.ecog).toEqual({ value: 1, date: '2026-11-20' });
    expect(p?.stage).toEqual({ value: 'IV', date: '2026-11-02' });
  });

  it('takes the Chinese clinical-edition code as the principal diagnosis and the rest as comorbidities', () => {
    expect(kase?.patient.diagnoses).toEqual([{ code: 'C34.900x001', principal: true }]);
    expect(kase?.patient.comorbidities).toEqual([{ code: 'I10', system: 'icd-10' }]);
  });

  it('takes inpatient from Encounter.class IMP, days in hospital from the period, tier and region from configuration, insurance from Coverage', () => {
    expect(kase?.context).toEqual({
      asOf: '2026-11-23',
      hospitalTier: 'tertiary',
      region: 'shanghai',
      setting: 'inpatient',
      daysInHospital: 3,
      insuranceType: 'urban-employee',
    });
  });
});

describe('FHIR R4 → internal Case (rheumatoid arthritis, order-select)', () => {
  const result = map(hookRequest('order-select', raOrders(), raPrefetch()));

  it('marks only the selected order as selected but assesses the whole combination', () => {
    expect(result.orders.map((o) => [o.ref, o.selected])).toEqual([
      ['MedicationRequest/mr-ada', true],
      ['MedicationRequest/mr-tofa', false],
    ]);
    expect(result.case?.proposal.components).toHaveLength(2);
  });

  it('reads twice daily as two tablets per administration and a 14-day injection as the cycle', () => {
    const [ada, tofa] = result.case?.proposal.components ?? [];
    expect(result.case?.proposal.cycleLengthDays).toBe(14);
    expect(result.case?.proposal.cycles).toBe(26);
    expect(ada).toMatchObject({ route: 'sc', administrationsPerCycle: 1, dose: { value: 40, unit: 'mg' } });
    expect(tofa).toMatchObject({ route: 'oral', timesPerAdministration: 2, administrationsPerCycle: 14 });
  });

  it('reads DAS28 current (most recent) and baseline from the project code system, ALT with its ULN, treatment week, outpatient', () => {
    const p = result.case?.patient;
    expect(p?.das28).toEqual({ value: { current: 4.6, baseline: 5.6, fallSinceBaseline: 1 }, date: '2026-11-20' });
    expect(p?.alt).toEqual({ value: { value: 35, upperLimitOfNormal: 40 }, date: '2026-11-20' });
    expect(p?.treatmentWeek).toBe(12);
    expect(p?.sex).toBe('female');
    expect(result.case?.context.setting).toBe('outpatient');
    expect(result.case?.context.daysInHospital).toBeUndefined();
  });

  it('answers nothing to assess when the selection is not a medication or device order', () => {
    const req = hookRequest(
      'order-select',
      [
        ...raOrders(),
        {
          resourceType: 'ServiceRequest',
          id: 'sr1',
          status: 'draft',
          intent: 'order',
          subject: { reference: 'Patient/p1' },
        },
      ],
      raPrefetch(),
    );
    (req.context as Record<string, unknown>).selections = ['ServiceRequest/sr1'];
    const r = map(req);
    expect(r.relevant).toBe(false);
    expect(r.case).toBeNull();
  });
});

describe('prefetch is read by resource type, never by key name', () => {
  it('gives the same case when every resource arrives under one odd key as a Bundle, or each as a single resource under random keys', () => {
    const request = hookRequest('order-sign', nsclcOrders(), nsclcPrefetch());
    const expected = map(request).case;
    const all = Object.values(nsclcPrefetch()).flatMap((v) => {
      if (v === null) return [];
      const value = v as { resourceType: string; entry?: { resource: unknown }[] };
      return value.resourceType === 'Bundle' ? (value.entry ?? []).map((e) => e.resource) : [value];
    });
    const oneBundle = map({ ...request, prefetch: { everything: bundle(all as never[]) } }).case;
    const singles = map({ ...request, prefetch: Object.fromEntries(all.map((r, i) => [`k${i}`, r])) }).case;
    expect(oneBundle).toEqual(expected);
    expect(singles).toEqual(expected);
  });
});

describe('observations: the most recent of each kind, with its date', () => {
  it('keeps the latest weight and the latest genomic result per gene, mapping HGNC ids to symbols', () => {
    const prefetch = {
      ...nsclcPrefetch(),
      weight: bundle([
        quantityObs('w-old', '29463-7', 80, 'kg', '2026-01-01'),
        quantityObs('w-new', '29463-7', 66000, 'g', '2026-11-21'),
      ]),
      'genomic-variants': bundle([
        variantObs('v1', 'HGNC:3236', false, undefined, '2026-01-10'),
        variantObs('v2', 'HGNC:3236', true, 'p.Leu858Arg', '2026-11-01'),
        variantObs('v3', 'HGNC:427', false),
      ]),
      her2: bundle([
        codedObs('her2', LOINC, '85319-2', { valueCodeableConcept: { coding: [{ system: LOINC, code: '2+' }] } }),
      ]),
    };
    const kase = map(hookRequest('order-sign', nsclcOrders(), prefetch)).case;
    expect(kase?.patient.weightKg).toEqual({ value: 66, date: '2026-11-21' });
    expect(kase?.patient.biomarkers).toEqual(
      expect.arrayContaining([
        { gene: 'EGFR', result: 'present', method: 'NGS', variant: 'p.Leu858Arg', date: '2026-11-01' },
        { gene: 'ALK', result: 'absent', method: 'NGS', date: '2026-11-01' },
        { gene: 'ERBB2', result: 'IHC 2+', method: 'IHC', date: '2026-11-20' },
      ]),
    );
    expect(kase?.patient.biomarkers.filter((b) => b.gene === 'EGFR')).toHaveLength(1);
  });

  it('reports an unknown gene and a weight in an unsupported unit as not assessed instead of dropping them', () => {
    const prefetch = {
      ...nsclcPrefetch(),
      weight: quantityObs('w', '29463-7', 150, '[stone_av]'),
      'genomic-variants': variantObs('v', 'HGNC:99999', true),
    };
    const r = map(hookRequest('order-sign', nsclcOrders(), prefetch));
    expect(r.case?.patient.weightKg).toBeUndefined();
    expect(r.notAssessed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ where: 'prefetch.weight' }),
        expect.objectContaining({ code: 'HGNC:99999', system: 'http://www.genenames.org/geneId' }),
      ]),
    );
  });
});

describe('codes', () => {
  it('prefers the product code over ATC when an order carries both, and reports a medication with no known code system', () => {
    const withProduct = medicationRequest({
      id: 'mr-x',
      code: 'L01BA04',
      dose: 500,
      unit: 'mg/m2',
      period: 21,
      periodUnit: 'd',
    });
    (withProduct.medicationCodeableConcept as { coding: unknown[] }).coding.push({
      system: PRODUCT,
      code: 'P-PEM-VBP',
    });
    const unknown = medicationRequest({ id: 'mr-y', code: '12345', system: 'http://example.org/local-drugs' });
    const r = map(hookRequest('order-sign', [withProduct, unknown], nsclcPrefetch()));
    expect(r.case?.proposal.components.map((c) => [c.system, c.code])).toEqual([['product', 'P-PEM-VBP']]);
    expect(r.notAssessed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: '12345',
          where: 'context.draftOrders.entry[1].resource.medicationCodeableConcept',
        }),
      ]),
    );
  });

  it('reads a hospital HIS code under the configured system and a device order as a device component', () => {
    const his = medicationRequest({
      id: 'mr-his',
      code: 'HIS-0042',
      system: 'urn:hospital-x:his',
      dose: 40,
      unit: 'mg',
    });
    const stent = {
      resourceType: 'DeviceRequest',
      id: 'dr-1',
      status: 'draft',
      intent: 'order',
      codeCodeableConcept: { coding: [{ system: 'urn:combo-cost-cds:device', code: 'DEV-DES' }] },
      subject: { reference: 'Patient/p1' },
    };
    const r = map(hookRequest('order-sign', [his, stent], nsclcPrefetch()), {
      ...config,
      hisSystem: 'urn:hospital-x:his',
    });
    expect(r.case?.proposal.components.map((c) => [c.system, c.code, c.route])).toEqual([
      ['his', 'HIS-0042', undefined],
      ['device', 'DEV-DES', 'device'],
    ]);
  });

  it('uses the order reason as the principal diagnosis when several pack conditions are recorded', () => {
    const orders = nsclcOrders();
    (orders[1] as Record<string, unknown>).reasonReference = [{ reference: 'Condition/cond-lung2' }];
    const prefetch = {
      ...nsclcPrefetch(),
      conditions: bundle([condition('cond-lung1', 'C34.1'), condition('cond-lung2', 'C34.3')]),
    };
    const kase = map(hookRequest('order-sign', orders, prefetch)).case;
    expect(kase?.patient.diagnoses).toEqual([
      { code: 'C34.3', principal: true },
      { code: 'C34.1', principal: false },
    ]);
  });
});

describe('context overrides and fallbacks', () => {
  it('overrides hospital tier and region by Encounter.serviceProvider', () => {
    const prefetch = { ...nsclcPrefetch(), encounter: encounter('IMP', '2026-11-20', 'Organization/branch') };
    expect(map(hookRequest('order-sign', nsclcOrders(), prefetch)).case?.context).toMatchObject({
      hospitalTier: 'secondary',
      region: 'jiangsu',
    });
  });

  it('uses today in the service time zone when no order has authoredOn, and says so when there is no encounter', () => {
    const orders = nsclcOrders().map((o) => ({ ...o, authoredOn: undefined }));
    const { encounter: _e, ...prefetch } = nsclcPrefetch();
    const r = map(hookRequest('order-sign', orders, prefetch), { ...config, now: new Date('2026-11-23T17:30:00Z') });
    expect(r.case?.context.asOf).toBe('2026-11-24'); // 01:30 next day in Shanghai
    expect(r.case?.context.setting).toBe('outpatient');
    expect(r.notAssessed).toEqual(expect.arrayContaining([expect.objectContaining({ where: 'Encounter' })]));
  });

  it('reads our own score codes for risk category and lesion complexity', () => {
    const prefetch = {
      ...nsclcPrefetch(),
      scores: bundle([
        codedObs('r', SCORE, 'risk-category', {
          valueCodeableConcept: { coding: [{ system: SCORE, code: 'adverse' }] },
        }),
        codedObs('l', SCORE, 'lesion-complexity', { valueString: 'complex' }),
      ]),
    };
    const p = map(hookRequest('order-sign', nsclcOrders(), prefetch)).case?.patient;
    expect(p?.riskCategory).toBe('adverse');
    expect(p?.lesionComplexity).toBe('complex');
  });
});

describe('malformed FHIR → 400 naming the FHIR path', () => {
  it('names the dose value path when the dose is not a number', () => {
    const orders = nsclcOrders();
    (
      (orders[1] as { dosageInstruction: { doseAndRate: { doseQuantity: { value: unknown } }[] }[] })
        .dosageInstruction[0] as { doseAndRate: { doseQuantity: { value: unknown } }[] }
    ).doseAndRate[0]!.doseQuantity.value = 'five hundred';
    const p = badRequest(() => map(hookRequest('order-sign', orders, nsclcPrefetch())));
    expect(p.status).toBe(400);
    expect(p.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          pointer: 'context.draftOrders.entry[1].resource.dosageInstruction[0].doseAndRate[0].doseQuantity.value',
        }),
      ]),
    );
  });

  it('names doseAndRate when it is an object instead of an R4 array', () => {
    const orders = nsclcOrders();
    const dosage = (orders[0] as { dosageInstruction: Record<string, unknown>[] }).dosageInstruction[0] as Record<
      string,
      unknown
    >;
    dosage.doseAndRate = { doseQuantity: { value: 250, unit: 'mg' } };
    const p = badRequest(() => map(hookRequest('order-sign', orders, nsclcPrefetch())));
    expect(p.errors?.map((e) => e.pointer)).toContain(
      'context.draftOrders.entry[0].resource.dosageInstruction[0].doseAndRate',
    );
  });

  it('names a prefetched observation with a string value and a selection that is not among the draft orders, in one answer', () => {
    const req = hookRequest('order-select', nsclcOrders(), {
      ...nsclcPrefetch(),
      weight: bundle([{ ...quantityObs('w', '29463-7', 1, 'kg'), valueQuantity: { value: '68', unit: 'kg' } }]),
    });
    (req.context as Record<string, unknown>).selections = ['MedicationRequest/nope'];
    const p = badRequest(() => map(req));
    expect(p.errors?.map((e) => e.pointer)).toEqual(
      expect.arrayContaining(['prefetch.weight.entry[0].resource.valueQuantity.value', 'context.selections[0]']),
    );
  });

  it('requires patientId and a draftOrders Bundle', () => {
    const p = badRequest(() =>
      parseHookContext('order-sign', { userId: 'Practitioner/1', draftOrders: { resourceType: 'Patient' } }),
    );
    expect(p.errors?.map((e) => e.pointer)).toEqual(
      expect.arrayContaining(['context.patientId', 'context.draftOrders.resourceType']),
    );
  });

  it("reports malformed data the service fetched itself as not assessed, not as the client's 400", () => {
    const req = hookRequest('order-sign', nsclcOrders(), undefined);
    const fetched: SourcedResource[] = [
      {
        resource: { ...quantityObs('w', '29463-7', 1, 'kg'), valueQuantity: { value: 'x' } } as never,
        path: 'fhirServer:weight',
        origin: 'fhir-server',
      },
    ];
    const r = fhirToCase('order-sign', parseHookContext('order-sign', req.context), fetched, config);
    expect(r.case).not.toBeNull();
    expect(r.notAssessed).toEqual(
      expect.arrayContaining([expect.objectContaining({ where: 'fhirServer:weight.valueQuantity.value' })]),
    );
  });
});

it('accepts an old ATC code as sent (the pack resolves aliases)', () => {
  const r = map(
    hookRequest('order-sign', [medicationRequest({ id: 'a', code: 'L01XE02', system: ATC })], nsclcPrefetch()),
  );
  expect(r.case?.proposal.components[0]).toMatchObject({ system: 'atc', code: 'L01XE02' });
});
