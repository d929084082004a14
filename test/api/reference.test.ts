import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

describe('reference look-ups for the pharmacist', () => {
  it('finds gefitinib by the old ATC code Chinese dictionaries still send, with its products and prices', async () => {
    const res = await request(t.app).get('/v1/drugs/L01XE02').set(t.auth).expect(200);
    expect(res.body.code).toBe('L01EB01');
    expect(res.body.aliases).toContain('L01XE02');
    expect(res.body.products.length).toBeGreaterThan(0);
    for (const p of res.body.products) expect(['illustrative', 'sourced']).toContain(p.price.basis);
  });

  it('searches by an old ATC code or a HIS code as well as by name', async () => {
    const old = await request(t.app).get('/v1/drugs').query({ q: 'l01xe02' }).set(t.auth).expect(200);
    expect(old.body.drugs.map((d: { code: string }) => d.code)).toEqual(['L01EB01']);
    const anyHis = (await request(t.app).get('/v1/drugs').set(t.auth)).body.drugs.flatMap(
      (d: { code: string; products: { hisCodes: string[] }[] }) =>
        d.products.flatMap((p) => p.hisCodes.map((h) => [h, d.code])),
    )[0] as [string, string];
    expect(anyHis).toBeDefined();
    const byHis = await request(t.app).get('/v1/drugs').query({ q: anyHis[0] }).set(t.auth).expect(200);
    expect(byHis.body.drugs.map((d: { code: string }) => d.code)).toContain(anyHis[1]);
  });

  it('searches by Chinese name', async () => {
    const res = await request(t.app).get('/v1/drugs').query({ q: '培美曲塞' }).set(t.auth).expect(200);
    expect(res.body.drugs.map((d: { code: string }) => d.code)).toContain('L01BA04');
  });

  it('lists the regimens for an ICD-10 code and the substitution groups of a drug with their basis and source', async () => {
    const regimens = await request(t.app).get('/v1/regimens').query({ icd10: 'C34.9' }).set(t.auth).expect(200);
    expect(regimens.body.regimens.length).toBeGreaterThan(3);
    expect(regimens.body.regimens.every((r: { condition: string }) => r.condition === 'nsclc')).toBe(true);
    const groups = await request(t.app)
      .get('/v1/substitution-groups')
      .query({ drug: 'L04AB04' })
      .set(t.auth)
      .expect(200);
    expect(groups.body.groups.length).toBeGreaterThan(0);
    expect(groups.body.groups[0].source.citation).toBeTruthy();
  });

  it('shows DRG tariffs with the payment standard per tier', async () => {
    const res = await request(t.app).get('/v1/drg-tariffs').set(t.auth).expect(200);
    const lung = res.body.groups.find(
      (g: { paymentStandard: { tertiary: number } }) => g.paymentStandard.tertiary === 35000,
    );
    expect(lung).toBeDefined();
    expect(lung.paymentStandard.secondary).toBeCloseTo(35000 * res.body.tierCoefficients.secondary, 2);
  });

  it('404 for an unknown drug code', async () => {
    const res = await request(t.app).get('/v1/drugs/XYZ123').set(t.auth);
    expect(res.status).toBe(404);
    expect(res.type).toBe('application/problem+json');
  });
});
