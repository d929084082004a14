/**
 * Value of an option against the proposal: incremental cost, incremental QALYs, ICER against the
 * willingness-to-pay threshold, dominance stated instead of a meaningless ICER, same-molecule
 * swaps as cost-minimisation (ΔQALY = 0), and net monetary benefit for ranking.
 */
import type { components } from '../../generated/api';

export type OptionValue = components['schemas']['OptionValue'];

export function optionValue(input: {
  proposalCost: number;
  proposalQalys: number;
  optionCost: number;
  optionQalys: number;
  sameMolecule: boolean;
  willingnessToPay: number;
  qalyMethod: 'model' | 'pack-average';
}): OptionValue {
  const dC = input.optionCost - input.proposalCost;
  const dQ = input.sameMolecule ? 0 : input.optionQalys - input.proposalQalys;
  const nmb = dQ * input.willingnessToPay - dC;
  // `+ 0` turns a rounded −0 into 0 (a NaN stays NaN).
  const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d + 0;
  const base = {
    qalys: round(input.sameMolecule ? input.proposalQalys : input.optionQalys, 4),
    qalyMethod: input.qalyMethod,
    incrementalCost: round(dC),
    incrementalQalys: round(dQ, 4),
    netMonetaryBenefit: round(nmb),
    willingnessToPay: input.willingnessToPay,
  };
  if (input.sameMolecule) return { ...base, icer: null, dominance: 'cost-minimisation' };
  if (Math.abs(dQ) < 1e-9 && Math.abs(dC) < 0.005) return { ...base, icer: null, dominance: 'equivalent' };
  if (dC <= 0 && dQ >= 0) return { ...base, icer: null, dominance: 'dominant' };
  if (dC >= 0 && dQ <= 0) return { ...base, icer: null, dominance: 'dominated' };
  const icer = dC / dQ;
  // North-east (dearer, better): cost-effective when ICER ≤ WTP. South-west (cheaper, worse): when savings per QALY
  // lost ≥ WTP. In both quadrants that is NMB ≥ 0; judged on the NMB as shown (to the fen), so an ICER exactly at the
  // threshold is not called "not cost-effective" by a floating-point residue in ΔQALY.
  const costEffective = base.netMonetaryBenefit >= 0;
  return { ...base, icer: round(icer), dominance: costEffective ? 'cost-effective' : 'not-cost-effective' };
}
