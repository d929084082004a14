/**
 * The one cost gate at the default pack's display threshold (200 CNY OR 2 % of the proposal's
 * course): no alternative dearer than the proposal or equal to it; a saving is hidden only when it
 * is below BOTH thresholds, so exactly at either one it is shown.
 */
import type { HospitalPolicies } from '../../../src/knowledge/types';
import { alternativeVerdict } from '../../../src/pipeline/options/alternative-gate';
import { defaultPack } from '../../support/stages';

let threshold: HospitalPolicies['savingsDisplayThreshold'];
beforeAll(async () => {
  threshold = (await defaultPack()).policies.savingsDisplayThreshold;
});

const verdict = (proposal: number, option: number) => alternativeVerdict(proposal, option, threshold);

it("reads the default pack's display threshold: 200 CNY or 2 %", () => {
  expect(threshold).toEqual({ absolute: 200, fraction: 0.02 });
});

describe('never dearer than the proposal', () => {
  it.each([
    ['1 fen dearer', 50_000, 50_000.01],
    ['the same cost', 50_000, 50_000],
    ['twice the cost', 50_000, 100_000],
  ])('rejects an option at %s as not cheaper', (_, proposal, option) => {
    expect(verdict(proposal, option)).toMatchObject({ shown: false, kind: 'not-cheaper' });
  });

  it('says by how much it is dearer', () => {
    expect(verdict(50_000, 51_234.5)).toMatchObject({ message: expect.stringContaining('1234.5 CNY more') });
  });

  it('rejects an option whose cost is unknown, even against a proposal of 0', () => {
    expect(verdict(0, Number.NaN)).toMatchObject({ shown: false, kind: 'not-cheaper' });
    expect(verdict(0, 0)).toMatchObject({ shown: false, kind: 'not-cheaper' });
  });
});

describe('the absolute threshold (200 CNY) on a 20,000 course, where 2 % would be 400', () => {
  it('hides a saving just below it (199.99 CNY, 1.0 %)', () => {
    expect(verdict(20_000, 19_800.01)).toMatchObject({ shown: false, kind: 'below-display-threshold' });
  });

  it('shows a saving equal to it (200 CNY)', () => {
    expect(verdict(20_000, 19_800)).toEqual({ shown: true, savings: 200, fraction: 0.01 });
  });

  it('shows a saving just above it (200.01 CNY)', () => {
    expect(verdict(20_000, 19_799.99)).toMatchObject({ shown: true, savings: expect.closeTo(200.01, 6) });
  });
});

describe('the fractional threshold (2 %) on a 5,000 course, where 200 CNY would be 4 %', () => {
  it('hides a saving just below it (99 CNY, 1.98 %)', () => {
    expect(verdict(5_000, 4_901)).toMatchObject({ shown: false, kind: 'below-display-threshold' });
  });

  it('shows a saving equal to it (100 CNY, 2 %)', () => {
    expect(verdict(5_000, 4_900)).toEqual({ shown: true, savings: 100, fraction: 0.02 });
  });

  it('shows a saving just above it (101 CNY, 2.02 %)', () => {
    expect(verdict(5_000, 4_899)).toMatchObject({ shown: true, savings: 101 });
  });
});

it('names both thresholds and the saving when it hides one', () => {
  const v = verdict(20_000, 19_850);
  expect(v).toMatchObject({ shown: false, kind: 'below-display-threshold' });
  if (v.shown) return;
  expect(v.message).toEqual(expect.stringContaining('150 CNY (0.8%)'));
  expect(v.message).toEqual(expect.stringContaining('200 CNY and 2%'));
});
