/** The targets reported PASS/MISS with their margins (never asserted): the service's own and issue 13's. */
import { fmt, mb, type BenchRun, type Target } from './bench-run';
import { median } from './pack-scale';

export function benchTargets(run: BenchRun): Target[] {
  return [...serviceTargets(run), ...issue13Targets(run)];
}

function serviceTargets(run: BenchRun): Target[] {
  const { s8, batches, peakRssSingle, peakRss1 } = run;
  const b8 = run.baseRuns[8]!;
  const bestBatch = batches.reduce((a, b) => (b.assessmentsPerSecond > a.assessmentsPerSecond ? b : a));
  const tput = s8.r.rps / b8.rps;
  const p99ratio = s8.r.p99 / b8.p99;
  return [
    {
      name: 'single-assessment throughput vs baseline (8 conn)',
      target: '≥ 50 %',
      measured: `${fmt(tput * 100)} %`,
      pass: tput >= 0.5,
      margin: `${tput >= 0.5 ? '+' : ''}${fmt((tput - 0.5) * 100)} points`,
    },
    {
      name: 'p99 at 8 connections vs baseline',
      target: '≤ 2×',
      measured: `${fmt(p99ratio, 2)}× (${fmt(s8.r.p99)} ms vs ${fmt(b8.p99)} ms)`,
      pass: p99ratio <= 2,
      margin: `${fmt(2 - p99ratio, 2)}× headroom`,
    },
    {
      name: 'batch assessments/s (best batch size)',
      target: '≥ 5,000/s',
      measured: `${fmt(bestBatch.assessmentsPerSecond, 0)}/s (batch of ${bestBatch.size})`,
      pass: bestBatch.assessmentsPerSecond >= 5000,
      margin: `${fmt(((bestBatch.assessmentsPerSecond - 5000) / 5000) * 100)} %`,
    },
    {
      name: 'peak RSS, WORKERS=1, single assessments + CDS (8/64 conn)',
      target: '≤ 300 MB',
      measured: `${fmt(mb(peakRssSingle))} MB`,
      pass: mb(peakRssSingle) <= 300,
      margin: `${fmt(300 - mb(peakRssSingle))} MB`,
    },
    {
      name: 'peak RSS, WORKERS=1, whole run incl. batches of 1,000',
      target: '≤ 300 MB',
      measured: `${fmt(mb(peakRss1))} MB`,
      pass: mb(peakRss1) <= 300,
      margin: `${fmt(300 - mb(peakRss1))} MB`,
    },
  ];
}

function issue13Targets(run: BenchRun): Target[] {
  const { rounds8, batches, packScale, peakRssBatch1000 } = run;
  const ratios8 = rounds8.map((r) => r.ratio);
  const medianRatio8 = median(ratios8);
  const batch1000 = batches.find((b) => b.size === 1000);
  const cdsOverRest = median(rounds8.map((r) => r.cdsCpuMs / r.restCpuMs));
  const restCpu8 = median(rounds8.map((r) => r.restCpuMs));
  const cdsCpu8 = median(rounds8.map((r) => r.cdsCpuMs));
  const [packDefault, packTarget] = packScale.rows;
  const packRatio = median(packTarget?.ratios ?? [NaN]);
  return [
    {
      name: `issue 13: per-assessment CPU, generated pack (${packTarget?.drugs} drugs, ${packTarget?.products} products, ${packTarget?.rules} rules) vs default`,
      target: '≤ 1.15×',
      measured: `${fmt(packRatio, 2)}× (median of ${packScale.rounds} rounds; ${fmt(median(packTarget?.cpuMs ?? [NaN]), 2)} vs ${fmt(median(packDefault?.cpuMs ?? [NaN]), 2)} ms)`,
      pass: packRatio <= 1.15,
      margin: `${fmt(1.15 - packRatio, 2)}×`,
    },
    {
      name: `issue 13: single-assessment throughput vs baseline (8 conn, ${rounds8.length} interleaved rounds, median)`,
      target: '≥ 25 %',
      measured: `${fmt(medianRatio8 * 100)} % (min ${fmt(Math.min(...ratios8) * 100)}, max ${fmt(Math.max(...ratios8) * 100)})`,
      pass: medianRatio8 >= 0.25,
      margin: `${medianRatio8 >= 0.25 ? '+' : ''}${fmt((medianRatio8 - 0.25) * 100)} points`,
    },
    {
      name: 'issue 13: batches of 1,000 on one worker',
      target: '≥ 1,500 assessments/s',
      measured: batch1000 ? `${fmt(batch1000.assessmentsPerSecond, 0)}/s` : 'n/a',
      pass: (batch1000?.assessmentsPerSecond ?? 0) >= 1500,
      margin: batch1000 ? `${fmt(batch1000.assessmentsPerSecond - 1500, 0)}/s` : 'n/a',
    },
    {
      name: 'issue 13: peak RSS during batches of 1,000 (WORKERS=1)',
      target: '≤ 250 MB',
      measured: `${fmt(mb(peakRssBatch1000))} MB`,
      pass: mb(peakRssBatch1000) <= 250,
      margin: `${fmt(250 - mb(peakRssBatch1000))} MB`,
    },
    {
      name: `issue 13: CDS order-sign CPU per call vs single REST assessment (8 conn, ${rounds8.length} interleaved rounds, median of the per-round ratios)`,
      target: '≤ 1.00×',
      measured: `${fmt(cdsOverRest, 2)}× (medians ${fmt(cdsCpu8, 2)} vs ${fmt(restCpu8, 2)} ms)`,
      pass: cdsOverRest <= 1,
      margin: `${fmt(1 - cdsOverRest, 2)}×`,
    },
  ];
}
