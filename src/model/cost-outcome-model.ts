/**
 * Loads a cost-outcome model directory (manifest.json + ONNX graph), checks that the graph is the one the
 * manifest describes, and predicts in ONE ONNX Runtime run per batch.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { createEncoder, type Encoder } from './encode';
import { ModelLoadError } from './errors';
import { readManifest, type ManifestOutput, type ModelManifest } from './manifest';
import { OUTPUT_ROLES, type ModelInput, type ModelPrediction, type OutputRole } from './types';

export { ModelLoadError } from './errors';

export interface CostOutcomeModel {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
  readonly trainedOnSyntheticData: boolean;
  readonly intraOpThreads: number;
  readonly manifest: ModelManifest;
  /** number of ONNX Runtime session runs so far (one per non-empty predict call) */
  readonly runCount: number;
  covers(condition: string): boolean;
  /** Exactly ONE session.run per call, whatever rows.length; 0 rows -> [] without running. */
  predict(rows: readonly ModelInput[]): Promise<ModelPrediction[]>;
  dispose(): Promise<void>;
}

export interface LoadOptions {
  /** ONNX Runtime intra-op threads; default env MODEL_INTRA_OP_THREADS, else 1 */
  intraOpThreads?: number;
}

/** Model directory used when MODEL_PATH is not set (relative to the working directory). */
export const DEFAULT_MODEL_DIR = 'models/cost-outcome-v1';

/** The model directory selected by MODEL_PATH (bring your own model), else the default model. */
export function modelDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const p = env.MODEL_PATH?.trim();
  return resolve(p ? p : DEFAULT_MODEL_DIR);
}

export function resolveIntraOpThreads(explicit: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const raw = explicit ?? (env.MODEL_INTRA_OP_THREADS?.trim() ? Number(env.MODEL_INTRA_OP_THREADS) : 1);
  if (!Number.isInteger(raw) || raw < 1) {
    const from = explicit !== undefined ? 'intraOpThreads option' : 'MODEL_INTRA_OP_THREADS';
    throw new Error(`${from} must be a positive integer, got ${String(explicit ?? env.MODEL_INTRA_OP_THREADS)}`);
  }
  return raw;
}

type SessionShape = Pick<ort.InferenceSession, 'inputNames' | 'outputNames'> &
  Partial<Pick<ort.InferenceSession, 'inputMetadata' | 'outputMetadata'>>;

const fmtShape = (shape: readonly (number | string)[]): string => `[${shape.join(',')}]`;
const isDynamic = (d: number | string | undefined): boolean =>
  typeof d === 'string' || (typeof d === 'number' && d < 0);

/**
 * Compares the graph's inputs and outputs (names, and where ONNX Runtime exposes them, element types and
 * shapes) with the manifest. Returns one message per difference; [] when they agree.
 */
export function compareSessionWithManifest(session: SessionShape, manifest: ModelManifest): string[] {
  const problems: string[] = [];
  const { input } = manifest;
  const graphIn = session.inputNames;
  if (!graphIn.includes(input.name)) {
    problems.push(
      `input '${input.name}' declared in manifest is missing from the ONNX graph (graph inputs: ${graphIn.join(', ') || 'none'})`,
    );
  }
  for (const name of graphIn) {
    if (name !== input.name)
      problems.push(`ONNX graph input '${name}' is not declared in the manifest (manifest input: ${input.name})`);
  }
  const inMeta = session.inputMetadata?.find((m) => m.name === input.name);
  if (inMeta) {
    if (!inMeta.isTensor) problems.push(`input '${input.name}' is not a tensor in the ONNX graph`);
    else {
      if (inMeta.type !== 'float32')
        problems.push(
          `input '${input.name}' has element type ${inMeta.type} in the ONNX graph, manifest declares float32`,
        );
      const s = inMeta.shape;
      if (s.length > 0) {
        if (s.length !== 2) {
          problems.push(
            `input '${input.name}' has shape ${fmtShape(s)} in the ONNX graph, manifest declares ${fmtShape(input.shape)}`,
          );
        } else {
          if (!isDynamic(s[0]))
            problems.push(
              `input '${input.name}' has a fixed batch dimension ${String(s[0])} in the ONNX graph; the manifest requires a dynamic batch dimension`,
            );
          if (s[1] !== input.shape[1])
            problems.push(
              `input '${input.name}' has ${String(s[1])} feature columns in the ONNX graph (shape ${fmtShape(s)}), manifest declares ${input.shape[1]} (shape ${fmtShape(input.shape)})`,
            );
        }
      }
    }
  }
  const graphOut = session.outputNames;
  for (const o of manifest.outputs) {
    if (!graphOut.includes(o.name)) {
      problems.push(
        `output '${o.name}' declared in manifest is missing from the ONNX graph (graph outputs: ${graphOut.join(', ') || 'none'})`,
      );
      continue;
    }
    const meta = session.outputMetadata?.find((m) => m.name === o.name);
    if (!meta) continue;
    if (!meta.isTensor) {
      problems.push(`output '${o.name}' is not a tensor in the ONNX graph`);
      continue;
    }
    if (meta.type !== 'float32')
      problems.push(`output '${o.name}' has element type ${meta.type} in the ONNX graph, manifest declares float32`);
    const s = meta.shape;
    if (s.length > 0) {
      const rankOk = s.length === o.shape.length;
      const colOk = s.length !== 2 || s[1] === 1;
      if (!rankOk || !colOk)
        problems.push(
          `output '${o.name}' has shape ${fmtShape(s)} in the ONNX graph, manifest declares ${fmtShape(o.shape)}`,
        );
      else if (!isDynamic(s[0]))
        problems.push(
          `output '${o.name}' has a fixed batch dimension ${String(s[0])} in the ONNX graph; the manifest requires a dynamic batch dimension`,
        );
    }
  }
  const declared = new Set(manifest.outputs.map((o) => o.name));
  for (const name of graphOut) {
    if (!declared.has(name))
      problems.push(
        `ONNX graph output '${name}' is not declared in the manifest (manifest outputs: ${[...declared].join(', ')})`,
      );
  }
  return problems;
}

function finite(x: number, what: string, row: number): number {
  if (!Number.isFinite(x)) throw new Error(`model output ${what} is not finite (${x}) for row ${row}`);
  return x;
}

export async function loadCostOutcomeModel(dir: string, opts: LoadOptions = {}): Promise<CostOutcomeModel> {
  const manifest = await readManifest(dir);
  let intraOpThreads: number;
  try {
    intraOpThreads = resolveIntraOpThreads(opts.intraOpThreads);
  } catch (e) {
    throw new ModelLoadError(dir, [(e as Error).message]);
  }
  const onnxPath = join(dir, manifest.onnx.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(onnxPath);
  } catch (e) {
    throw new ModelLoadError(dir, [`cannot read ONNX file ${onnxPath}: ${(e as Error).message}`]);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== manifest.onnx.sha256) {
    throw new ModelLoadError(dir, [
      `${manifest.onnx.file} has sha256 ${sha256} but the manifest declares ${manifest.onnx.sha256}`,
    ]);
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      intraOpNumThreads: intraOpThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (e) {
    throw new ModelLoadError(dir, [`ONNX Runtime cannot load ${manifest.onnx.file}: ${(e as Error).message}`]);
  }
  const problems = compareSessionWithManifest(session, manifest);
  if (problems.length) {
    await session.release();
    throw new ModelLoadError(dir, problems);
  }
  return new OnnxCostOutcomeModel(manifest, session, sha256, intraOpThreads);
}

class OnnxCostOutcomeModel implements CostOutcomeModel {
  readonly id: string;
  readonly version: string;
  readonly trainedOnSyntheticData: boolean;
  private readonly encode: Encoder;
  private readonly conditions: ReadonlySet<string>;
  private readonly outputByRole: Record<OutputRole, ManifestOutput>;
  private runs = 0;
  private disposed = false;

  constructor(
    readonly manifest: ModelManifest,
    private readonly session: ort.InferenceSession,
    readonly sha256: string,
    readonly intraOpThreads: number,
  ) {
    this.id = manifest.id;
    this.version = manifest.version;
    this.trainedOnSyntheticData = manifest.trainedOnSyntheticData;
    this.encode = createEncoder(manifest);
    this.conditions = new Set(manifest.coverage.conditions);
    const byRole: Partial<Record<OutputRole, ManifestOutput>> = {};
    for (const o of manifest.outputs) if (o.role) byRole[o.role] = o;
    this.outputByRole = byRole as Record<OutputRole, ManifestOutput>; // validateManifest guarantees every role
  }

  get runCount(): number {
    return this.runs;
  }

  covers(condition: string): boolean {
    return this.conditions.has(condition);
  }

  async predict(rows: readonly ModelInput[]): Promise<ModelPrediction[]> {
    if (this.disposed) throw new Error(`model ${this.id} ${this.version} has been disposed`);
    if (rows.length === 0) return [];
    const batch = this.encode(rows);
    const features = new ort.Tensor('float32', batch.data, [batch.rows, batch.width]);
    this.runs += 1;
    const out = await this.session.run({ [this.manifest.input.name]: features });
    const col = {} as Record<OutputRole, Float32Array>;
    for (const role of OUTPUT_ROLES) {
      const name = this.outputByRole[role].name;
      const t = out[name];
      if (!t || !(t.data instanceof Float32Array) || t.data.length !== batch.rows) {
        throw new Error(
          `model output '${name}' has ${t ? `${t.data.length} ${t.type} values` : 'no tensor'}; expected ${batch.rows} float32 values`,
        );
      }
      col[role] = t.data;
    }
    const at = (role: OutputRole, i: number): number => finite(col[role][i] as number, this.outputByRole[role].name, i);
    return rows.map((_, i) => {
      const ae = Math.max(0, at('adverseEventCostPerAdmission', i));
      const stay = Math.max(0, at('unplannedStayCostPerAdmission', i));
      const point = ae + stay;
      return {
        adverseEventCostPerAdmission: ae,
        unplannedStayCostPerAdmission: stay,
        grade3AdverseEventProbability: Math.min(1, Math.max(0, at('grade3AdverseEventProbability', i))),
        lengthOfStayDays: Math.max(0, at('lengthOfStayDays', i)),
        qalys: Math.max(0, at('qalys', i)),
        nonDrugCostLower: Math.min(point, Math.max(0, at('nonDrugCostLower', i))),
        nonDrugCostUpper: Math.max(point, at('nonDrugCostUpper', i)),
        imputed: batch.imputed[i] ?? [],
        outOfRange: batch.outOfRange[i] ?? [],
      };
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.release();
  }
}
