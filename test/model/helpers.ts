import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelInput } from '../../src/model/types';
import type { ModelManifest } from '../../src/model/manifest';

/** The model under test: MODEL_PATH when set (training/train.sh checks a freshly trained model this way). */
export const MODEL_DIR = resolve(process.env.MODEL_PATH?.trim() || join(__dirname, '../../models/cost-outcome-v1'));

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export const shippedManifest = (): ModelManifest => readJson<ModelManifest>(join(MODEL_DIR, 'manifest.json'));

/** A complete, in-range input: stage IV NSCLC on pembrolizumab + platinum doublet in a tertiary hospital. */
export function nsclcInput(overrides: Partial<ModelInput> = {}): ModelInput {
  return {
    condition: 'nsclc',
    ageYears: 64,
    sex: 'male',
    bsaM2: 1.75,
    ecog: 1,
    egfrMlMin: 80,
    altRatioToUln: 1.1,
    comorbidityCount: 1,
    stage: 4,
    lineOfTherapy: 1,
    hospitalTier: 'tertiary',
    agentCount: 3,
    classCounts: { chemotherapy: 2, immunotherapy: 1 },
    route: 'iv',
    intensity: 'standard',
    febrileNeutropeniaRisk: 0.1,
    cycles: 4,
    horizonMonths: 12,
    ...overrides,
  };
}
