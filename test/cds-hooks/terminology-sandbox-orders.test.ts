/**
 * Issue 11 item 4: orders coded only in RxNorm, as the CDS Hooks sandbox sends them, and SNOMED CT
 * diagnoses are resolved to the pack's drugs and conditions through terminology.json: an
 * ingredient (IN) code and a clinical drug (SCD) code added to the default pack, each mapped to the
 * ATC drug, never to a guessed product.
 */
import request from 'supertest';
import type { CdsCard } from '../../src/adapters/cds-hooks/cards';
import type { TestApp } from '../support/test-app';
import { createCdsTestApp } from './cds-app';
import {
  IV,
  SC,
  bundle,
  condition,
  adalimumabOrder,
  medicationRequest,
  nsclcOrders,
  nsclcPrefetch,
  raPrefetch,
} from './helpers';
import { sandboxRequest } from './sandbox-client';

type Json = Record<string, unknown>;
const SIGN = '/cds-services/combo-cost-order-sign';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';

/** The internal case, decoded from the MDT link the cards carry. */
function caseOf(res: { body: { cards: CdsCard[] } }): Json {
  const url = res.body.cards.flatMap((c) => c.links ?? []).find((l) => l.url.includes('#case='))?.url;
  if (!url) throw new Error('no card with an MDT link');
  return JSON.parse(Buffer.from(new URL(url).hash.slice('#case='.length), 'base64url').toString('utf8')) as Json;
}

function components(res: { body: { cards: CdsCard[] } }): Json[] {
  return (caseOf(res).proposal as { components: Json[] }).components;
}

function notAssessed(res: { body: { cards: CdsCard[] } }): string {
  return res.body.cards.find((c) => c.source.topic?.code === 'not-assessed')?.detail ?? '';
}

let t: TestApp;

beforeAll(async () => {
  t = await createCdsTestApp({ CDS_AUTH_DISABLED: 'true', DEFAULT_LANGUAGE: 'en', CDS_MAX_CARDS: '50' });
});

describe('RxNorm orders the sandbox sends resolve to pack drugs', () => {
  it('a pemetrexed clinical drug (SCD 1728077) in an NSCLC order-sign is the pack drug L01BA04', async () => {
    const orders = nsclcOrders().map((o) =>
      o.id === 'mr-pem'
        ? medicationRequest({
            id: 'mr-pem',
            code: '1728077',
            system: RXNORM,
            dose: 500,
            unit: 'mg/m2',
            route: IV,
            frequency: 1,
            period: 21,
            periodUnit: 'd',
            count: 4,
          })
        : o,
    );
    const res = await request(t.app)
      .post(SIGN)
      .send(sandboxRequest({ hook: 'order-sign', orders, encounterId: 'e1', prefetch: nsclcPrefetch() }))
      .expect(200);
    expect(components(res)).toEqual(
      expect.arrayContaining([expect.objectContaining({ system: 'atc', code: 'L01BA04' })]),
    );
    expect(notAssessed(res)).not.toContain('1728077');
  });

  it('an adalimumab ingredient (IN 327361) order with a SNOMED CT rheumatoid arthritis diagnosis is the pack drug L04AB04', async () => {
    const order = adalimumabOrder({ code: '327361', system: RXNORM });
    const ra = {
      ...condition('c-ra', 'x'),
      code: { coding: [{ system: SNOMED, code: '69896004', display: 'Rheumatoid arthritis' }] },
    };
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: [order],
          encounterId: 'e1',
          prefetch: { ...raPrefetch(), conditions: bundle([ra], 'searchset') },
        }),
      )
      .expect(200);
    expect(components(res)[0]).toMatchObject({ system: 'atc', code: 'L04AB04' });
    expect((caseOf(res).patient as { diagnoses: Json[] }).diagnoses[0]).toMatchObject({
      code: 'M06.9',
      principal: true,
    });
  });

  it('a Synthea-coded NSCLC patient (SNOMED CT 423121009) with a cisplatin 50 MG Injection order (SCD 1736854) is assessed as C34 with L01XA01', async () => {
    const orders = nsclcOrders().map((o) =>
      o.id === 'mr-carbo'
        ? medicationRequest({
            id: 'mr-cis',
            code: '1736854',
            system: RXNORM,
            dose: 75,
            unit: 'mg/m2',
            route: IV,
            frequency: 1,
            period: 21,
            periodUnit: 'd',
            count: 4,
          })
        : o,
    );
    const nsclc = {
      ...condition('c-nsclc', 'x'),
      code: {
        coding: [
          { system: SNOMED, code: '423121009', display: 'Non-small cell carcinoma of lung, TNM stage 4 (disorder)' },
        ],
      },
    };
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders,
          encounterId: 'e1',
          prefetch: { ...nsclcPrefetch(), conditions: bundle([nsclc], 'searchset') },
        }),
      )
      .expect(200);
    expect(components(res)).toEqual(
      expect.arrayContaining([expect.objectContaining({ system: 'atc', code: 'L01XA01' })]),
    );
    expect((caseOf(res).patient as { diagnoses: Json[] }).diagnoses[0]).toMatchObject({ code: 'C34', principal: true });
  });

  it('a SNOMED CT acute myeloid leukaemia diagnosis (91861009) is read as ICD-10 C92.0', async () => {
    const order = medicationRequest({
      id: 'mr-aza',
      code: '1251',
      system: RXNORM,
      dose: 75,
      unit: 'mg/m2',
      route: SC,
      frequency: 7,
      period: 28,
      periodUnit: 'd',
    });
    const aml = {
      ...condition('c-aml', 'x'),
      code: { coding: [{ system: SNOMED, code: '91861009', display: 'Acute myeloid leukemia' }] },
    };
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: [order],
          encounterId: 'e1',
          prefetch: { ...nsclcPrefetch(), conditions: bundle([aml], 'searchset') },
        }),
      )
      .expect(200);
    expect(components(res)[0]).toMatchObject({ system: 'atc', code: 'L01BC07' });
    expect((caseOf(res).patient as { diagnoses: Json[] }).diagnoses[0]).toMatchObject({
      code: 'C92.0',
      principal: true,
    });
  });
});
