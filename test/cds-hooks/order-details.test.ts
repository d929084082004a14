/**
 * Nothing silently dropped from an order (issue 11): doseAndRate by type, an STU3-style
 * Dosage.doseQuantity, Timing.code, Timing.event and the course length of daily orders.
 */
import { FhirIssues } from '../../src/adapters/cds-hooks/fhir-read';
import {
  fhirToCase,
  parseHookContext,
  flattenFhirValue,
  timingAbbreviation,
} from '../../src/adapters/cds-hooks/fhir-to-case';
import { IV, ORAL, fhirMappingConfig, hookRequest, medicationRequest, nsclcPrefetch } from './helpers';

type Json = Record<string, unknown>;

const config = fhirMappingConfig({ conditionPrefixes: ['C34', 'E11'] });

function map(orders: Json[]) {
  const req = hookRequest('order-sign', orders, nsclcPrefetch()) as Json;
  const issues = new FhirIssues();
  const resources = Object.entries(req.prefetch as Json).flatMap(([k, v]) =>
    flattenFhirValue(v as never, `prefetch.${k}`, 'request', issues),
  );
  return fhirToCase('order-sign', parseHookContext('order-sign', req.context), resources, config);
}

const DOSE_RATE = 'http://terminology.hl7.org/CodeSystem/dose-rate-type';

describe('doseAndRate by type', () => {
  it('uses the ordered 500 mg/m² dose, not the calculated 1,400 mg listed first, and says the calculated one was not used', () => {
    const order = medicationRequest({
      id: 'mr-pem',
      code: 'L01BA04',
      route: IV,
      frequency: 1,
      period: 21,
      periodUnit: 'd',
      count: 4,
    });
    (order.dosageInstruction as Json[])[0] = {
      ...((order.dosageInstruction as Json[])[0] as Json),
      doseAndRate: [
        {
          type: { coding: [{ system: DOSE_RATE, code: 'calculated' }] },
          doseQuantity: { value: 1400, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
        },
        {
          type: { coding: [{ system: DOSE_RATE, code: 'ordered' }] },
          doseQuantity: { value: 500, unit: 'mg/m2', system: 'http://unitsofmeasure.org', code: 'mg/m2' },
        },
      ],
    };
    const r = map([order]);
    expect(r.case?.proposal.components[0]?.dose).toEqual({ value: 500, unit: 'mg/m2' });
    expect(r.notAssessed.some((n) => /calculated dose of this order was not used/.test(n.reason.en))).toBe(true);
  });

  it('reads an STU3-style Dosage.doseQuantity when there is no doseAndRate', () => {
    const order = medicationRequest({
      id: 'mr-pem',
      code: 'L01BA04',
      route: IV,
      frequency: 1,
      period: 21,
      periodUnit: 'd',
      count: 4,
    });
    (order.dosageInstruction as Json[])[0] = {
      ...((order.dosageInstruction as Json[])[0] as Json),
      doseQuantity: { value: 500, unit: 'mg/m2', system: 'http://unitsofmeasure.org', code: 'mg/m2' },
    };
    expect(map([order]).case?.proposal.components[0]?.dose).toEqual({ value: 500, unit: 'mg/m2' });
  });
});

describe('Timing.code and Timing.event', () => {
  it('reads Q3W as a 21-day cycle and BID as twice a day', () => {
    expect(timingAbbreviation('Q3W')).toEqual({ frequency: 1, periodDays: 21 });
    expect(timingAbbreviation('bid')).toEqual({ frequency: 2, periodDays: 1 });
    expect(timingAbbreviation('Q8H')).toEqual({ frequency: 1, periodDays: 1 / 3 });
    expect(timingAbbreviation('SOMETIMES')).toBeUndefined();
  });

  it('an order timed only by code Q3W defines the cycle; an unknown code is a not-assessed line', () => {
    const order = medicationRequest({ id: 'mr-pem', code: 'L01BA04', dose: 500, unit: 'mg/m2', route: IV });
    (order.dosageInstruction as Json[])[0] = {
      ...((order.dosageInstruction as Json[])[0] as Json),
      timing: { code: { coding: [{ code: 'Q3W' }] } },
    };
    expect(map([order]).case?.proposal.cycleLengthDays).toBe(21);
    (order.dosageInstruction as Json[])[0] = {
      ...((order.dosageInstruction as Json[])[0] as Json),
      timing: { code: { text: 'whenever' } },
    };
    const r = map([order]);
    expect(r.case?.proposal.cycleLengthDays).toBeUndefined();
    expect(r.notAssessed.some((n) => /timing code of the order is not read/.test(n.reason.en))).toBe(true);
  });

  it('Timing.event without a repeat rule counts its administrations', () => {
    const order = medicationRequest({ id: 'mr-pem', code: 'L01BA04', dose: 500, unit: 'mg/m2', route: IV });
    (order.dosageInstruction as Json[])[0] = {
      ...((order.dosageInstruction as Json[])[0] as Json),
      timing: { event: ['2026-11-24T08:00:00+08:00'] },
    };
    const c = map([order]).case;
    expect(c?.proposal.components[0]?.administrationsPerCycle).toBe(1);
    expect(c?.proposal.cycles).toBe(1);
  });
});

describe('course length of daily orders', () => {
  const daily = (extra: Json) => {
    const order = medicationRequest({
      id: 'mr-gef',
      code: 'L01XE02',
      dose: 250,
      unit: 'mg',
      route: ORAL,
      frequency: 1,
      period: 1,
      periodUnit: 'd',
    });
    const d = (order.dosageInstruction as Json[])[0] as { timing: { repeat: Json } };
    Object.assign(d.timing.repeat, extra);
    return map([order]).case?.proposal;
  };

  it('a daily order without bounds leaves the course to the pack default (no length invented)', () => {
    const p = daily({});
    expect(p?.cycles).toBeUndefined();
    expect(p?.cycleLengthDays).toBeUndefined();
  });

  it('boundsDuration 14 d is one 14-day course, not 13 × 28 days', () => {
    expect(
      daily({ boundsDuration: { value: 14, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' } }),
    ).toMatchObject({ cycleLengthDays: 14, cycles: 1 });
  });

  it('boundsPeriod over 90 days is four 28-day cycles', () => {
    expect(daily({ boundsPeriod: { start: '2026-11-24', end: '2027-02-21' } })).toMatchObject({
      cycleLengthDays: 28,
      cycles: 4,
    });
  });

  it('count 56 once daily is two 28-day cycles', () => {
    expect(daily({ count: 56 })).toMatchObject({ cycleLengthDays: 28, cycles: 2 });
  });
});

describe('draft orders of another patient', () => {
  it('are not assessed; the orders of this patient are', () => {
    const mine = medicationRequest({
      id: 'mr-pem',
      code: 'L01BA04',
      dose: 500,
      unit: 'mg/m2',
      route: IV,
      frequency: 1,
      period: 21,
      periodUnit: 'd',
      count: 4,
    });
    const theirs = {
      ...medicationRequest({ id: 'mr-carbo', code: 'L01XA02', dose: 5, unit: '{AUC}', route: IV }),
      subject: { reference: 'Patient/someone-else' },
    };
    const r = map([mine, theirs]);
    expect(r.case?.proposal.components.map((c) => c.code)).toEqual(['L01BA04']);
    expect(r.notAssessed.some((n) => /another patient/.test(n.reason.en) && n.where.endsWith('.subject'))).toBe(true);
  });
});
