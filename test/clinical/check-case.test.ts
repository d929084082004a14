/**
 * The corpus judge must be able to say no: each check is shown failing on a deliberately unsafe
 * answer and passing on a safe one, so a green corpus cannot come from a judge that accepts anything.
 */
import type { components } from '../../src/generated/api';
import type { ClinicalCase, Expectations } from './clinical-case';
import { assessmentProblems, caseProblems, type Answer } from './check-case';
import { SOURCES } from './sources';

type Option = components['schemas']['Option'];
type ComponentCost = components['schemas']['ComponentCost'];

function component(drug: string, perAdministration: number, administrationsPerCycle = 1): ComponentCost {
  return {
    drug: { code: drug, name: { en: drug, zh: drug } },
    product: {
      code: `P-${drug}`,
      name: { en: drug, zh: drug },
      kind: 'originator',
      procurement: 'standard',
      unitPrice: 10,
      priceBasis: 'illustrative',
    },
    role: 'therapeutic',
    dose: {
      basis: 'flat',
      ordered: perAdministration,
      perAdministration,
      unit: 'mg',
      calculation: `${perAdministration} mg`,
    },
    unitsPerAdministration: 1,
    administrationsPerCycle,
    wastage: { amount: 0, cost: 0 },
    costPerCycle: 100,
  };
}

function cost(perCourse: number, components: ComponentCost[], cycleLengthDays = 14) {
  return {
    currency: 'CNY' as const,
    method: 'pack-average' as const,
    cycles: 1,
    cycleLengthDays,
    perCycle: perCourse,
    perAdmission: perCourse,
    perCourse,
    breakdownPerCourse: {} as never,
    components,
    interval: {} as never,
    assumptions: [],
  };
}

function option(
  id: string,
  basis: Option['basis'],
  components: ComponentCost[],
  perCourse = 500,
  cycleLengthDays = 14,
): Option {
  return {
    id,
    basis,
    description: { en: id, zh: id },
    changes: [],
    components: components.map((c) => ({ drug: c.drug.code, product: c.product.code })),
    expectedCost: cost(perCourse, components, cycleLengthDays),
    savings: { absolute: 1000 - perCourse, fraction: 0.5 },
    evidenceLevel: 'A',
    source: 'test-source',
    constraints: [],
    safetyRulesPassed: 0,
    rulesPassed: [],
    value: {} as never,
  };
}

function answer(over: Partial<Answer> = {}): Answer {
  return {
    regimen: { status: 'matched', deviations: [] },
    expectedCost: cost(1000, [component('L04AX03', 15, 2)]),
    outcome: {} as never,
    drg: {} as never,
    approval: {} as never,
    outOfPocket: {} as never,
    findings: [],
    alternatives: [],
    preferredOptions: [],
    unassessed: [],
    provenance: {} as never,
    ...over,
  } as Answer;
}

const critical = (ruleId: string, inputs: Record<string, unknown>) => ({
  ruleId,
  severity: 'critical' as const,
  category: 'contraindication',
  title: { en: '', zh: '' },
  message: { en: '', zh: '' },
  inputs,
  missing: [],
  source: {} as never,
  evidenceLevel: 'A' as const,
});

const judge = (a: Answer, e: Expectations) => assessmentProblems(a, e);

describe('the corpus judge', () => {
  it('fails an option that contains a drug that must not be offered, and passes when it is absent', () => {
    const unsafe = answer({
      alternatives: [option('swap-jak', 'therapeutic-equivalence', [component('L04AF02', 4, 14)])],
    });
    expect(judge(unsafe, { notOffered: ['L04AF02'] })).toEqual([expect.stringContaining('offers L04AF02')]);
    expect(judge(answer(), { notOffered: ['L04AF02'] })).toEqual([]);
    const inTherapyChanges = answer({
      therapyChanges: [option('tnf-failure', 'guideline-preferred', [component('L04AF02', 4, 14)], 2000)],
    });
    expect(judge(inTherapyChanges, { notInAlternatives: ['L04AF02'] })).toEqual([]);
    expect(judge(inTherapyChanges, { notOffered: ['L04AF02'] })).toHaveLength(1);
  });

  it('fails when the critical finding is missing or names another drug', () => {
    const named = answer({ findings: [critical('X', { 'regimen.drugs': ['L04AX03'] })] });
    expect(judge(named, { findings: [{ severity: 'critical', atc: 'L04AX03' }] })).toEqual([]);
    expect(judge(named, { findings: [{ severity: 'critical', atc: 'L04AF01' }] })).toHaveLength(1);
    expect(judge(answer(), { findings: [{ severity: 'warning' }] })).toEqual(['no at least warning finding']);
    const warningDeviation = answer({
      regimen: {
        status: 'matched',
        deviations: [{ kind: 'schedule', drug: 'L04AX03', severity: 'warning', message: { en: '', zh: '' } }],
      },
    });
    expect(judge(warningDeviation, { findings: [{ severity: 'critical', atc: 'L04AX03' }] })).toHaveLength(1);
  });

  it('fails a daily methotrexate option and a repeated overdose', () => {
    const daily = answer({
      alternatives: [option('generic', 'consistency-evaluated-generic', [component('L04AX03', 15, 14)])],
    });
    expect(judge(daily, { maxAdministrationsPerWeek: { atc: 'L04AX03', perWeek: 1 } })).toEqual([
      expect.stringContaining('7.00 times a week'),
    ]);
    const weekly = answer({
      alternatives: [option('generic', 'consistency-evaluated-generic', [component('L04AX03', 15, 2)])],
    });
    expect(judge(weekly, { maxAdministrationsPerWeek: { atc: 'L04AX03', perWeek: 1 } })).toEqual([]);
    const doubled = answer({
      expectedCost: cost(1000, [component('L04AX03', 30, 2)]),
      alternatives: [option('generic', 'consistency-evaluated-generic', [component('L04AX03', 30, 2)])],
    });
    expect(judge(doubled, { noOptionRepeatsDose: 'L04AX03' })).toEqual([
      expect.stringContaining('repeats the overdose'),
    ]);
    const switched = answer({
      regimen: { status: 'matched', id: 'ra-mtx', deviations: [] },
      expectedCost: cost(1000, [component('L04AX03', 30, 2)]),
      alternatives: [
        { ...option('switch', 'therapeutic-equivalence', [component('L04AX03', 25, 2)]), regimenId: 'another-regimen' },
      ],
    });
    expect(judge(switched, { noOptionRepeatsDose: 'L04AX03' })).toEqual([]);
  });

  it('fails a forbidden pair, a step-down, a missing positive control and an unknown gene that was dropped', () => {
    const pair = answer({
      alternatives: [option('bios', 'biosimilar', [component('L01FA01', 1000), component('L04AF01', 5, 28)])],
    });
    expect(judge(pair, { forbiddenPairs: [['L01FA01', 'L04AF01']] })).toHaveLength(1);
    const stepDown = answer({ alternatives: [option('letrozole', 'step-down', [component('L02BG04', 2.5, 28)])] });
    expect(judge(stepDown, { noStepDown: true })).toHaveLength(1);
    expect(judge(answer(), { alternativesInclude: ['L04AB04'] })).toEqual(['no cheaper equivalent contains L04AB04']);
    expect(judge(answer(), { unassessed: ['XYZ1'] })).toEqual(['XYZ1 is not listed as not assessed']);
  });

  it('fails any answer with a zero, negative or infinite cost, or an alternative dearer than the proposal', () => {
    expect(judge(answer({ expectedCost: cost(0, [component('L04AX03', 15, 2)]) }), {})).toEqual([
      expect.stringContaining('cost per course is 0'),
    ]);
    expect(judge(answer({ expectedCost: cost(Infinity, [component('L04AX03', -1, 2)]) }), {})).toHaveLength(2);
    expect(
      judge(answer({ alternatives: [option('dear', 'biosimilar', [component('L04AX03', 15, 2)], 1500)] }), {}),
    ).toEqual([expect.stringContaining('costs more')]);
  });

  it('fails a 200 where a 422 naming the field was expected, and a 422 naming another field', () => {
    const c: ClinicalCase = {
      id: 'T',
      title: 't',
      condition: 'nsclc',
      source: SOURCES.plausibility,
      request: {},
      expect: { status: 422, problemFields: ['/patient/height'] },
    };
    expect(caseProblems(c, { status: 200, body: answer() })).toHaveLength(1);
    expect(caseProblems(c, { status: 422, body: { errors: [{ pointer: '/patient/weight' }] } })).toHaveLength(1);
    expect(caseProblems(c, { status: 422, body: { errors: [{ pointer: '/patient/height/value' }] } })).toEqual([]);
  });

  it('fails a DAS28 stop finding that fired on an exact fall of 1.2', () => {
    const fired = answer({
      findings: [{ ...critical('STOP', { 'patient.das28Fall': 1.1999999 }), severity: 'warning' }],
    });
    expect(judge(fired, { noFindingReads: 'das28' })).toHaveLength(1);
    expect(judge(answer(), { noFindingReads: 'das28' })).toEqual([]);
    expect(judge(answer(), { findingReads: 'das28' })).toHaveLength(1);
  });
});
