/**
 * Shared test material for the CDS Hooks adapter: schema validators written from the CDS Hooks
 * 2.0 specification, an independent FHIR R4 validator (FHIR.js, npm `fhir`), FHIR builders for
 * the lung-cancer and rheumatoid-arthritis cases, and a hand-written Assessment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Fhir } from 'fhir';
import type { FhirToCaseConfig } from '../../src/adapters/cds-hooks/fhir-to-case';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import type { components } from '../../src/generated/api';
import type { AppContext } from '../../src/http/app-context';
import type { KnowledgePack } from '../../src/knowledge/types';
import { createMetrics } from '../../src/observability/metrics';

export type Assessment = components['schemas']['Assessment'];
type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// CDS Hooks JSON Schemas

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
addFormats(ajv);
const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', name), 'utf8')) as object;
export const validateDiscovery = ajv.compile(schema('discovery.schema.json'));
export const validateResponse = ajv.compile(schema('response.schema.json'));
export const validateFeedbackRequest = ajv.compile(schema('feedback.schema.json'));

export function schemaErrors(validate: { (data: unknown): boolean; errors?: unknown }, data: unknown): string[] {
  return validate(data)
    ? []
    : ((validate.errors as { instancePath: string; message?: string }[] | null | undefined) ?? []).map(
        (e) => `${e.instancePath} ${e.message ?? ''}`,
      );
}

// ---------------------------------------------------------------------------------------------
// Independent FHIR R4 validation

const fhir = new Fhir();

/** Errors from FHIR.js (R4 structure definitions); unexpected properties count as errors too. */
export function fhirR4Errors(resource: unknown): string[] {
  const result = fhir.validate(resource as never) as {
    valid: boolean;
    messages?: { location?: string; severity?: string; message?: string }[];
  };
  return (result.messages ?? [])
    .filter((m) => m.severity === 'error' || /Unexpected property/.test(m.message ?? ''))
    .map((m) => `${m.location ?? ''}: ${m.message ?? ''}`);
}

// ---------------------------------------------------------------------------------------------
// FHIR builders

export const LOINC = 'http://loinc.org';
export const ATC = 'http://www.whocc.no/atc';
export const PRODUCT = 'urn:combo-cost-cds:product';
export const SCORE = 'urn:combo-cost-cds:score';
export const UCUM = 'http://unitsofmeasure.org';

export function patient(birthDate = '1964-05-10', gender = 'male'): Json {
  return { resourceType: 'Patient', id: 'p1', birthDate, gender };
}

export function quantityObs(
  id: string,
  loinc: string,
  value: number,
  unit: string,
  date = '2026-11-20',
  extra: Json = {},
): Json {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code: loinc }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: date,
    valueQuantity: { value, unit, system: UCUM, code: unit },
    ...extra,
  };
}

export function codedObs(id: string, system: string, code: string, value: Json, date = '2026-11-20'): Json {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system, code }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: date,
    ...value,
  };
}

export function variantObs(id: string, hgnc: string, present: boolean, aminoAcid?: string, date = '2026-11-01'): Json {
  const component: Json[] = [
    {
      code: { coding: [{ system: LOINC, code: '48018-6' }] },
      valueCodeableConcept: { coding: [{ system: 'http://www.genenames.org/geneId', code: hgnc }] },
    },
  ];
  if (aminoAcid)
    component.push({
      code: { coding: [{ system: LOINC, code: '48005-3' }] },
      valueCodeableConcept: { coding: [{ system: 'http://varnomen.hgvs.org', code: aminoAcid }] },
    });
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code: '69548-6' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: date,
    valueCodeableConcept: { coding: [{ system: LOINC, code: present ? 'LA9633-4' : 'LA9634-2' }] },
    component,
  };
}

export function condition(id: string, icd10: string): Json {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: icd10 }] },
    subject: { reference: 'Patient/p1' },
  };
}

export function encounter(cls: 'IMP' | 'AMB', start = '2026-11-20', serviceProvider = 'Organization/h1'): Json {
  return {
    resourceType: 'Encounter',
    id: 'e1',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: cls },
    subject: { reference: 'Patient/p1' },
    period: { start },
    serviceProvider: { reference: serviceProvider },
  };
}

export function coverage(type = 'urban-employee'): Json {
  return {
    resourceType: 'Coverage',
    id: 'c1',
    status: 'active',
    type: { coding: [{ system: 'urn:combo-cost-cds:insurance-type', code: type }] },
    beneficiary: { reference: 'Patient/p1' },
    payor: [{ display: 'Municipal medical insurance' }],
  };
}

export interface MedOrder {
  id: string;
  code: string;
  system?: string;
  dose?: number;
  unit?: string;
  route?: string; // SNOMED route code
  period?: number;
  periodUnit?: string;
  frequency?: number;
  count?: number;
  authoredOn?: string;
}

export function medicationRequest(o: MedOrder): Json {
  const repeat: Json = {};
  if (o.frequency !== undefined) repeat.frequency = o.frequency;
  if (o.period !== undefined) repeat.period = o.period;
  if (o.periodUnit !== undefined) repeat.periodUnit = o.periodUnit;
  if (o.count !== undefined) repeat.count = o.count;
  const dosage: Json = {};
  if (Object.keys(repeat).length > 0) dosage.timing = { repeat };
  if (o.route) dosage.route = { coding: [{ system: 'http://snomed.info/sct', code: o.route }] };
  if (o.dose !== undefined)
    dosage.doseAndRate = [
      { doseQuantity: { value: o.dose, unit: o.unit ?? 'mg', system: UCUM, code: o.unit ?? 'mg' } },
    ];
  return {
    resourceType: 'MedicationRequest',
    id: o.id,
    status: 'draft',
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: o.system ?? ATC, code: o.code }] },
    subject: { reference: 'Patient/p1' },
    encounter: { reference: 'Encounter/e1' },
    authoredOn: o.authoredOn ?? '2026-11-23',
    requester: { reference: 'Practitioner/dr1' },
    dosageInstruction: [dosage],
  };
}

export function bundle(resources: Json[], type = 'collection'): Json {
  return { resourceType: 'Bundle', type, entry: resources.map((resource) => ({ resource })) };
}

export const IV = '47625008';
export const ORAL = '26643006';
export const SC = '34206005';

/** Adalimumab 40 mg SC every 14 days for a year (26 doses), the RA order most CDS tests start from. */
export function adalimumabOrder(overrides: Partial<MedOrder> = {}): Json {
  return medicationRequest({
    id: 'mr-ada',
    code: 'L04AB04',
    dose: 40,
    unit: 'mg',
    route: SC,
    frequency: 1,
    period: 14,
    periodUnit: 'd',
    count: 26,
    ...overrides,
  });
}

/** Advanced NSCLC, gefitinib + pemetrexed + carboplatin ordered without an EGFR result (OpenAPI example, in FHIR). */
export function nsclcOrders(): Json[] {
  return [
    medicationRequest({
      id: 'mr-gef',
      code: 'L01XE02',
      dose: 250,
      unit: 'mg',
      route: ORAL,
      frequency: 1,
      period: 1,
      periodUnit: 'd',
    }),
    medicationRequest({
      id: 'mr-pem',
      code: 'L01BA04',
      dose: 500,
      unit: 'mg/m2',
      route: IV,
      frequency: 1,
      period: 21,
      periodUnit: 'd',
      count: 4,
    }),
    medicationRequest({
      id: 'mr-carbo',
      code: 'L01XA02',
      dose: 5,
      unit: '{AUC}',
      route: IV,
      frequency: 1,
      period: 21,
      periodUnit: 'd',
      count: 4,
    }),
  ];
}

export function nsclcPrefetch(): Json {
  return {
    patient: patient('1964-05-10', 'male'),
    conditions: bundle([condition('cond-1', 'C34.900x001'), condition('cond-2', 'I10')], 'searchset'),
    encounter: encounter('IMP', '2026-11-20'),
    coverage: bundle([coverage()], 'searchset'),
    weight: bundle([quantityObs('w1', '29463-7', 68, 'kg')], 'searchset'),
    height: bundle([quantityObs('h1', '8302-2', 170, 'cm')], 'searchset'),
    creatinine: bundle([quantityObs('cr1', '14682-9', 79.6, 'umol/L')], 'searchset'),
    ecog: bundle([codedObs('ecog1', LOINC, '89247-1', { valueInteger: 1 })], 'searchset'),
    stage: bundle(
      [codedObs('st1', LOINC, '21908-9', { valueCodeableConcept: { text: 'Stage IV' } }, '2026-11-02')],
      'searchset',
    ),
    procedures: bundle([], 'searchset'),
    'reproductive-status': bundle([], 'searchset'),
    'genomic-variants': null,
    her2: null,
    egfr: null,
    alt: null,
    hba1c: null,
    allergies: null,
    scores: null,
  };
}

/** Rheumatoid arthritis: adalimumab (biosimilar candidate) + tofacitinib, outpatient. */
export function raOrders(): Json[] {
  return [
    adalimumabOrder(),
    medicationRequest({
      id: 'mr-tofa',
      code: 'L04AA29',
      dose: 5,
      unit: 'mg',
      route: ORAL,
      frequency: 2,
      period: 1,
      periodUnit: 'd',
    }),
  ];
}

export function raPrefetch(): Json {
  return {
    patient: patient('1972-03-01', 'female'),
    conditions: bundle([condition('cond-ra', 'M05.9')], 'searchset'),
    encounter: encounter('AMB', '2026-11-23'),
    coverage: bundle([coverage()], 'searchset'),
    alt: bundle(
      [
        quantityObs('alt1', '1742-6', 35, 'U/L', '2026-11-20', {
          referenceRange: [{ high: { value: 40, unit: 'U/L', system: UCUM, code: 'U/L' } }],
        }),
      ],
      'searchset',
    ),
    // Methotrexate's label limits: renal function (creatinine, weight) and pregnancy/breastfeeding status are recorded.
    creatinine: bundle([quantityObs('cr1', '2160-0', 0.8, 'mg/dL', '2026-11-20')], 'searchset'),
    weight: bundle([quantityObs('w1', '29463-7', 60, 'kg', '2026-11-20')], 'searchset'),
    'reproductive-status': bundle(
      [
        codedObs('preg', 'http://loinc.org', '82810-3', {
          valueCodeableConcept: {
            coding: [{ system: 'http://loinc.org', code: 'LA26683-5', display: 'Not pregnant' }],
          },
        }),
        codedObs('bf', 'http://loinc.org', '63895-7', {
          valueCodeableConcept: {
            coding: [{ system: 'http://loinc.org', code: 'LA29253-4', display: 'Not currently breastfeeding' }],
          },
        }),
      ],
      'searchset',
    ),
    scores: bundle(
      [
        codedObs('das-now', SCORE, 'das28', { valueQuantity: { value: 4.6 } }, '2026-11-20'),
        codedObs('das-old', SCORE, 'das28', { valueQuantity: { value: 5.9 } }, '2026-08-20'),
        codedObs('das-base', SCORE, 'das28-baseline', { valueQuantity: { value: 5.6 } }, '2026-08-28'),
        codedObs('week', SCORE, 'treatment-week', { valueInteger: 12 }, '2026-11-20'),
      ],
      'searchset',
    ),
    height: null,
    egfr: null,
    hba1c: null,
    ecog: null,
    stage: null,
    'genomic-variants': null,
    her2: null,
    allergies: null,
  };
}

export function hookRequest(
  hook: 'order-select' | 'order-sign',
  orders: Json[],
  prefetch: Json | undefined,
  extra: Json = {},
): Json {
  const context: Json = { userId: 'Practitioner/dr1', patientId: 'p1', encounterId: 'e1', draftOrders: bundle(orders) };
  if (hook === 'order-select')
    context.selections = orders.map((o) => `${String(o.resourceType)}/${String(o.id)}`).slice(0, 1);
  return {
    hook,
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    context,
    ...(prefetch ? { prefetch } : {}),
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// A hand-written assessment (shape of components['schemas']['Assessment'])

const money = (n: number) => Math.round(n * 100) / 100;

function costEstimate(perCycle: number, cycles: number, components: Json[]): Assessment['expectedCost'] {
  const breakdown = {
    drugAcquisition: money(perCycle * 0.8),
    supportiveDrugs: 0,
    administration: money(perCycle * 0.05),
    monitoring: money(perCycle * 0.05),
    adverseEventManagement: money(perCycle * 0.05),
    hospitalStay: money(perCycle * 0.05),
  };
  const scale = (b: typeof breakdown, k: number) =>
    Object.fromEntries(Object.entries(b).map(([key, v]) => [key, money(v * k)])) as typeof breakdown;
  return {
    currency: 'CNY',
    method: 'pack-average',
    cycles,
    cycleLengthDays: 21,
    perCycle,
    perAdmission: perCycle,
    perCourse: money(perCycle * cycles),
    breakdownPerCycle: breakdown,
    breakdownPerCourse: scale(breakdown, cycles),
    components: components as Assessment['expectedCost']['components'],
    interval: { lower: money(perCycle * cycles * 0.9), upper: money(perCycle * cycles * 1.15), level: 0.8 },
    assumptions: ['BSA 1.79 m² by Mosteller from 68 kg and 170 cm'],
  };
}

export function componentCost(
  drug: string,
  drugName: string,
  product: string,
  productName: string,
  dose: { perAdministration: number; unit: string; basis?: string },
  costPerCycle: number,
): Json {
  return {
    drug: { code: drug, name: { en: drugName, zh: drugName } },
    product: {
      code: product,
      name: { en: productName, zh: `${productName}（中文）` },
      kind: 'generic',
      procurement: 'national-vbp',
      unitPrice: 100,
      priceBasis: 'illustrative',
    },
    role: 'therapeutic',
    dose: {
      basis: dose.basis ?? 'flat',
      ordered: dose.perAdministration,
      perAdministration: dose.perAdministration,
      unit: dose.unit,
      calculation: `${dose.perAdministration} ${dose.unit}`,
    },
    unitsPerAdministration: 1,
    administrationsPerCycle: 1,
    costPerCycle,
    wastage: { amount: 0, cost: 0 },
  };
}

const SOURCE = 'csco-nsclc-2024';

/** The assessment's citation table for the sources the fixture cites. */
const CITATIONS = {
  [SOURCE]: {
    kind: 'guideline',
    citation: 'CSCO Guidelines for non-small-cell lung cancer 2024, EGFR testing',
    url: 'https://example.org/csco-nsclc',
  },
  'drg-illustrative': { kind: 'illustrative', citation: 'Illustrative CHS-DRG tariff (digest)' },
  'nhsa-vbp': {
    kind: 'policy',
    citation: 'National volume-based procurement, batch 2',
    url: 'https://example.org/vbp',
  },
};

export function nsclcAssessment(overrides: Partial<Assessment> = {}): Assessment {
  const proposalComponents = [
    componentCost('L01EB01', 'gefitinib', 'P-GEF-ORIG', 'Iressa 250 mg', { perAdministration: 250, unit: 'mg' }, 5000),
    componentCost(
      'L01BA04',
      'pemetrexed',
      'P-PEM-ORIG',
      'Alimta 500 mg vial',
      { perAdministration: 895, unit: 'mg', basis: 'mg/m2' },
      9000,
    ),
    componentCost(
      'L01XA02',
      'carboplatin',
      'P-CARBO',
      'Carboplatin 450 mg vial',
      { perAdministration: 600, unit: 'mg', basis: 'auc' },
      800,
    ),
  ];
  const alternativeComponents = [
    proposalComponents[0] as Json,
    componentCost(
      'L01BA04',
      'pemetrexed',
      'P-PEM-VBP',
      'Pemetrexed (VBP) 500 mg vial',
      { perAdministration: 895, unit: 'mg', basis: 'mg/m2' },
      1200,
    ),
    proposalComponents[2] as Json,
  ];
  const a = {
    outcome: { qalys: 0.6, method: 'pack-average', horizonMonths: 12 },
    regimen: {
      status: 'matched',
      id: 'nsclc-pemetrexed-carboplatin',
      name: { en: 'Pemetrexed + carboplatin', zh: '培美曲塞+卡铂' },
      source: SOURCE,
      deviations: [
        {
          kind: 'extra-component',
          drug: 'L01EB01',
          severity: 'warning',
          message: {
            en: 'Gefitinib is not part of the pemetrexed + carboplatin protocol.',
            zh: '吉非替尼不在培美曲塞+卡铂方案内。',
          },
        },
      ],
    },
    expectedCost: costEstimate(14800, 4, proposalComponents),
    drg: {
      applicable: true,
      reason: 'Inpatient chemotherapy admission',
      system: 'CHS-DRG',
      group: {
        code: 'RE19',
        name: { en: 'Chemotherapy for malignancy', zh: '恶性肿瘤化疗' },
        codeIllustrative: true,
        determinedBy: 'pack-mapping',
        inputsUsed: {},
      },
      paymentStandard: {
        amount: 12000,
        formula: '10000 × 1.0 × 1.2',
        baseRate: 10000,
        relativeWeight: 1,
        tierCoefficient: 1.2,
        tier: 'tertiary',
      },
      admissionCost: { incurred: 0, expected: 14800, carvedOut: 0, total: 14800 },
      margin: -2800,
      overspend: { level: 'over-threshold', fraction: 0.233, threshold: 0.1 },
      source: 'drg-illustrative',
    },
    approval: {
      required: true,
      thresholdId: 'targeted-course',
      threshold: 50000,
      courseCost: 59200,
      approver: { en: 'Pharmacy and therapeutics committee', zh: '药事管理委员会' },
    },
    findings: [
      {
        ruleId: 'G-01',
        severity: 'critical',
        category: 'biomarker-testing',
        title: { en: 'EGFR TKI without an EGFR result', zh: '无 EGFR 检测结果使用 EGFR 抑制剂' },
        message: {
          en: 'Gefitinib is ordered but no EGFR mutation result is recorded; test EGFR before starting a TKI.',
          zh: '已开具吉非替尼但无 EGFR 突变检测结果；应先行 EGFR 检测。',
        },
        inputs: { 'regimen.classes': ['egfr-tki', 'chemotherapy'] },
        missing: ['biomarker.EGFR.status'],
        source: SOURCE,
        evidenceLevel: 'A',
        action: {
          kind: 'order-test',
          text: { en: 'Order EGFR mutation testing', zh: '开具 EGFR 突变检测' },
          loinc: '69548-6',
        },
      },
    ],
    alternatives: [...pemetrexedSwap(alternativeComponents)],
    preferredOptions: [],
    unassessed: [
      {
        code: 'I10',
        system: 'icd-10',
        where: 'patient.comorbidities[0]',
        reason: { en: 'comorbidity not used by any rule', zh: '合并症未被任何规则使用' },
      },
    ],
    citations: CITATIONS,
    provenance: {
      pack: { id: 'default', version: '1.0.0', effectiveFrom: '2026-01-01', digest: 'abc' },
      model: null,
      rulesEvaluated: { count: 1, packDigest: 'abc' },
      rulesFired: ['G-01'],
      serviceVersion: 'test',
      requestId: 'r1',
      asOf: '2026-11-23',
    },
    ...overrides,
  };
  return a as unknown as Assessment;
}

/** The volume-procured pemetrexed swap the pipeline offers (¥31,200 a course). */
function pemetrexedSwap(alternativeComponents: Json[]): Json[] {
  return [
    {
      id: 'alt-pem-vbp',
      basis: 'procured-product',
      description: { en: 'Pemetrexed: volume-procured generic', zh: '培美曲塞：集采仿制药' },
      changes: [
        {
          from: 'P-PEM-ORIG',
          to: 'P-PEM-VBP',
          orderRef: 'MedicationRequest/mr-pem',
          detail: 'same molecule, consistency-evaluated',
        },
      ],
      components: [
        { drug: 'L01EB01', product: 'P-GEF-ORIG' },
        { drug: 'L01BA04', product: 'P-PEM-VBP' },
        { drug: 'L01XA02', product: 'P-CARBO' },
      ],
      expectedCost: costEstimate(7000, 4, alternativeComponents),
      savings: { absolute: 31200, fraction: 0.527 },
      evidenceLevel: 'policy',
      source: 'nhsa-vbp',
      constraints: [{ en: 'Consistency-evaluated generic', zh: '通过一致性评价' }],
      safetyRulesPassed: 1,
      rulesPassed: ['G-01'],
      drgMargin: 5000,
      value: {
        qalys: 0.6,
        qalyMethod: 'pack-average',
        incrementalCost: -31200,
        incrementalQalys: 0,
        icer: null,
        dominance: 'cost-minimisation',
        netMonetaryBenefit: 31200,
        willingnessToPay: 250000,
      },
    },
  ];
}

/**
 * The fixture as the pipeline answers with a display threshold of zero: the pemetrexed swap and a
 * ¥40 dose rounding (below the pack's threshold, so not offered by default).
 */
export function nsclcAssessmentWithSmallSaving(): Assessment {
  const a = nsclcAssessment();
  const proposalComponents = a.expectedCost.components as unknown as Json[];
  const small = {
    id: 'alt-small',
    basis: 'dose-rounding',
    description: { en: 'Carboplatin: round to whole vials', zh: '卡铂：按整瓶取整' },
    changes: [{ from: 'P-CARBO', to: 'P-CARBO', orderRef: 'MedicationRequest/mr-carbo' }],
    components: [],
    expectedCost: costEstimate(14790, 4, proposalComponents),
    savings: { absolute: 40, fraction: 0.0007 },
    evidenceLevel: 'C',
    source: SOURCE,
    constraints: [],
    safetyRulesPassed: 0,
    rulesPassed: [],
    value: {
      qalys: 0.6,
      qalyMethod: 'pack-average',
      incrementalCost: -40,
      incrementalQalys: 0,
      icer: null,
      dominance: 'cost-minimisation',
      netMonetaryBenefit: 40,
      willingnessToPay: 250000,
    },
  };
  return { ...a, alternatives: [...a.alternatives, small as unknown as Assessment['alternatives'][number]] };
}

// ---------------------------------------------------------------------------------------------
// A minimal context for router tests that do not need the real pack

export function fakePack(): KnowledgePack {
  return {
    manifest: {
      id: 'test',
      version: '0.0.1',
      name: { en: 't', zh: 't' },
      effectiveFrom: '2026-01-01',
      description: '',
      conditions: [
        { id: 'nsclc', name: { en: 'NSCLC', zh: '非小细胞肺癌' }, icd10Prefixes: ['C34'] },
        { id: 'ra', name: { en: 'RA', zh: '类风湿关节炎' }, icd10Prefixes: ['M05', 'M06'] },
      ],
    },
    rules: [{ id: 'G-01' }, { id: 'RA-biosimilar-switch' }],
    policies: { savingsDisplayThreshold: { absolute: 500, fraction: 0.05 } },
    payerPolicy: { insuranceTypes: [{ id: 'urban-employee' }] },
    regimens: new Map(),
    atcAliases: new Map([['L01XE02', 'L01EB01']]),
    products: new Map(),
    hisCodes: new Map(),
  } as unknown as KnowledgePack;
}

export function testContext(
  env: Record<string, string> = {},
  pack: KnowledgePack = fakePack(),
): { ctx: AppContext; logs: Json[] } {
  const logs: Json[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Json);
      cb();
    },
  });
  const ctx: AppContext = {
    config: loadConfig({ LOG_LEVEL: 'info', ...env }),
    logger: pino({ level: 'info' }, stream),
    metrics: createMetrics({ defaultMetrics: false }),
    serviceVersion: 'test',
    snapshot: () => ({ pack, model: null, generation: 1 }),
    isAcceptingTraffic: () => true,
  };
  return { ctx, logs };
}

/** The FHIR → Case mapping settings the unit tests share (Shanghai, tertiary, asOf 2026-11-23); override what a test is about. */
export function fhirMappingConfig(overrides: Partial<FhirToCaseConfig> = {}): FhirToCaseConfig {
  return {
    defaultHospitalTier: 'tertiary',
    defaultRegion: 'shanghai',
    hisSystem: 'urn:combo-cost-cds:his',
    serviceProviders: new Map(),
    timeZone: 'Asia/Shanghai',
    now: new Date('2026-11-23T02:00:00Z'),
    conditionPrefixes: ['C34'],
    insuranceTypes: ['urban-employee'],
    ...overrides,
  };
}
