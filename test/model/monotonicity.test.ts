/**
 * @jest-environment ./test/model/ort-environment.js
 */
/**
 * Clinical sanity of the fitted ONNX model, checked on random patients: a worse ECOG, a lower eGFR or
 * one more agent never lowers the predicted adverse-event cost, unplanned-stay cost or grade>=3 risk.
 * (The trainer enforces this with XGBoost monotone_constraints; this test checks the exported graph.)
 */
import fc from 'fast-check';
import { loadCostOutcomeModel, type CostOutcomeModel } from '../../src/model/cost-outcome-model';
import type { ModelInput, ModelPrediction } from '../../src/model/types';
import { MODEL_DIR, shippedManifest } from './helpers';

const manifest = shippedManifest();
const range = (source: string) => {
  const f = manifest.features.find((x) => x.source === source);
  if (!f) throw new Error(`no feature for ${source}`);
  return f.range;
};
const real = (source: string) => fc.double({ min: range(source).min, max: range(source).max, noNaN: true });
const int = (source: string) => fc.integer({ min: Math.ceil(range(source).min), max: Math.floor(range(source).max) });
const classes = manifest.coverage.regimenClasses;

const patientAndRegimen: fc.Arbitrary<ModelInput> = fc.record({
  condition: fc.constantFrom(...manifest.coverage.conditions),
  ageYears: int('ageYears'),
  sex: fc.constantFrom('male' as const, 'female' as const),
  bsaM2: real('bsaM2'),
  ecog: int('ecog'),
  egfrMlMin: real('egfrMlMin'),
  altRatioToUln: real('altRatioToUln'),
  comorbidityCount: int('comorbidityCount'),
  stage: int('stage'),
  lineOfTherapy: int('lineOfTherapy'),
  hospitalTier: fc.constantFrom('primary' as const, 'secondary' as const, 'tertiary' as const),
  agentCount: int('agentCount'),
  classCounts: fc.dictionary(fc.constantFrom(...classes), fc.integer({ min: 1, max: 2 }), { maxKeys: 3 }),
  route: fc.constantFrom('iv' as const, 'oral' as const, 'sc' as const, 'mixed' as const),
  intensity: fc.constantFrom('low' as const, 'standard' as const, 'intensive' as const),
  febrileNeutropeniaRisk: real('febrileNeutropeniaRisk'),
  cycles: int('cycles'),
  horizonMonths: int('horizonMonths'),
});

type Risk = Pick<
  ModelPrediction,
  'adverseEventCostPerAdmission' | 'unplannedStayCostPerAdmission' | 'grade3AdverseEventProbability'
>;
const risk = (p: ModelPrediction): Risk => ({
  adverseEventCostPerAdmission: p.adverseEventCostPerAdmission,
  unplannedStayCostPerAdmission: p.unplannedStayCostPerAdmission,
  grade3AdverseEventProbability: p.grade3AdverseEventProbability,
});
/** the fields of `worse` that are lower than in `base` (should be none) */
const lowered = (base: Risk, worse: Risk): string[] =>
  (Object.keys(base) as (keyof Risk)[]).filter((k) => worse[k] < base[k]).map((k) => `${k} ${base[k]} -> ${worse[k]}`);

let model: CostOutcomeModel;
beforeAll(async () => {
  model = await loadCostOutcomeModel(MODEL_DIR);
});
afterAll(() => model.dispose());

async function compare(base: ModelInput, worse: ModelInput): Promise<string[]> {
  const [b, w] = await model.predict([base, worse]);
  return lowered(risk(b!), risk(w!));
}

const RUNS = { numRuns: 400, seed: 20250101 };

test('a worse ECOG never lowers predicted AE cost, unplanned-stay cost or grade>=3 risk', async () => {
  const maxEcog = range('ecog').max;
  await fc.assert(
    fc.asyncProperty(patientAndRegimen, fc.integer({ min: 1, max: maxEcog }), async (p, step) => {
      const worse = { ...p, ecog: Math.min(maxEcog, (p.ecog ?? 0) + step) };
      expect(await compare(p, worse)).toEqual([]);
    }),
    RUNS,
  );
});

test('a lower eGFR never lowers predicted AE cost, unplanned-stay cost or grade>=3 risk', async () => {
  await fc.assert(
    fc.asyncProperty(patientAndRegimen, fc.double({ min: 0.5, max: 100, noNaN: true }), async (p, drop) => {
      const worse = { ...p, egfrMlMin: Math.max(range('egfrMlMin').min, (p.egfrMlMin ?? 90) - drop) };
      expect(await compare(p, worse)).toEqual([]);
    }),
    RUNS,
  );
});

test('one more agent, of any class or of a class outside the vocabulary, never lowers them', async () => {
  await fc.assert(
    fc.asyncProperty(patientAndRegimen, fc.option(fc.constantFrom(...classes), { nil: undefined }), async (p, cls) => {
      const classCounts = { ...p.classCounts };
      const added = cls ?? 'hormonal'; // 'hormonal' is not a model class: only agentCount changes for the model
      classCounts[added] = (classCounts[added] ?? 0) + 1;
      const worse = { ...p, agentCount: p.agentCount + 1, classCounts };
      expect(await compare(p, worse)).toEqual([]);
    }),
    RUNS,
  );
});
