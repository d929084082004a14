/**
 * Alert economy: safety limits that missing data leaves undecided share ONE warning card naming
 * what to record, so they do not push the cost card out of the card limit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import type { CdsCard } from '../../src/adapters/cds-hooks/cards';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ CDS_AUTH_DISABLED: 'true' });
});

it('the README RA order (a woman of 54, pregnancy, breastfeeding and clearance not recorded) gets one card for the undecided limits and keeps its cost card', async () => {
  const hook = JSON.parse(
    readFileSync(path.join(__dirname, '..', '..', 'docs', 'examples', 'cds-order-select-ra.json'), 'utf8'),
  );
  const res = await request(t.app)
    .post('/cds-services/combo-cost-order-select')
    .set('Accept-Language', 'en')
    .send(hook)
    .expect(200);
  const cards = res.body.cards as CdsCard[];
  const undecided = cards.filter((c) => /cannot be checked/.test(c.summary));
  expect(undecided).toHaveLength(1);
  expect(undecided[0]?.summary).toMatch(/pregnancy/);
  expect(undecided[0]?.detail).toMatch(/not recorded: breastfeeding status/);
  expect(cards.some((c) => c.source.topic?.code === 'cost')).toBe(true);
  expect(cards.find((c) => c.indicator === 'critical')?.summary).toMatch(
    /JAK inhibitor must not be combined with a biologic DMARD/,
  );
});
