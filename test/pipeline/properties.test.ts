import fc from 'fast-check';
import { assessCase } from '../../src/pipeline/assess';
import { requestToCase } from '../../src/adapters/rest/request-to-case';
import { priceComponent } from '../../src/pipeline/drug-cost/cost-regimen';
import { selectUnits } from '../../src/pipeline/drug-cost/unit-selection';
import { resolveCase } from '../support/resolve';
import { defaultSnapshot } from '../support/test-app';
import { EGFR_EXON19, nsclcChemoTargeted, type AssessmentRequest } from '../support/cases';
import type { RuntimeSnapshot } from '../../src/http/app-context';

let snapshot: RuntimeSnapshot;
beforeAll(async () => {
  snapshot = await defaultSnapshot();
});

const patientArb = fc.record({
  age: fc.integer({ min: 25, max: 90 }),
  sex: fc.constantFrom('male' as const, 'female' as const),
  weight: fc.integer({ min: 40, max: 120 }),
  height: fc.integer({ min: 145, max: 195 }),
  creatinine: fc.double({ min: 0.5, max: 3, noNaN: true }),
  ecog: fc.integer({ min: 0, max: 4 }),
});

function nsclcRequest(p: {
  age: number;
  sex: 'male' | 'female';
  weight: number;
  height: number;
  creatinine: number;
  ecog: number;
}): AssessmentRequest {
  return nsclcChemoTargeted({
    age: p.age,
    sex: p.sex,
    weight: { value: p.weight, unit: 'kg', date: '2026-11-20' },
    height: { value: p.height, unit: 'cm', date: '2026-11-20' },
    serumCreatinine: { value: p.creatinine, unit: 'mg/dL', date: '2026-11-20' },
    ecog: { value: p.ecog, date: '2026-11-20' },
    biomarkers: [EGFR_EXON19] as never,
  });
}

describe('cost properties', () => {
  it('whole units always cover the dose, and cost never falls as the dose rises', () => {
    const line = [...snapshot.pack.productsByDrug.get('L01BA04')!].filter((p) => p.kind === 'originator');
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 3000, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (dose, extra) => {
          const a = selectUnits(line, dose);
          const b = selectUnits(line, dose + extra);
          expect(a.amount).toBeGreaterThanOrEqual(dose - 1e-6);
          expect(a.cost).toBeGreaterThanOrEqual(0);
          expect(b.cost).toBeGreaterThanOrEqual(a.cost - 1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('covers a dose a hair above a whole number of vials (floating-point edge found by the property above)', () => {
    const line = [...snapshot.pack.productsByDrug.get('L01BA04')!].filter((p) => p.kind === 'originator');
    const dose = 2999.9999999726047 + 2.8395561457728036e-8;
    expect(selectUnits(line, dose).amount).toBeCloseTo(3000, 6);
    expect(selectUnits(line, 3000.5).amount).toBeGreaterThan(3000);
  });

  it('course cost is non-negative and monotone in dose and in cycles', () => {
    fc.assert(
      fc.property(
        patientArb,
        fc.integer({ min: 100, max: 900 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 8 }),
        (p, dose, extra, cycles) => {
          const resolved = resolveCase(
            requestToCase(nsclcRequest(p), { hospitalTier: 'tertiary', region: null }),
            snapshot.pack,
          );
          const pem = resolved.regimen.components.find((c) => c.drug.code === 'L01BA04')!;
          const at = (value: number, n: number) =>
            priceComponent(snapshot.pack, { ...pem, dose: { ...pem.dose, value } }, resolved.measures, p.weight, n)
              .costPerCourse;
          expect(at(dose, cycles)).toBeGreaterThanOrEqual(0);
          expect(at(dose + extra, cycles)).toBeGreaterThanOrEqual(at(dose, cycles) - 1e-6);
          expect(at(dose, cycles + 1)).toBeGreaterThanOrEqual(at(dose, cycles));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('savings', () => {
  // Safety of offered options is judged by the independent label oracle (test/safety-oracle/).
  it('no alternative costs more than the proposal', async () => {
    await fc.assert(
      fc.asyncProperty(patientArb, async (p) => {
        const kase = requestToCase(nsclcRequest(p), { hospitalTier: 'tertiary', region: null });
        const a = await assessCase(kase, snapshot, { explain: false, requestId: 't', serviceVersion: 't' });
        for (const option of a.alternatives)
          expect(option.expectedCost.perCourse).toBeLessThan(a.expectedCost.perCourse);
      }),
      { numRuns: 40 },
    );
  });
});
