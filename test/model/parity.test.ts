/**
 * @jest-environment ./test/model/ort-environment.js
 */
/**
 * The ONNX graph, run by onnxruntime-node through the TypeScript encoder, reproduces the trainer's
 * XGBoost predictions on committed held-out rows.
 */
import { join } from 'node:path';
import { createEncoder } from '../../src/model/encode';
import { loadCostOutcomeModel, type CostOutcomeModel } from '../../src/model/cost-outcome-model';
import type { ModelInput, ModelPrediction, OutputRole } from '../../src/model/types';
import { MODEL_DIR, readJson, shippedManifest } from './helpers';

interface HeldoutSample {
  modelId: string;
  tolerance: Record<string, { abs: number; rel: number }>;
  rows: { input: ModelInput; features: number[]; expected: Record<string, number> }[];
}

const sample = readJson<HeldoutSample>(join(MODEL_DIR, 'heldout-sample.json'));
const manifest = shippedManifest();
let model: CostOutcomeModel;

beforeAll(async () => {
  model = await loadCostOutcomeModel(MODEL_DIR);
});
afterAll(() => model.dispose());

test('the sample belongs to this model and is big enough to mean something', () => {
  expect(sample.modelId).toBe(manifest.id);
  expect(sample.rows.length).toBeGreaterThanOrEqual(100);
  expect(sample.rows.some((r) => Object.keys(r.input).length < 18)).toBe(true); // rows with imputed fields
});

test("the TypeScript encoder produces exactly the trainer's feature vectors (incl. imputed defaults)", () => {
  const batch = createEncoder(manifest)(sample.rows.map((r) => r.input));
  const mismatches: string[] = [];
  sample.rows.forEach((r, i) => {
    r.features.forEach((x, j) => {
      const got = batch.data[i * batch.width + j] as number;
      if (got !== Math.fround(x)) mismatches.push(`row ${i} ${manifest.features[j]?.name}: ${got} vs ${x}`);
    });
  });
  expect(mismatches).toEqual([]);
});

test("ONNX predictions match the trainer's within abs + rel tolerance for every output", async () => {
  const preds = await model.predict(sample.rows.map((r) => r.input));
  const roleOf = new Map(manifest.outputs.map((o) => [o.name, o.role as OutputRole]));
  const failures: string[] = [];
  let compared = 0;
  sample.rows.forEach((r, i) => {
    for (const [name, expected] of Object.entries(r.expected)) {
      const role = roleOf.get(name);
      if (!role) throw new Error(`sample output ${name} is not in the manifest`);
      const got = (preds[i] as ModelPrediction)[role];
      const tol = sample.tolerance[name];
      if (!tol) throw new Error(`heldout-sample.json has no tolerance for ${name}`);
      // the service-side post-processing: probabilities in [0, 1], costs, days and QALYs never negative
      const want =
        role === 'grade3AdverseEventProbability' ? Math.min(1, Math.max(0, expected)) : Math.max(0, expected);
      if (!(Math.abs(got - want) <= tol.abs + tol.rel * Math.abs(want))) {
        failures.push(`row ${i} ${name}: onnx ${got} vs trainer ${want} (raw ${expected})`);
      }
      compared += 1;
    }
  });
  expect(failures).toEqual([]);
  expect(compared).toBe(sample.rows.length * manifest.outputs.length);
});
