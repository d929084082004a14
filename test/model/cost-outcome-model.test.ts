/**
 * @jest-environment ./test/model/ort-environment.js
 */
/**
 * The loaded model: one ONNX Runtime run per predict call, coverage by condition, post-processed
 * predictions, thread settings and MODEL_PATH.
 */
import { resolve } from 'node:path';
import {
  loadCostOutcomeModel,
  modelDirFromEnv,
  ModelLoadError,
  type CostOutcomeModel,
} from '../../src/model/cost-outcome-model';
import { MODEL_DIR, nsclcInput, shippedManifest } from './helpers';

let model: CostOutcomeModel;
beforeAll(async () => {
  model = await loadCostOutcomeModel(MODEL_DIR);
});
afterAll(() => model.dispose());

const manyRows = (n: number) =>
  Array.from({ length: n }, (_, i) => nsclcInput({ ageYears: 30 + (i % 60), ecog: i % 4, cycles: 1 + (i % 12) }));

test('identifies itself from the manifest and the ONNX file', () => {
  const m = shippedManifest();
  expect(model).toEqual(
    expect.objectContaining({ id: m.id, version: m.version, sha256: m.onnx.sha256, trainedOnSyntheticData: true }),
  );
});

test.each([1, 37, 4096])(
  'predicting %i rows runs the ONNX session exactly once and returns one prediction per row',
  async (n) => {
    const before = model.runCount;
    const preds = await model.predict(manyRows(n));
    expect(model.runCount - before).toBe(1);
    expect(preds).toHaveLength(n);
  },
);

test('predicting no rows returns [] without running the session', async () => {
  const before = model.runCount;
  await expect(model.predict([])).resolves.toEqual([]);
  expect(model.runCount).toBe(before);
});

test('a batch gives the same predictions, in the same order, as the rows one by one', async () => {
  const rows = [
    nsclcInput({ ecog: 3 }),
    nsclcInput({ condition: 'aml', classCounts: { hypomethylating: 1, 'bcl2-inhibitor': 1 }, agentCount: 2, stage: 0 }),
    nsclcInput(),
  ];
  const batch = await model.predict(rows);
  for (const [i, row] of rows.entries()) {
    const [single] = await model.predict([row]);
    expect(batch[i]!.adverseEventCostPerAdmission).toBeCloseTo(single!.adverseEventCostPerAdmission, 3);
    expect(batch[i]!.qalys).toBeCloseTo(single!.qalys, 6);
  }
});

test('covers the six modelled conditions and none of the fallback ones', () => {
  for (const c of ['nsclc', 'breast-cancer', 'colorectal-cancer', 'aml', 'lymphoma', 'rheumatoid-arthritis'])
    expect(model.covers(c)).toBe(true);
  for (const c of ['type-2-diabetes', 'hypertension', 'coronary-intervention', 'NSCLC', ''])
    expect(model.covers(c)).toBe(false);
});

test('predictions are post-processed: probability in [0, 1], costs and days >= 0, lower <= point <= upper', async () => {
  const rows = manyRows(300).map((r, i) => ({
    ...r,
    horizonMonths: 1 + (i % 60),
    ecog: i % 5,
    febrileNeutropeniaRisk: (i % 10) / 10,
  }));
  for (const p of await model.predict(rows)) {
    const point = p.adverseEventCostPerAdmission + p.unplannedStayCostPerAdmission;
    expect(p.grade3AdverseEventProbability).toBeGreaterThanOrEqual(0);
    expect(p.grade3AdverseEventProbability).toBeLessThanOrEqual(1);
    expect(
      Math.min(
        p.adverseEventCostPerAdmission,
        p.unplannedStayCostPerAdmission,
        p.lengthOfStayDays,
        p.qalys,
        p.nonDrugCostLower,
      ),
    ).toBeGreaterThanOrEqual(0);
    expect(p.nonDrugCostLower).toBeLessThanOrEqual(point);
    expect(p.nonDrugCostUpper).toBeGreaterThanOrEqual(point);
  }
});

test('a longer horizon never gives fewer QALYs for the same patient in this model', async () => {
  const [short, long] = await model.predict([nsclcInput({ horizonMonths: 6 }), nsclcInput({ horizonMonths: 36 })]);
  expect(long!.qalys).toBeGreaterThan(short!.qalys);
});

describe('ONNX Runtime threads', () => {
  const saved = process.env.MODEL_INTRA_OP_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.MODEL_INTRA_OP_THREADS;
    else process.env.MODEL_INTRA_OP_THREADS = saved;
  });

  test('default to one intra-op thread', () => {
    if (saved === undefined) expect(model.intraOpThreads).toBe(1);
  });

  test('follow MODEL_INTRA_OP_THREADS, and an explicit option wins', async () => {
    process.env.MODEL_INTRA_OP_THREADS = '2';
    const fromEnv = await loadCostOutcomeModel(MODEL_DIR);
    const explicit = await loadCostOutcomeModel(MODEL_DIR, { intraOpThreads: 3 });
    expect([fromEnv.intraOpThreads, explicit.intraOpThreads]).toEqual([2, 3]);
    await Promise.all([fromEnv.dispose(), explicit.dispose()]);
  });

  test('refuse a setting that is not a positive integer', async () => {
    process.env.MODEL_INTRA_OP_THREADS = 'two';
    const err = await loadCostOutcomeModel(MODEL_DIR).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as ModelLoadError).problems).toEqual(['MODEL_INTRA_OP_THREADS must be a positive integer, got two']);
  });
});

test('MODEL_PATH selects another model directory; without it the default model is used', () => {
  expect(modelDirFromEnv({ MODEL_PATH: '/srv/models/hospital-a' })).toBe('/srv/models/hospital-a');
  expect(modelDirFromEnv({})).toBe(resolve('models/cost-outcome-v1'));
});

test('a disposed model refuses to predict', async () => {
  const m = await loadCostOutcomeModel(MODEL_DIR);
  await m.dispose();
  await expect(m.predict([nsclcInput()])).rejects.toThrow(/disposed/);
});
