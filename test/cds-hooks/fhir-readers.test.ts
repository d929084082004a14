/**
 * The FHIR resource readers of the CDS adapter (src/adapters/cds-hooks/fhir/), one at a time: each
 * reads its resource into the Case, and says what it could not use.
 */
import { FhirIssues } from '../../src/adapters/cds-hooks/fhir-read';
import { readAllergies } from '../../src/adapters/cds-hooks/fhir/allergy-intolerance';
import { readConditions } from '../../src/adapters/cds-hooks/fhir/conditions';
import { readCoverage } from '../../src/adapters/cds-hooks/fhir/coverage';
import { ageAt, todayIn } from '../../src/adapters/cds-hooks/fhir/dates';
import { readEncounterResource } from '../../src/adapters/cds-hooks/fhir/encounter';
import { readObservations } from '../../src/adapters/cds-hooks/fhir/observations';
import { readPatientResource } from '../../src/adapters/cds-hooks/fhir/patient';
import type { Reading } from '../../src/adapters/cds-hooks/fhir/reading';
import { type OrderTiming, applyTimings } from '../../src/adapters/cds-hooks/fhir/timing';
import type { FhirToCaseConfig, SourcedResource } from '../../src/adapters/cds-hooks/fhir/types';
import type { CaseContext, CasePatient, CaseProposal, ProposedComponent } from '../../src/domain/case';
import { condition, encounter, fhirMappingConfig, quantityObs } from './helpers';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SCORE = 'urn:combo-cost-cds:score';

function reading(config: Partial<FhirToCaseConfig> = {}): Reading {
  const issues = new FhirIssues();
  return {
    config: fhirMappingConfig(config),
    issues,
    issuesFor: () => issues,
    notAssessed: [],
    medications: new Map(),
  };
}

function sourced(resources: Record<string, unknown>[]): SourcedResource[] {
  return resources.map((resource, i) => ({
    resource: resource as never,
    path: `prefetch.x.entry[${i}]`,
    origin: 'request',
  }));
}

function emptyPatient(): CasePatient {
  return { diagnoses: [], biomarkers: [], comorbidities: [], allergies: [], priorTherapyFailures: [] };
}

function outpatientContext(): CaseContext {
  return { asOf: '2026-11-23', hospitalTier: 'tertiary', setting: 'outpatient' };
}

describe('dates', () => {
  it("takes today in the service's time zone, not UTC", () => {
    const lateEveningUtc = new Date('2026-11-22T20:00:00Z');
    expect(todayIn('Asia/Shanghai', lateEveningUtc)).toBe('2026-11-23');
    expect(todayIn('UTC', lateEveningUtc)).toBe('2026-11-22');
  });

  it('counts age in whole years, a partial birth date from its first day', () => {
    expect(ageAt('1964-11-24', '2026-11-23')).toBe(61);
    expect(ageAt('1964-11-23', '2026-11-23')).toBe(62);
    expect(ageAt('1964', '2026-11-23')).toBe(62);
  });
});

describe('Patient', () => {
  it('reads age at the order date and sex, and says when there is no Patient', () => {
    const r = reading();
    const patient = emptyPatient();
    readPatientResource(
      sourced([{ resourceType: 'Patient', id: 'p1', birthDate: '1964-05-10', gender: 'female' }]),
      'p1',
      '2026-11-23',
      { patient, reading: r },
    );
    expect(patient).toEqual(expect.objectContaining({ ageYears: 62, sex: 'female', birthDate: '1964-05-10' }));

    const none = reading();
    readPatientResource([], 'p1', '2026-11-23', { patient: emptyPatient(), reading: none });
    expect(none.notAssessed.map((n) => n.where)).toEqual(['Patient']);
  });
});

describe('Observation', () => {
  it('converts units to the ones the pipeline uses and keeps the latest of each kind', () => {
    const patient = emptyPatient();
    const r = reading();
    readObservations(
      sourced([
        quantityObs('w-old', '29463-7', 70, 'kg', '2026-10-01'),
        quantityObs('w-new', '29463-7', 150, '[lb_av]', '2026-11-20'),
        quantityObs('h', '8302-2', 1.7, 'm'),
        quantityObs('cr', '14682-9', 88.42, 'umol/L'),
      ]),
      patient,
      r,
    );
    expect(patient.weightKg?.value).toBe(68.039);
    expect(patient.heightCm?.value).toBe(170);
    expect(patient.serumCreatinineMgDl?.value).toBe(1);
    expect(r.notAssessed).toEqual([]);
  });

  it('says a unit it does not read, and does not use the value', () => {
    const patient = emptyPatient();
    const r = reading();
    readObservations(sourced([quantityObs('w', '29463-7', 68, 'stone')]), patient, r);
    expect(patient.weightKg).toBeUndefined();
    expect(r.notAssessed[0]?.reason.en).toBe('Observation unit "stone" is not kg; the value was not used.');
  });

  it('reads scores: DAS28 now and at baseline gives the fall, an unreadable value is said', () => {
    const score = (id: string, code: string, value: Record<string, unknown>) => ({
      resourceType: 'Observation',
      id,
      status: 'final',
      code: { coding: [{ system: SCORE, code }] },
      effectiveDateTime: '2026-11-20',
      ...value,
    });
    const patient = emptyPatient();
    const r = reading();
    readObservations(
      sourced([
        score('d1', 'das28', { valueDecimal: 3.1 }),
        score('d0', 'das28-baseline', { valueDecimal: 5.6 }),
        score('l', 'line-of-therapy', { valueDecimal: 0 }),
      ]),
      patient,
      r,
    );
    expect(patient.das28?.value).toEqual({ current: 3.1, baseline: 5.6, fallSinceBaseline: 2.5 });
    expect(patient.lineOfTherapy).toBeUndefined();
    expect(r.notAssessed.map((n) => n.reason.en)).toEqual([
      'Score line-of-therapy has no readable value; not assessed.',
    ]);
  });
});

describe('Condition', () => {
  it("makes the order's reason the principal diagnosis, other pack conditions diagnoses, the rest comorbidities", () => {
    const patient = emptyPatient();
    const order = sourced([{ resourceType: 'MedicationRequest', reasonReference: [{ reference: 'Condition/c2' }] }]);
    readConditions(
      sourced([condition('c1', 'C34.1'), condition('c2', 'C34.9'), condition('c3', 'I10')]),
      order,
      patient,
      reading(),
    );
    expect(patient.diagnoses).toEqual([
      { code: 'C34.9', principal: true },
      { code: 'C34.1', principal: false },
    ]);
    expect(patient.comorbidities).toEqual([{ code: 'I10', system: 'icd-10' }]);
  });

  it('maps a SNOMED CT diagnosis through the pack terminology, and says when there is no ICD-10 diagnosis', () => {
    const snomed = {
      ...condition('c1', 'x'),
      code: { coding: [{ system: 'http://snomed.info/sct', code: '254637007' }] },
    };
    const patient = emptyPatient();
    readConditions(
      sourced([snomed]),
      [],
      patient,
      reading({ mapCondition: (system, code) => (system === 'snomed' && code === '254637007' ? 'C34' : undefined) }),
    );
    expect(patient.diagnoses).toEqual([{ code: 'C34', principal: true }]);

    const none = reading();
    readConditions([], [], emptyPatient(), none);
    expect(none.notAssessed.map((n) => n.where)).toEqual(['Condition']);
  });
});

describe('AllergyIntolerance', () => {
  it('reads a coded allergy as the pack would, skips a refuted one, says one without a drug code', () => {
    const allergy = (id: string, coding: Record<string, unknown>, verification?: string) => ({
      resourceType: 'AllergyIntolerance',
      id,
      code: { coding: [coding], text: `allergy ${id}` },
      ...(verification
        ? {
            verificationStatus: {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: verification },
              ],
            },
          }
        : {}),
    });
    const patient = emptyPatient();
    const r = reading({ mapRxnorm: (code) => (code === '2555' ? { system: 'atc', code: 'L01XA01' } : undefined) });
    readAllergies(
      sourced([
        allergy('a1', { system: RXNORM, code: '2555' }),
        allergy('a2', { system: 'http://www.whocc.no/atc', code: 'L01XA02' }, 'refuted'),
        allergy('a3', { system: 'http://snomed.info/sct', code: '91936005' }),
      ]),
      patient,
      r,
    );
    expect(patient.allergies).toEqual([{ code: 'L01XA01', system: 'atc', display: 'allergy a1' }]);
    expect(r.notAssessed).toEqual([expect.objectContaining({ code: '91936005', where: 'prefetch.x.entry[2].code' })]);
  });
});

describe('Encounter and Coverage', () => {
  it('reads an admission: inpatient, days in hospital, and the hospital tier of its service provider', () => {
    const ctx = outpatientContext();
    const r = reading({ serviceProviders: new Map([['Organization/h2', { hospitalTier: 'secondary' }]]) });
    readEncounterResource(sourced([encounter('IMP', '2026-11-20', 'Organization/h2')]), 'e1', {
      asOf: '2026-11-23',
      ctx,
      reading: r,
    });
    expect(ctx).toEqual(
      expect.objectContaining({ setting: 'inpatient', daysInHospital: 3, hospitalTier: 'secondary' }),
    );
  });

  it('without an Encounter keeps outpatient and says no DRG payment was assessed', () => {
    const ctx = outpatientContext();
    const r = reading();
    readEncounterResource([], 'e1', { asOf: '2026-11-23', ctx, reading: r });
    expect(ctx.setting).toBe('outpatient');
    expect(r.notAssessed[0]?.reason.zh).toBe('未获得就诊信息：按门诊处理，未评估 DRG 支付。');
  });

  it('takes the insurance scheme from an active Coverage the payer policy knows', () => {
    const coverage = (type: string, status = 'active') => ({
      resourceType: 'Coverage',
      status,
      type: { coding: [{ system: 'urn:combo-cost-cds:insurance-type', code: type }] },
    });
    const ctx = outpatientContext();
    const r = reading();
    readCoverage(
      sourced([coverage('urban-employee', 'cancelled'), coverage('private-plan'), coverage('urban-employee')]),
      ctx,
      r,
    );
    expect(ctx.insuranceType).toBe('urban-employee');
    expect(r.notAssessed.map((n) => n.code)).toEqual(['private-plan']);
  });
});

describe('timing of the orders', () => {
  const component = (): ProposedComponent => ({ code: 'L01BA04', system: 'atc' });

  it('takes the cycle from an order repeating every 21 days, four times', () => {
    const proposal: CaseProposal = { components: [], supportive: [] };
    const timings: OrderTiming[] = [
      { component: component(), timing: { frequency: 1, periodDays: 21, count: 4, path: 'x' } },
    ];
    applyTimings(timings, proposal, []);
    expect(proposal).toEqual(expect.objectContaining({ cycleLengthDays: 21, cycles: 4 }));
    expect(timings[0]?.component.administrationsPerCycle).toBe(1);
  });

  it('makes a continuous twice-daily course of 56 days two 28-day cycles of 28 administrations', () => {
    const proposal: CaseProposal = { components: [], supportive: [] };
    const timings: OrderTiming[] = [
      { component: component(), timing: { frequency: 2, periodDays: 1, boundsDays: 56, path: 'x' } },
    ];
    applyTimings(timings, proposal, []);
    expect(proposal).toEqual(expect.objectContaining({ cycleLengthDays: 28, cycles: 2 }));
    expect(timings[0]?.component).toEqual(
      expect.objectContaining({ timesPerAdministration: 2, administrationsPerCycle: 28 }),
    );
  });

  it('says which cycle it assumed when orders repeat at different intervals', () => {
    const notAssessed: Reading['notAssessed'] = [];
    applyTimings(
      [
        { component: component(), timing: { frequency: 1, periodDays: 14, path: 'x' } },
        { component: component(), timing: { frequency: 1, periodDays: 21, path: 'y' } },
      ],
      { components: [], supportive: [] },
      notAssessed,
    );
    expect(notAssessed[0]?.reason.en).toBe('Orders repeat at different intervals; a 21-day cycle was assumed.');
  });
});
