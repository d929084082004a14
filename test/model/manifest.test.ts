/**
 * @jest-environment ./test/model/ort-environment.js
 */
/**
 * A model directory is only used when its manifest is valid and describes the ONNX graph exactly;
 * otherwise loading fails with a ModelLoadError that says what differs.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCostOutcomeModel, ModelLoadError } from '../../src/model/cost-outcome-model';
import { validateManifest, type ModelManifest } from '../../src/model/manifest';
import { MODEL_DIR, shippedManifest } from './helpers';

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Copies the shipped model to a temporary directory with an edited manifest. */
function modelDirWith(edit: (m: ModelManifest) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'model-'));
  tmpDirs.push(dir);
  const m = shippedManifest();
  copyFileSync(join(MODEL_DIR, m.onnx.file), join(dir, m.onnx.file));
  edit(m);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  return dir;
}

async function loadProblems(dir: string): Promise<string[]> {
  try {
    const model = await loadCostOutcomeModel(dir);
    await model.dispose();
  } catch (e) {
    if (e instanceof ModelLoadError) return e.problems;
    throw e;
  }
  throw new Error('expected a ModelLoadError');
}

describe('the shipped manifest', () => {
  const m = shippedManifest();

  test('validates against models/manifest.schema.json', () => {
    expect(validateManifest(m)).toEqual({ ok: true, manifest: m });
  });

  test('says the default model is trained on synthetic data and covers the agreed conditions and classes', () => {
    expect(m.trainedOnSyntheticData).toBe(true);
    expect(m.coverage.conditions).toEqual([
      'nsclc',
      'breast-cancer',
      'colorectal-cancer',
      'aml',
      'lymphoma',
      'rheumatoid-arthritis',
    ]);
    expect(m.coverage.regimenClasses).toEqual(
      expect.arrayContaining([
        'chemotherapy',
        'targeted',
        'immunotherapy',
        'cell-therapy',
        'biologic-dmard',
        'jak-inhibitor',
        'csdmard',
        'hypomethylating',
        'bcl2-inhibitor',
      ]),
    );
  });

  test('gives every feature an order, type, encoding, unit and valid range, and every output a unit', () => {
    m.features.forEach((f, i) => {
      expect(f).toEqual(
        expect.objectContaining({
          index: i,
          type: 'float32',
          unit: expect.any(String),
          range: { min: expect.any(Number), max: expect.any(Number) },
        }),
      );
    });
    for (const o of m.outputs) expect(o.unit).toEqual(expect.any(String));
    expect(m.interval.coverage).toBe(0.8);
  });
});

describe('validateManifest rejects', () => {
  test('a schema violation, naming the field', () => {
    const m = shippedManifest() as unknown as { features: { type: string }[] };
    (m.features[3] as { type: string }).type = 'int64';
    const r = validateManifest(m);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toContain('manifest/features/3/type must be equal to constant');
  });

  test('a manifest where no output fills a prediction field', () => {
    const m = shippedManifest();
    m.outputs = m.outputs.filter((o) => o.role !== 'qalys');
    const r = validateManifest(m);
    expect(!r.ok && r.problems).toEqual(["manifest has no output with role 'qalys'"]);
  });

  test('features out of order and defaults outside their range', () => {
    const m = shippedManifest();
    const [a, b] = m.features as [ModelManifest['features'][number], ModelManifest['features'][number]];
    m.features[0] = b;
    m.features[1] = a;
    const age = m.features.find((f) => f.name === 'age_years');
    if (age) age.default = 120;
    const r = validateManifest(m);
    expect(!r.ok && r.problems).toEqual([
      `manifest feature '${b.name}' is at position 0 but declares index 1`,
      `manifest feature '${a.name}' is at position 1 but declares index 0`,
      "manifest feature 'age_years' default 120 is outside its range [18, 90]",
    ]);
  });
});

describe('loadCostOutcomeModel refuses a model whose graph differs from its manifest', () => {
  test('a renamed output: says which output is missing and which graph output is undeclared', async () => {
    const dir = modelDirWith((m) => {
      const los = m.outputs.find((o) => o.name === 'los_days');
      if (los) los.name = 'length_of_stay';
    });
    const problems = await loadProblems(dir);
    expect(problems).toEqual([
      "output 'length_of_stay' declared in manifest is missing from the ONNX graph (graph outputs: ae_cost_per_admission, unplanned_stay_cost_per_admission, grade3_ae_probability, los_days, qalys, nondrug_cost_lower, nondrug_cost_upper)",
      expect.stringMatching(/^ONNX graph output 'los_days' is not declared in the manifest/),
    ]);
  });

  test('a renamed input', async () => {
    const dir = modelDirWith((m) => {
      m.input.name = 'x';
    });
    expect(await loadProblems(dir)).toEqual([
      "input 'x' declared in manifest is missing from the ONNX graph (graph inputs: features)",
      "ONNX graph input 'features' is not declared in the manifest (manifest input: x)",
    ]);
  });

  test('a feature list one column short of the graph', async () => {
    const dir = modelDirWith((m) => {
      m.features.pop();
      m.input.shape = [m.input.shape[0], m.features.length];
    });
    expect(await loadProblems(dir)).toEqual([
      "input 'features' has 34 feature columns in the ONNX graph (shape [N,34]), manifest declares 33 (shape [N,33])",
    ]);
  });

  test('an output declared as [N] when the graph has [N, 1]', async () => {
    const dir = modelDirWith((m) => {
      const q = m.outputs.find((o) => o.name === 'qalys');
      if (q) q.shape = ['N'];
    });
    expect(await loadProblems(dir)).toEqual([
      "output 'qalys' has shape [N,1] in the ONNX graph, manifest declares [N]",
    ]);
  });

  test('an ONNX file whose sha256 is not the one in the manifest', async () => {
    const dir = modelDirWith((m) => {
      m.onnx.sha256 = '0'.repeat(64);
    });
    const problems = await loadProblems(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^model\.onnx has sha256 [0-9a-f]{64} but the manifest declares 0{64}$/);
  });

  test('an invalid manifest, before touching ONNX Runtime', async () => {
    const dir = modelDirWith((m) => {
      (m as { outOfRangePolicy: string }).outOfRangePolicy = 'ignore';
    });
    const err = await loadCostOutcomeModel(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as ModelLoadError).problems).toEqual([
      'manifest/outOfRangePolicy must be equal to one of the allowed values (["clamp","pass-through"])',
    ]);
    expect((err as Error).message).toContain(dir);
  });

  test('a missing directory', async () => {
    const problems = await loadProblems(join(tmpdir(), 'no-such-model-dir'));
    expect(problems[0]).toMatch(/^cannot read .*manifest\.json/);
  });
});
