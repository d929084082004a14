/**
 * fast-check generators of hostile request bodies, shared by the jest fuzz test and the long
 * run (`npm run fuzz`). Each produces the raw body text, so bodies can carry what
 * JSON.stringify would never write: duplicate and `__proto__` keys, malformed JSON, deep nesting.
 */
import fc from 'fast-check';
import {
  ADALIMUMAB,
  CARBOPLATIN,
  EGFR_EXON19,
  GEFITINIB,
  METHOTREXATE,
  PEMETREXED,
  nsclcChemoTargeted,
  raCase,
} from '../support/cases';

export interface FuzzBody {
  kind: string;
  text: string;
}

const weird = fc.oneof(
  fc.constant(1e308),
  fc.constant(-1e308),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
  fc.constant(-0),
  fc.constant(5e-324),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant('x'.repeat(100_000)),
  fc.constant('\u0000\uFFFF\uD800'),
  fc.constant('𝕏💊药品'.repeat(50)),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.constant('2026-02-30'),
  fc.constant('9999-99-99'),
);

/** Any JSON value, objects with arbitrary (also dangerous) keys. */
const keys = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'patient',
    'proposal',
    'context',
    'cases',
    'hook',
    'context',
    'prefetch',
  ),
);
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, weird, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(keys, tie('value'), { maxKeys: 6 }),
})).value;

/** Text with `__proto__` / `constructor` members that JSON.parse keeps as own properties. */
function withProtoKeys(base: unknown, payload: unknown): string {
  const inner = JSON.stringify(base);
  const extra = `"__proto__":${JSON.stringify(payload)},"constructor":{"prototype":${JSON.stringify(payload)}}`;
  if (inner.startsWith('{') && inner.length > 2) return `{${extra},${inner.slice(1)}`;
  if (inner === '{}') return `{${extra}}`;
  return inner;
}

function deepNest(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Mostly a valid value, sometimes a hostile one. */
const mostly = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> =>
  fc.oneof({ weight: 24, arbitrary: valid }, { weight: 1, arbitrary: weird });

const codes = fc.oneof(
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      'L01EB01',
      'L01BA04',
      'L01XA02',
      'L01FF02',
      'L04AB04',
      'L04AX03',
      'B03BB01',
      'L01CD01',
      'L01FG01',
      'P-GEFITINIB-VBP-250',
      'C34.900x001',
      'M05.9',
      'ZZZ',
      '',
      '../../etc/passwd',
      '__proto__',
      'constructor',
    ),
  },
);

/** Structurally valid assessment requests (the real builders) with random codes, numbers and options. */
export const validShapedRequest: fc.Arbitrary<unknown> = fc
  .record({
    base: fc.constantFrom('nsclc', 'ra'),
    drugCodes: fc.array(codes, { minLength: 1, maxLength: 4 }),
    system: fc.constantFrom('atc', 'product', 'his', 'rxnorm', 'device', undefined),
    dx: codes,
    age: mostly(fc.integer({ min: 0, max: 130 })),
    weight: mostly(fc.double({ min: 0.1, max: 500, noNaN: true })),
    creatinine: mostly(fc.double({ min: 0.01, max: 30, noNaN: true })),
    dose: mostly(fc.double({ min: 0.001, max: 1_000_000, noNaN: true })),
    unit: fc.constantFrom('mg', 'mg/m2', 'mg/kg', 'AUC', 'µg', 'IU', 'unit', 'dose'),
    cycles: mostly(fc.integer({ min: 1, max: 60 })),
    setting: fc.constantFrom('inpatient', 'outpatient'),
    tier: fc.constantFrom('tertiary', 'secondary', 'primary'),
    asOf: fc.oneof(
      { weight: 8, arbitrary: fc.constant('2026-11-23') },
      { weight: 1, arbitrary: fc.constantFrom('1900-01-01', '2026-02-29', '2099-12-31') },
      { weight: 1, arbitrary: weird },
    ),
    biomarker: fc.boolean(),
    extraKey: fc.oneof(
      { weight: 9, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.tuple(keys, weird) },
    ),
  })
  .map((v) => {
    const comps = v.drugCodes.map((code, i) => {
      const template = [GEFITINIB, PEMETREXED, CARBOPLATIN, ADALIMUMAB, METHOTREXATE][i % 5] as Record<string, unknown>;
      return {
        ...template,
        code,
        ...(v.system ? { system: v.system } : {}),
        ...(i === 0 ? { dose: { value: v.dose, unit: v.unit } } : {}),
      };
    });
    const req = (v.base === 'nsclc'
      ? nsclcChemoTargeted(
          {
            age: v.age as number,
            weight: { value: v.weight as number, unit: 'kg' },
            serumCreatinine: { value: v.creatinine as number, unit: 'mg/dL' },
            biomarkers: v.biomarker ? [{ ...EGFR_EXON19 }] : [],
          } as never,
          { setting: v.setting, hospitalTier: v.tier, asOf: v.asOf as string },
        )
      : raCase(
          { age: v.age as number, diagnoses: [{ code: v.dx as string, principal: true }] } as never,
          comps as never,
        )) as unknown as Record<string, Record<string, unknown>>;
    if (v.base === 'nsclc') req.proposal = { components: comps, cycles: v.cycles };
    if (v.extraKey) (req.patient as Record<string, unknown>)[v.extraKey[0]] = v.extraKey[1];
    return req;
  });

/** Bodies for POST /v1/assessments. */
export function assessmentBodies(): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    anyJson.map((v) => ({ kind: 'any-json', text: JSON.stringify(v) ?? 'null' })),
    validShapedRequest.map((v) => ({ kind: 'valid-shaped', text: JSON.stringify(v) })),
    fc.tuple(validShapedRequest, anyJson).map(([v, p]) => ({ kind: 'proto-keys', text: withProtoKeys(v, p) })),
    fc.string({ maxLength: 200 }).map((s) => ({ kind: 'malformed', text: s })),
    fc
      .tuple(fc.integer({ min: 100, max: 5000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
      .map(([d, k]) => ({ kind: 'deep-nesting', text: deepNest(d, k) })),
    fc
      .tuple(validShapedRequest, fc.integer({ min: 1, max: 200 }))
      .map(([v, cut]) => ({ kind: 'truncated', text: JSON.stringify(v).slice(0, -cut) })),
  );
}

/** Bodies for POST /v1/assessments/batch. */
export function batchBodies(): fc.Arbitrary<FuzzBody> {
  return fc.oneof(
    anyJson.map((v) => ({ kind: 'any-json', text: JSON.stringify(v) ?? 'null' })),
    fc
      .array(fc.oneof(validShapedRequest, anyJson), { minLength: 0, maxLength: 6 })
      .map((cases) => ({ kind: 'mixed-cases', text: JSON.stringify({ cases }) })),
    fc.tuple(fc.array(validShapedRequest, { minLength: 1, maxLength: 3 }), anyJson).map(([cases, p]) => ({
      kind: 'proto-keys',
      text: withProtoKeys({ cases: cases.map((c) => JSON.parse(withProtoKeys(c, p)) as unknown) }, p),
    })),
    fc
      .constantFrom(1001, 5000)
      .map((n) => ({ kind: 'too-many', text: JSON.stringify({ cases: Array.from({ length: n }, () => ({})) }) })),
    fc.string({ maxLength: 200 }).map((s) => ({ kind: 'malformed', text: `{"cases":[${s}` })),
  );
}

/** Bodies for POST /cds-services/{id}: random values and valid-shaped hook requests with random codes. */
export function cdsBodies(): fc.Arbitrary<FuzzBody> {
  const hookRequest = fc
    .record({
      hook: fc.oneof(
        { weight: 9, arbitrary: fc.constant('order-sign') },
        { weight: 1, arbitrary: fc.constantFrom('order-select', 'patient-view', '') },
      ),
      code: codes,
      system: fc.oneof(
        { weight: 4, arbitrary: fc.constant('http://www.whocc.no/atc') },
        { weight: 1, arbitrary: fc.constantFrom('urn:combo-cost-cds:product', 'http://loinc.org', 'x') },
      ),
      dose: mostly(fc.double({ min: 0.001, max: 100_000, noNaN: true })),
      obs: mostly(fc.double({ min: 0.001, max: 1000, noNaN: true })),
      birthDate: mostly(fc.constantFrom('1960-01-01', '2020-02-29', '1900-12-31')),
      extra: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: anyJson }),
    })
    .map((v) => ({
      hook: v.hook,
      hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
      context: {
        userId: 'Practitioner/1',
        patientId: 'p1',
        draftOrders: {
          resourceType: 'Bundle',
          entry: [
            {
              resource: {
                resourceType: 'MedicationRequest',
                id: 'm1',
                status: 'draft',
                intent: 'order',
                subject: { reference: 'Patient/p1' },
                medicationCodeableConcept: { coding: [{ system: v.system, code: v.code }] },
                dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: v.dose, unit: 'mg' } }] }],
              },
            },
            ...(v.extra === undefined ? [] : [{ resource: v.extra }]),
          ],
        },
      },
      prefetch: {
        patient: { resourceType: 'Patient', id: 'p1', birthDate: v.birthDate, gender: 'female' },
        observations: {
          resourceType: 'Bundle',
          entry: [
            {
              resource: {
                resourceType: 'Observation',
                status: 'final',
                code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
                valueQuantity: { value: v.obs, unit: 'kg' },
              },
            },
          ],
        },
        conditions:
          v.extra === undefined
            ? {
                resourceType: 'Bundle',
                entry: [
                  {
                    resource: {
                      resourceType: 'Condition',
                      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'C34.900x001' }] },
                      subject: { reference: 'Patient/p1' },
                    },
                  },
                ],
              }
            : v.extra,
      },
    }));
  return fc.oneof(
    anyJson.map((v) => ({ kind: 'any-json', text: JSON.stringify(v) ?? 'null' })),
    hookRequest.map((v) => ({ kind: 'valid-shaped', text: JSON.stringify(v) })),
    fc.tuple(hookRequest, anyJson).map(([v, p]) => ({ kind: 'proto-keys', text: withProtoKeys(v, p) })),
    fc.string({ maxLength: 200 }).map((s) => ({ kind: 'malformed', text: s })),
    fc
      .tuple(fc.integer({ min: 100, max: 5000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
      .map(([d, k]) => ({ kind: 'deep-nesting', text: deepNest(d, k) })),
  );
}

/** The answer is acceptable: never 5xx; every 4xx is application/problem+json with a matching status. */
export function checkAnswer(status: number, contentType: string | undefined, body: unknown): string | null {
  if (status >= 500) return `status ${status}`;
  if (status >= 400) {
    if (!contentType || !contentType.startsWith('application/problem+json'))
      return `${status} with content-type ${contentType ?? 'none'}`;
    const b = body as { status?: unknown; title?: unknown; type?: unknown } | null;
    if (!b || b.status !== status || typeof b.title !== 'string')
      return `${status} problem body malformed: ${JSON.stringify(body).slice(0, 200)}`;
  }
  return null;
}
