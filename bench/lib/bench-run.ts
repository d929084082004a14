/** What one `npm run bench` run measured: the rows bench/run.ts collects and bench/lib/report.ts writes. */
import type { LoadResult } from './load';
import type { PackScaleResult } from './pack-scale';

export const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
export const mb = (b: number) => b / 1024 / 1024;

export interface Target {
  name: string;
  target: string;
  measured: string;
  pass: boolean;
  margin: string;
}

export interface CandidateSummary {
  cases: number;
  min: number;
  median: number;
  max: number;
  atLeast8: number;
}

/** The checks before load: every kind of body answered 200; candidate counts; the answer's size. */
export interface PreCheck {
  regimenCandidates: Record<string, number[]>;
  candidateSummary: CandidateSummary;
  responseBytes: number;
  /** The CDS Hooks order-sign service id, null when the service lists none. */
  cdsId: string | null;
}

export interface CpuRow {
  row: string;
  ms: number;
  via: string;
}

export interface SingleRun {
  r: LoadResult;
  serviceCpu: number;
}

/** One interleaved round at 8 connections: baseline, service, CDS order-sign. */
export interface Round8 {
  baseline: LoadResult;
  service: LoadResult;
  ratio: number;
  restCpuMs: number;
  cdsCpuMs: number;
}

export interface BatchRow {
  size: number;
  requests: number;
  assessmentsPerSecond: number;
  p50: number;
  p99: number;
  cpuMsPerAssessment: number;
  non2xx: number;
}

export interface ScalingRow {
  components: number;
  candidates: number;
  meanMs: number;
  p50: number;
  cpuMsPerAssessment: number;
  requests: number;
}

export interface BenchRun {
  started: number;
  seconds: number;
  loadBefore: number[];
  notes: string[];
  packScale: PackScaleResult;
  pre: PreCheck;
  rounds8: Round8[];
  /** The median round at 8 connections, and the run at 64. */
  s8: SingleRun;
  s64: SingleRun;
  baseRuns: Record<number, LoadResult>;
  cds: LoadResult[];
  cdsCpuMs: Record<number, number>;
  loadRuns: LoadResult[];
  cpuPerAssessment: CpuRow[];
  batches: BatchRow[];
  scaling: ScalingRow[];
  workers2: LoadResult[];
  peakRssSingle: number;
  peakRssBatch: number;
  peakRssBatch1000: number;
  peakRss1: number;
  peakRss2: number;
}
