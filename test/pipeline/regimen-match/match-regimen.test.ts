/**
 * Regimen matching: the ordered therapeutic drugs to a library regimen (the same set, the case's
 * condition first), and every deviation from its protocol — a dose more than the tolerance (±10 %)
 * above or below, critical at the critical dose ratio (2 × the protocol dose: a dose error), another
 * dosing basis, administrations per cycle, cycle length, and required supportive drugs not ordered.
 */
import type { KnowledgePack, Regimen } from '../../../src/knowledge/types';
import {
  closestRegimen,
  findLibraryRegimen,
  protocolDeviations,
  type DeviationInput,
} from '../../../src/pipeline/regimen-match/match-regimen';
import type { ResolvedComponent } from '../../../src/pipeline/resolve/resolved-case';
import { defaultPack, orderedComponent, regimenIn } from '../../support/stages';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await defaultPack();
});

describe('finding the library regimen', () => {
  it('matches the same set of therapeutic drugs, in any order', () => {
    expect(findLibraryRegimen(pack, ['L01BA04', 'L01XA02'], 'nsclc')?.id).toBe('nsclc-pem-carbo');
    expect(findLibraryRegimen(pack, ['L01XA02', 'L01BA04'], 'nsclc')?.id).toBe('nsclc-pem-carbo');
    expect(findLibraryRegimen(pack, ['L01EB01', 'L01BA04', 'L01XA02'], 'nsclc')?.id).toBe('nsclc-gef-pem-carbo');
  });

  it('does not match a subset or a superset of a regimen', () => {
    expect(findLibraryRegimen(pack, ['L01BA04'], 'nsclc')).toBeNull();
    expect(findLibraryRegimen(pack, ['L01BA04', 'L01XA02', 'L01FG01'], 'nsclc')).toBeNull();
  });

  it("prefers the case's condition when two conditions share the drug set (docetaxel alone)", () => {
    expect(findLibraryRegimen(pack, ['L01CD02'], 'breast-cancer')?.id).toBe('breast-docetaxel');
    expect(findLibraryRegimen(pack, ['L01CD02'], 'nsclc')?.id).toBe('nsclc-docetaxel');
  });

  it('falls back to the same drug set in another condition, the same one every time', () => {
    const other = findLibraryRegimen(pack, ['L01CD02'], 'colorectal-cancer');
    expect(['nsclc-docetaxel', 'breast-docetaxel']).toContain(other?.id);
    expect(findLibraryRegimen(pack, ['L01CD02'], 'colorectal-cancer')).toBe(other);
  });

  it('names the closest regimen of the condition for pack averages when none matches exactly', () => {
    // Pemetrexed + carboplatin + pembrolizumab + bevacizumab: pem-carbo-pembro shares 3 drugs (score 3 × 10 − 1),
    // paclitaxel-carboplatin-bevacizumab 2 (2 × 10 − 1), pem-carbo 2 (2 × 10 − 2).
    expect(closestRegimen(pack, ['L01BA04', 'L01XA02', 'L01FF02', 'L01FG01'], 'nsclc')?.id).toBe(
      'nsclc-pem-carbo-pembro',
    );
    expect(closestRegimen(pack, ['L04AB04'], 'nsclc')).toBeNull();
  });
});

describe('deviations from the pemetrexed + carboplatin protocol (500 mg/m², AUC 5, 21-day cycles)', () => {
  const pemCarbo = () => regimenIn(pack, 'nsclc-pem-carbo');
  const pem = (value: number, unit = 'mg/m2', schedule: Parameters<typeof orderedComponent>[4] = {}) =>
    orderedComponent(pack, 'L01BA04', 'P-PEMETREXED-O-500', { value, unit }, schedule);
  const carbo = (value = 5) => orderedComponent(pack, 'L01XA02', 'P-CARBOPLATIN-O-100', { value, unit: 'AUC' });

  function deviations(components: ResolvedComponent[], over: Partial<DeviationInput> = {}) {
    return protocolDeviations(pack, {
      regimen: pemCarbo(),
      components,
      supportive: [],
      supportiveListed: false,
      cycleLengthDays: 21,
      doseTolerance: pack.policies.protocolDoseTolerance,
      criticalDoseRatio: pack.policies.criticalDoseRatio,
      highFebrileNeutropeniaRisk: pack.policies.highFebrileNeutropeniaRisk,
      ...over,
    });
  }

  it("reads the default pack's tolerance (±10 %) and critical dose ratio (2 ×)", () => {
    expect(pack.policies.protocolDoseTolerance).toBe(0.1);
    expect(pack.policies.criticalDoseRatio).toBe(2);
  });

  it('finds none for the protocol as written', () => {
    expect(deviations([pem(500), carbo()])).toEqual([]);
  });

  it.each([
    ['exactly 10 % above (550)', 550],
    ['exactly 10 % below (450)', 450],
  ])('finds none for a dose %s: the tolerance is inclusive', (_, value) => {
    expect(deviations([pem(value), carbo()])).toEqual([]);
  });

  it('warns of a dose 12 % above the protocol (560 mg/m²)', () => {
    expect(deviations([pem(560), carbo()])).toEqual([
      expect.objectContaining({
        kind: 'dose-above-protocol',
        drug: 'L01BA04',
        expected: '500 mg/m2',
        actual: '560 mg/m2',
        severity: 'warning',
      }),
    ]);
  });

  it('calls a dose at twice the protocol critical, and just below it a warning', () => {
    expect(deviations([pem(1000), carbo()])).toEqual([
      expect.objectContaining({ kind: 'dose-above-protocol', severity: 'critical' }),
    ]);
    expect(deviations([pem(999), carbo()])).toEqual([
      expect.objectContaining({ kind: 'dose-above-protocol', severity: 'warning' }),
    ]);
  });

  it('notes a dose 12 % below the protocol (440 mg/m²) as a possible dose reduction', () => {
    expect(deviations([pem(440), carbo()])).toEqual([
      expect.objectContaining({ kind: 'dose-below-protocol', severity: 'info', actual: '440 mg/m2' }),
    ]);
  });

  it('notes a dose on another basis (a flat 900 mg) without comparing the numbers', () => {
    expect(deviations([pem(900, 'mg'), carbo()])).toEqual([
      expect.objectContaining({ kind: 'schedule', drug: 'L01BA04', severity: 'info', actual: '900 mg' }),
    ]);
  });

  it('does not compare a dose the protocol itself supplied', () => {
    const fromProtocol = orderedComponent(pack, 'L01BA04', 'P-PEMETREXED-O-500', {
      value: 1000,
      unit: 'mg/m2',
      from: 'protocol',
    });
    expect(deviations([fromProtocol, carbo()])).toEqual([]);
  });

  it('warns of a different number of administrations per cycle', () => {
    expect(deviations([pem(500, 'mg/m2', { administrationsPerCycle: 2 }), carbo()])).toEqual([
      expect.objectContaining({ kind: 'schedule', drug: 'L01BA04', severity: 'warning', actual: '2 per cycle' }),
    ]);
  });

  it('warns of a different cycle length (28 instead of 21 days)', () => {
    expect(deviations([pem(500), carbo()], { cycleLengthDays: 28 })).toEqual([
      expect.objectContaining({
        kind: 'schedule',
        severity: 'warning',
        expected: '21-day cycles',
        actual: '28-day cycles',
      }),
    ]);
  });

  describe('supportive drugs', () => {
    const required = (r: Regimen) => r.supportive.filter((s) => s.requiredWhen === 'always').map((s) => s.drug);

    it('lists every required supportive drug not ordered, when the order lists its supportive drugs', () => {
      const folic = orderedComponent(
        pack,
        'B03BB01',
        'P-FOLIC-GA-0.4',
        { value: 0.4, unit: 'mg' },
        { role: 'supportive' },
      );
      const found = deviations([pem(500), carbo()], { supportive: [folic], supportiveListed: true });
      const missing = required(pemCarbo()).filter((d) => d !== 'B03BB01');
      expect(missing.length).toBeGreaterThan(0);
      expect(found.map((d) => [d.kind, d.drug])).toEqual(missing.map((d) => ['missing-supportive', d]));
    });

    it('lists none when the order did not list supportive drugs (the protocol’s are assumed)', () => {
      expect(deviations([pem(500), carbo()], { supportiveListed: false })).toEqual([]);
    });

    it('requires growth-factor support only at a febrile-neutropenia risk ≥ 20 % (TC adjuvant 25 %, not paclitaxel-carboplatin 5 %)', () => {
      const tc = regimenIn(pack, 'breast-tc-adjuvant');
      const pc = regimenIn(pack, 'nsclc-pac-carbo');
      expect(tc.febrileNeutropeniaRisk).toBeGreaterThanOrEqual(0.2);
      expect(pc.febrileNeutropeniaRisk).toBeLessThan(0.2);
      const missingGcsf = (regimen: Regimen) =>
        protocolDeviations(pack, {
          regimen,
          components: [],
          supportive: [],
          supportiveListed: true,
          cycleLengthDays: regimen.cycleLengthDays,
          doseTolerance: 0.1,
          criticalDoseRatio: 2,
          highFebrileNeutropeniaRisk: pack.policies.highFebrileNeutropeniaRisk,
        }).some((d) => d.kind === 'missing-supportive' && d.drug === 'L03AA13');
      expect(missingGcsf(tc)).toBe(true);
      expect(missingGcsf(pc)).toBe(false);
    });
  });
});
