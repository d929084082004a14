/**
 * CDS Hooks shares the REST plausibility check: an implausible measure from the EHR is a
 * "not assessed" line naming it, never a dose or a cost computed from it (issue 10, item 7).
 */
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import type { CdsCard } from '../../src/adapters/cds-hooks/cards';
import { bundle, hookRequest, nsclcOrders, nsclcPrefetch, patient, quantityObs } from './helpers';

const SIGN = '/cds-services/combo-cost-order-sign';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ CDS_AUTH_DISABLED: 'true' });
});

async function cardsFor(prefetch: Record<string, unknown>): Promise<CdsCard[]> {
  const res = await request(t.app)
    .post(SIGN)
    .set('Accept-Language', 'en')
    .send(hookRequest('order-sign', nsclcOrders(), prefetch));
  expect(res.body).toEqual(expect.objectContaining({ cards: expect.any(Array) }));
  return res.body.cards as CdsCard[];
}

const costCard = (cards: CdsCard[]) => cards.find((c) => /Expected cost/.test(c.summary));
const notAssessed = (cards: CdsCard[]) => cards.find((c) => c.source.topic?.code === 'not-assessed');

describe('implausible EHR data is not assessed, never priced', () => {
  it.each([
    [
      'a weight of 1e308 kg',
      { weight: bundle([quantityObs('w1', '29463-7', 1e308, 'kg')], 'searchset') },
      /body weight/,
    ],
    ['a height of 0 cm', { height: bundle([quantityObs('h1', '8302-2', 0, 'cm')], 'searchset') }, /body height/],
    [
      'a creatinine of 0',
      { creatinine: bundle([quantityObs('cr1', '2160-0', 0, 'mg/dL')], 'searchset') },
      /serum creatinine/,
    ],
    ['a birth date in 1800', { patient: patient('1800-01-01', 'male') }, /age at/],
  ])('%s', async (_what, override, reason) => {
    const cards = await cardsFor({ ...nsclcPrefetch(), ...override });
    expect(costCard(cards)).toBeUndefined();
    expect(notAssessed(cards)?.detail).toMatch(reason);
    expect(cards.map((c) => `${c.summary} ${c.detail ?? ''}`).join('\n')).not.toMatch(/Infinity|NaN|¥0\b|-\d+ mg/);
  });

  it('the same patient with plausible data is priced', async () => {
    expect(costCard(await cardsFor(nsclcPrefetch()))).toBeDefined();
  });
});
