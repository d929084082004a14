/**
 * Carboplatin by Calvert: dose = target AUC × (clearance + 25), the clearance capped per hospital
 * policy (125 mL/min in the default pack's policies.json), so the dose cap is AUC × 150 by formula:
 * AUC 5 → 750 mg, AUC 6 → 900 mg. No fixed "label maximum" in mg caps an AUC dose.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PackValidationError, loadKnowledgePack } from '../../../src/knowledge/load-pack';
import { calculateDose } from '../../../src/pipeline/drug-cost/dose-calculation';
import { DEFAULT_PACK_DIR } from '../../knowledge/helpers';

const CAP = 125;

describe('Calvert carboplatin dose', () => {
  it('caps AUC 6 at 6 × (125 + 25) = 900 mg for a clearance above the policy cap, not at 750 mg', () => {
    // Even if a protocol maxMg written for AUC 5 (750 mg) travels with the order, it does not cap AUC 6.
    const dose = calculateDose(
      { value: 6, unit: 'AUC', from: 'order', maxMg: 750 },
      { creatinineClearanceMlMin: 140, basis: {} },
      70,
      CAP,
    );
    expect(dose.perAdministration).toBe(900);
    expect(dose.calculation).toContain('capped at 125');
    expect(dose.calculation).toContain('900 mg');
    expect(dose.calculation).not.toContain('label maximum');
  });

  it('uses the measured clearance below the cap: AUC 6 × (80 + 25) = 630 mg; AUC 5 × (125 + 25) = 750 mg', () => {
    expect(
      calculateDose({ value: 6, unit: 'AUC', from: 'order' }, { creatinineClearanceMlMin: 80, basis: {} }, 70, CAP)
        .perAdministration,
    ).toBe(630);
    expect(
      calculateDose({ value: 5, unit: 'AUC', from: 'protocol' }, { creatinineClearanceMlMin: 200, basis: {} }, 70, CAP)
        .perAdministration,
    ).toBe(750);
  });

  it('follows the hospital policy cap from the pack: a 100 mL/min cap gives AUC 6 × 125 = 750 mg', () => {
    expect(
      calculateDose({ value: 6, unit: 'AUC', from: 'order' }, { creatinineClearanceMlMin: 140, basis: {} }, 70, 100)
        .perAdministration,
    ).toBe(750);
  });

  it('still applies a real mg cap to a body-size dose: vincristine 1.4 mg/m² × 2.0 m² = 2.8 mg capped at 2 mg', () => {
    expect(
      calculateDose({ value: 1.4, unit: 'mg/m2', from: 'protocol', maxMg: 2 }, { bsaM2: 2, basis: {} }, 80, CAP)
        .perAdministration,
    ).toBe(2);
  });
});

describe('the pack', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pack-'));
    cpSync(DEFAULT_PACK_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the Calvert clearance cap as hospital policy data (125 mL/min)', async () => {
    expect((await loadKnowledgePack(DEFAULT_PACK_DIR)).policies.calvertClearanceCapMlMin).toBe(125);
  });

  it('rejects a fixed mg maximum on an AUC dose (the formula is the cap)', async () => {
    const file = path.join(dir, 'regimens.json');
    const regimens = JSON.parse(readFileSync(file, 'utf8')) as { components: { dose: Record<string, unknown> }[] }[];
    const auc = regimens.flatMap((r) => r.components).find((c) => c.dose.basis === 'auc');
    if (!auc) throw new Error('the default pack has no AUC dose');
    auc.dose.maxMg = 750;
    writeFileSync(file, JSON.stringify(regimens, null, 2));
    await expect(loadKnowledgePack(dir)).rejects.toBeInstanceOf(PackValidationError);
  });
});
