/** No alternative costs more than the proposal: the one gate every alternative passes. */
import { alternativeVerdict } from '../../../src/pipeline/options/alternative-gate';

const threshold = { absolute: 200, fraction: 0.02 };

describe('the alternative gate', () => {
  it('rejects an option that costs more than the proposal', () => {
    expect(alternativeVerdict(10_000, 10_500, threshold)).toMatchObject({ shown: false, kind: 'not-cheaper' });
  });

  it('rejects an option that costs the same', () => {
    expect(alternativeVerdict(10_000, 10_000, threshold)).toMatchObject({ shown: false, kind: 'not-cheaper' });
  });

  it('rejects an option whose cost is not a number', () => {
    expect(alternativeVerdict(10_000, Number.NaN, threshold)).toMatchObject({ shown: false, kind: 'not-cheaper' });
    expect(alternativeVerdict(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, threshold)).toMatchObject({
      shown: false,
      kind: 'not-cheaper',
    });
  });

  it('hides a saving below both display thresholds (150 < 200 CNY and 1.5 % < 2 %)', () => {
    expect(alternativeVerdict(10_000, 9_850, threshold)).toMatchObject({
      shown: false,
      kind: 'below-display-threshold',
    });
  });

  it('shows a saving above either threshold: 250 CNY (2.5 %), or 150 CNY of 5,000 (3 %)', () => {
    expect(alternativeVerdict(10_000, 9_750, threshold)).toEqual({ shown: true, savings: 250, fraction: 0.025 });
    expect(alternativeVerdict(5_000, 4_850, threshold)).toMatchObject({ shown: true, savings: 150 });
  });
});
