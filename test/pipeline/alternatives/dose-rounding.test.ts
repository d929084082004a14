/**
 * Dose rounding: a body-size or AUC dose rounded DOWN to whole vials only when the rounded amount
 * stays within the pack's tolerance (±10 %) and costs less; flat doses and tablets are never rounded.
 * Patient: 62-year-old man, 68 kg, 170 cm, creatinine 0.9 mg/dL.
 */
import type { KnowledgePack } from '../../../src/knowledge/types';
import { doseRoundingCandidates } from '../../../src/pipeline/alternatives/dose-rounding';
import { EGFR_EXON19, nsclcChemoTargeted } from '../../support/cases';
import { defaultPack, packWith, staged } from '../../support/stages';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await defaultPack();
});

const resolved = (on = pack) => staged(on, nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never })).resolved;

// Calvert: AUC 5 × (Cockcroft–Gault (140 − 62) × 68 / (72 × 0.9) + 25) = 5 × (81.85 + 25) = 534.3 mg.
const carboplatinMg = 5 * (((140 - 62) * 68) / (72 * 0.9) + 25);
// Mosteller: 500 mg/m² × √(170 × 68 / 3600) = 500 × 1.792 = 896 mg.
const pemetrexedMg = 500 * Math.sqrt((170 * 68) / 3600);

it("reads the default pack's tolerance: ±10 %", () => {
  expect(pack.policies.doseRoundingTolerance).toBe(0.1);
});

it('rounds carboplatin 534 mg down to 5 × 100 mg vials (−6.4 %, within 10 %), keeping the ordered AUC 5', () => {
  expect(1 - 500 / carboplatinMg).toBeCloseTo(0.064, 3);
  const r = resolved();
  const [round, ...others] = doseRoundingCandidates(pack, r);
  expect(others).toEqual([]);
  expect(round).toMatchObject({
    id: 'round:L01XA02',
    basis: 'dose-rounding',
    list: 'alternatives',
    sameMolecule: true,
    changesDrug: 'L01XA02',
    changes: [{ from: `L01XA02 ${carboplatinMg.toFixed(0)} mg`, to: 'L01XA02 500 mg' }],
  });
  const carboplatin = round?.regimen.components.find((c) => c.drug.code === 'L01XA02');
  expect(carboplatin?.dose).toEqual({ ...r.regimen.components[2]?.dose, roundedToMg: 500 });
  expect(carboplatin?.dose).toMatchObject({ value: 5, unit: 'AUC' });
  // The other components are the proposal's own.
  expect(round?.regimen.components.filter((c) => c.drug.code !== 'L01XA02')).toEqual(
    r.regimen.components.filter((c) => c.drug.code !== 'L01XA02'),
  );
});

it('does not round pemetrexed 896 mg: the nearest whole-vial amount below (800 mg) is 10.7 % less, beyond the tolerance', () => {
  expect(1 - 800 / pemetrexedMg).toBeGreaterThan(0.1);
  expect(doseRoundingCandidates(pack, resolved()).some((c) => c.changesDrug === 'L01BA04')).toBe(false);
});

it('never rounds a flat-dose tablet (gefitinib 250 mg)', () => {
  expect(doseRoundingCandidates(pack, resolved()).some((c) => c.changesDrug === 'L01EB01')).toBe(false);
});

it("follows the pack's tolerance: at ±5 % carboplatin is not rounded either", () => {
  const strict = packWith(pack, { policies: { ...pack.policies, doseRoundingTolerance: 0.05 } });
  expect(doseRoundingCandidates(strict, resolved(strict))).toEqual([]);
});
