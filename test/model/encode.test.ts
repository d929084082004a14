/**
 * @jest-environment ./test/model/ort-environment.js
 */
/**
 * Encoding follows the manifest (order, encodings, defaults) and every row reports which inputs were
 * imputed and which were outside the training range.
 */
import { createEncoder } from '../../src/model/encode';
import { loadCostOutcomeModel, type CostOutcomeModel } from '../../src/model/cost-outcome-model';
import type { ModelManifest } from '../../src/model/manifest';
import type { ModelInput } from '../../src/model/types';
import { MODEL_DIR, nsclcInput, shippedManifest } from './helpers';

const manifest = shippedManifest();
const encode = createEncoder(manifest);
const column = (name: string): number => {
  const f = manifest.features.find((x) => x.name === name);
  if (!f) throw new Error(`no feature ${name}`);
  return f.index;
};
const encoded = (input: ModelInput, name: string): number => encode([input]).data[column(name)] as number;
const flags = (input: ModelInput) => {
  const b = encode([input]);
  return { imputed: b.imputed[0], outOfRange: b.outOfRange[0] };
};

let model: CostOutcomeModel;
beforeAll(async () => {
  model = await loadCostOutcomeModel(MODEL_DIR);
});
afterAll(() => model.dispose());

test('a complete in-range input is neither imputed nor out of range', async () => {
  expect(flags(nsclcInput())).toEqual({ imputed: [], outOfRange: [] });
  const [p] = await model.predict([nsclcInput()]);
  expect(p).toEqual(expect.objectContaining({ imputed: [], outOfRange: [] }));
});

test('values above or below the training range are flagged and clamped to the range edge', async () => {
  const age = manifest.features[column('age_years')]!.range;
  const egfr = manifest.features[column('egfr_ml_min')]!.range;
  const input = nsclcInput({ ageYears: age.max + 11, egfrMlMin: egfr.min - 5 });
  expect(flags(input)).toEqual({ imputed: [], outOfRange: ['ageYears', 'egfrMlMin'] });
  expect(encoded(input, 'age_years')).toBe(age.max);
  expect(encoded(input, 'egfr_ml_min')).toBe(egfr.min);
  const [outside, atEdge] = await model.predict([input, nsclcInput({ ageYears: age.max, egfrMlMin: egfr.min })]);
  expect(outside!.outOfRange).toEqual(['ageYears', 'egfrMlMin']);
  expect(outside!.adverseEventCostPerAdmission).toBe(atEdge!.adverseEventCostPerAdmission);
});

test('more agents of one class than the training data ever had is out of range', () => {
  const max = manifest.features[column('class_chemotherapy')]!.range.max;
  expect(flags(nsclcInput({ classCounts: { chemotherapy: max + 1 } })).outOfRange).toEqual([
    'classCounts.chemotherapy',
  ]);
});

test('with outOfRangePolicy "pass-through" the value is flagged but passed unchanged', () => {
  const passThrough = createEncoder({ ...manifest, outOfRangePolicy: 'pass-through' });
  const b = passThrough([nsclcInput({ ageYears: 101 })]);
  expect(b.outOfRange[0]).toEqual(['ageYears']);
  expect(b.data[column('age_years')]).toBe(101);
});

test('categories the model does not know are out of range: condition, route, tier, drug class', () => {
  const input = {
    ...nsclcInput({ condition: 'hypertension', classCounts: { chemotherapy: 2, hormonal: 1 } }),
    route: 'intrathecal',
    hospitalTier: 'community',
  } as unknown as ModelInput;
  expect(flags(input).outOfRange).toEqual(['condition', 'route', 'classCounts.hormonal', 'hospitalTier']);
  // an unknown tier takes the manifest default code
  expect(encoded(input, 'hospital_tier')).toBe(manifest.features[column('hospital_tier')]!.default);
  // an unknown condition switches every condition column off
  expect(manifest.features.filter((f) => f.source === 'condition').map((f) => encode([input]).data[f.index])).toEqual(
    manifest.coverage.conditions.map(() => 0),
  );
});

test('a category named like an Object property is still unknown', () => {
  const input = { ...nsclcInput(), hospitalTier: 'constructor', route: 'toString' } as unknown as ModelInput;
  expect(flags(input).outOfRange).toEqual(['route', 'hospitalTier']);
  expect(encoded(input, 'hospital_tier')).toBe(manifest.features[column('hospital_tier')]!.default);
});

test('missing optional inputs take the manifest default and are reported as imputed', () => {
  const { egfrMlMin: _e, sex: _s, ...rest } = nsclcInput();
  const input = rest as ModelInput;
  expect(flags(input)).toEqual({ imputed: ['sex', 'egfrMlMin'], outOfRange: [] });
  expect(encoded(input, 'egfr_ml_min')).toBeCloseTo(manifest.features[column('egfr_ml_min')]!.default, 5);
  expect(encoded(input, 'sex')).toBe(0.5);
});

test('a drug class the regimen does not use counts 0 and is not reported as imputed', () => {
  const input = nsclcInput({ classCounts: { immunotherapy: 1 }, agentCount: 1 });
  expect(flags(input)).toEqual({ imputed: [], outOfRange: [] });
  expect(encoded(input, 'class_chemotherapy')).toBe(0);
  expect(encoded(input, 'class_immunotherapy')).toBe(1);
});

test('column order, encodings and codes come from the manifest, not from the code', () => {
  const tiny: ModelManifest = {
    ...manifest,
    input: { name: 'features', type: 'float32', shape: ['N', 3] },
    features: [
      {
        index: 0,
        name: 'tier',
        source: 'hospitalTier',
        type: 'float32',
        unit: 'code',
        default: 7,
        range: { min: 0, max: 10 },
        encoding: { kind: 'ordinal', categories: { tertiary: 10, primary: 3 } },
      },
      {
        index: 1,
        name: 'oral',
        source: 'route',
        type: 'float32',
        unit: 'indicator',
        default: 0,
        range: { min: 0, max: 1 },
        encoding: { kind: 'one-hot', category: 'oral' },
      },
      {
        index: 2,
        name: 'age',
        source: 'ageYears',
        type: 'float32',
        unit: 'years',
        default: 50,
        range: { min: 0, max: 120 },
        encoding: { kind: 'numeric' },
      },
    ],
  };
  const b = createEncoder(tiny)([
    nsclcInput({ hospitalTier: 'primary', route: 'oral', ageYears: 33, classCounts: {} }),
    nsclcInput({ hospitalTier: 'secondary', route: 'iv', classCounts: {} }),
  ]);
  expect(Array.from(b.data)).toEqual([3, 1, 33, 7, 0, 64]);
  // this manifest knows only the 'oral' route and two tiers
  expect(b.outOfRange).toEqual([[], ['route', 'hospitalTier']]);
});
