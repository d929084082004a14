/**
 * End to end over HTTP with the real app (pipeline, default pack, model): discovery, order-sign
 * and order-select for the lung-cancer and rheumatoid-arthritis content, missing prefetch fetched
 * from a FHIR stub on 127.0.0.1, malformed FHIR, client JWTs, feedback and its metrics.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { createCdsTestApp } from './cds-app';
import type { CdsCard } from '../../src/adapters/cds-hooks/cards';
import {
  ORAL,
  fhirR4Errors,
  hookRequest,
  adalimumabOrder,
  medicationRequest,
  nsclcOrders,
  nsclcPrefetch,
  patient,
  quantityObs,
  bundle,
  condition,
  encounter,
  raPrefetch,
  schemaErrors,
  validateDiscovery,
  validateFeedbackRequest,
  validateResponse,
} from './helpers';

const SIGN = '/cds-services/combo-cost-order-sign';
const SELECT = '/cds-services/combo-cost-order-select';

function suggestedResources(cards: CdsCard[]): Record<string, unknown>[] {
  return cards
    .flatMap((c) => c.suggestions ?? [])
    .flatMap((s) => s.actions)
    .flatMap((a) => (a.resource ? [a.resource] : []));
}

function expectValidResponse(body: { cards: CdsCard[] }): void {
  expect(schemaErrors(validateResponse, body)).toEqual([]);
  for (const r of suggestedResources(body.cards))
    expect({ r: r.resourceType, errors: fhirR4Errors(r) }).toEqual({ r: r.resourceType, errors: [] });
}

const raAdalimumabMethotrexate = () => [
  adalimumabOrder(),
  medicationRequest({
    id: 'mr-mtx',
    code: 'L04AX03',
    dose: 15,
    unit: 'mg',
    route: ORAL,
    frequency: 1,
    period: 1,
    periodUnit: 'wk',
    count: 52,
  }),
];

describe('CDS Hooks over HTTP (authentication disabled for development)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CDS_AUTH_DISABLED: 'true', DEFAULT_LANGUAGE: 'en' });
  });

  it('says loudly that CDS authentication is off', () => {
    expect(t.logs.some((l) => l.includes('cds.auth-disabled') && l.includes('NOT verified'))).toBe(true);
  });

  it('GET /cds-services: one order-select and one order-sign service, valid against the discovery schema, without authentication', async () => {
    const res = await request(t.app).get('/cds-services').expect(200);
    expect(schemaErrors(validateDiscovery, res.body)).toEqual([]);
    expect(res.body.services.map((s: { hook: string }) => s.hook).sort()).toEqual(['order-select', 'order-sign']);
    const prefetch = res.body.services[0].prefetch as Record<string, string>;
    expect(Object.values(prefetch).join(' ')).toContain('29463-7');
    expect(prefetch.encounter).toBe('Encounter/{{context.encounterId}}');
    expect(prefetch.coverage).toMatch(/^Coverage\?patient=\{\{context\.patientId\}\}/);
  });

  it('order-sign, lung cancer: cost/DRG card, EGFR finding with a ServiceRequest suggestion, deviations; all valid CDS Hooks and FHIR R4', async () => {
    const res = await request(t.app)
      .post(SIGN)
      .send(hookRequest('order-sign', nsclcOrders(), nsclcPrefetch()))
      .expect(200);
    expectValidResponse(res.body);
    const cards = res.body.cards as CdsCard[];
    const cost = cards.find((c) => c.source.topic?.code === 'cost');
    expect(cost?.summary).toMatch(/^Expected cost ¥[\d,]+ per course \(4 × 21-day cycles\); DRG margin/);
    expect(cost?.indicator).not.toBe('critical');
    expect(cost?.links?.[0]?.url).toMatch(/\/mdt\/#case=[A-Za-z0-9_-]+$/);
    // safety first: the critical EGFR card leads
    expect(cards[0]?.indicator).toBe('critical');
    const egfr = cards.find((c) =>
      c.suggestions?.some((s) => s.actions.some((a) => a.resource?.resourceType === 'ServiceRequest')),
    );
    expect(egfr?.indicator).toBe('critical');
    expect(egfr?.summary).toMatch(/EGFR/);
    expect(cards.some((c) => c.source.topic?.code === 'deviation')).toBe(true);
    expect(res.headers['content-language']).toBe('en');
  });

  it('the MDT link carries the REST AssessmentRequest in the fragment, and the REST API accepts it', async () => {
    const res = await request(t.app)
      .post(SIGN)
      .send(hookRequest('order-sign', nsclcOrders(), nsclcPrefetch()))
      .expect(200);
    const url = new URL(
      (res.body.cards as CdsCard[]).find((c) => c.source.topic?.code === 'cost')?.links?.[0]?.url ?? '',
    );
    const json = JSON.parse(Buffer.from(url.hash.slice('#case='.length), 'base64url').toString('utf8'));
    expect(json.patient.diagnoses.filter((d: { principal: boolean }) => d.principal)).toEqual([
      { code: 'C34.900x001', system: 'icd-10', principal: true },
    ]);
    const rest = await request(t.app).post('/v1/assessments').set(t.auth).send(json);
    expect(rest.status).toBe(200);
  });

  it('order-select, rheumatoid arthritis (adalimumab + methotrexate): a biosimilar alternative whose suggestion deletes the draft and creates the replacement', async () => {
    const orders = raAdalimumabMethotrexate();
    const res = await request(t.app)
      .post(SELECT)
      .send(hookRequest('order-select', orders, raPrefetch()))
      .expect(200);
    expectValidResponse(res.body);
    const cards = res.body.cards as CdsCard[];
    const alternative = cards.find((c) => c.source.topic?.code === 'alternative' && c.suggestions);
    expect(alternative).toBeDefined();
    expect(alternative?.indicator).toBe('info');
    const actions = alternative?.suggestions?.[0]?.actions ?? [];
    expect(actions[0]).toMatchObject({ type: 'delete', resourceId: 'MedicationRequest/mr-ada' });
    expect(actions[1]?.resource).toMatchObject({
      resourceType: 'MedicationRequest',
      subject: { reference: 'Patient/p1' },
      requester: { reference: 'Practitioner/dr1' },
      dosageInstruction: (orders[0] as { dosageInstruction: unknown }).dosageInstruction,
    });
  });

  it('CDS_SAVINGS_MIN_* is the display threshold the options stage applies: above every saving no alternative card, at zero one suggestion per option offered', async () => {
    const alternativeSuggestions = async (env: Record<string, string>) => {
      const app = await createCdsTestApp({ CDS_AUTH_DISABLED: 'true', DEFAULT_LANGUAGE: 'en', ...env });
      const res = await request(app.app)
        .post(SELECT)
        .send(hookRequest('order-select', raAdalimumabMethotrexate(), raPrefetch()))
        .expect(200);
      const cards = res.body.cards as CdsCard[];
      return cards.filter((c) => c.source.topic?.code === 'alternative').map((c) => c.suggestions?.length ?? 0);
    };
    const none = await alternativeSuggestions({ CDS_SAVINGS_MIN_ABSOLUTE: '100000000', CDS_SAVINGS_MIN_FRACTION: '1' });
    expect(none).toEqual([]);
    const all = await alternativeSuggestions({ CDS_SAVINGS_MIN_ABSOLUTE: '0', CDS_SAVINGS_MIN_FRACTION: '0' });
    expect(all).toHaveLength(1);
    expect(all[0]).toBeGreaterThan(0);
  });

  it('order-select, rheumatoid arthritis with tofacitinib + adalimumab: the label contraindication is critical and the step-down deletes the tofacitinib order', async () => {
    const orders = [
      raAdalimumabMethotrexate()[0] as Record<string, unknown>,
      medicationRequest({
        id: 'mr-tofa',
        code: 'L04AA29',
        dose: 5,
        unit: 'mg',
        route: ORAL,
        frequency: 2,
        period: 1,
        periodUnit: 'd',
      }),
    ];
    const res = await request(t.app)
      .post(SELECT)
      .set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.5')
      .send(hookRequest('order-select', orders, raPrefetch()))
      .expect(200);
    expectValidResponse(res.body);
    const cards = res.body.cards as CdsCard[];
    expect(cards.some((c) => c.indicator === 'critical' && /JAK抑制剂不得与生物DMARD/.test(c.summary))).toBe(true);
    const stepDown = cards.find((c) =>
      c.suggestions?.some(
        (s) =>
          s.actions.length === 1 &&
          s.actions[0]?.type === 'delete' &&
          s.actions[0].resourceId === 'MedicationRequest/mr-tofa',
      ),
    );
    expect(stepDown).toBeDefined();
    expect(res.headers['content-language']).toBe('zh-CN');
  });

  it('an unknown drug code gets the not-assessed card instead of an error', async () => {
    const orders = [...nsclcOrders(), medicationRequest({ id: 'mr-x', code: 'Z99ZZ99', dose: 1, unit: 'mg' })];
    const res = await request(t.app)
      .post(SIGN)
      .send(hookRequest('order-sign', orders, nsclcPrefetch()))
      .expect(200);
    expectValidResponse(res.body);
    const na = (res.body.cards as CdsCard[]).find((c) => c.source.topic?.code === 'not-assessed');
    expect(na?.detail).toContain('Z99ZZ99');
  });

  it('malformed FHIR is a 400 problem+json naming the FHIR path', async () => {
    const orders = nsclcOrders();
    (
      orders[1] as { dosageInstruction: { doseAndRate: { doseQuantity: { value: unknown } }[] }[] }
    ).dosageInstruction[0]!.doseAndRate[0]!.doseQuantity.value = '500';
    const res = await request(t.app)
      .post(SIGN)
      .send(hookRequest('order-sign', orders, nsclcPrefetch()))
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(
      'context.draftOrders.entry[1].resource.dosageInstruction[0].doseAndRate[0].doseQuantity.value',
    );
  });

  it('a hook that does not match the service, and an unknown service, are problems too', async () => {
    const wrongHook = await request(t.app)
      .post(SIGN)
      .send(hookRequest('order-select', nsclcOrders(), nsclcPrefetch()))
      .expect(400);
    expect(wrongHook.body.errors[0].pointer).toBe('hook');
    await request(t.app)
      .post('/cds-services/nope')
      .send({})
      .expect(404)
      .expect('content-type', /problem\+json/);
  });

  describe('feedback', () => {
    it('counts an accepted suggestion per card type and rule, and logs an audit event without patient identifiers', async () => {
      const res = await request(t.app)
        .post(SIGN)
        .send(hookRequest('order-sign', nsclcOrders(), nsclcPrefetch()))
        .expect(200);
      const card = (res.body.cards as CdsCard[]).find((c) => c.suggestions?.length);
      const suggestion = card?.suggestions?.[0];
      const feedback = {
        feedback: [
          {
            card: card?.uuid,
            outcome: 'accepted',
            acceptedSuggestions: [{ id: suggestion?.uuid }],
            outcomeTimestamp: '2026-11-23T08:00:00Z',
          },
          {
            card: (res.body.cards as CdsCard[]).find((c) => c.source.topic?.code === 'cost')?.uuid,
            outcome: 'overridden',
            overrideReason: {
              reason: { system: 'urn:combo-cost-cds:override-reason', code: 'mdt-decision' },
              userComment: 'Patient Zhang asked',
            },
            outcomeTimestamp: '2026-11-23T08:00:01Z',
          },
        ],
      };
      expect(schemaErrors(validateFeedbackRequest, feedback)).toEqual([]);
      await request(t.app).post(`${SIGN}/feedback`).send(feedback).expect(200);
      const metrics = await t.ctx.metrics.registry.getSingleMetricAsString('cds_feedback_total');
      expect(metrics).toMatch(/cds_feedback_total\{card_type="finding",rule="G-01",outcome="accepted"\} 1/);
      expect(metrics).toMatch(/cds_feedback_total\{card_type="cost",rule="cost",outcome="overridden"\} 1/);
      const audit = t.logs.filter((l) => l.includes('"cds.feedback"'));
      expect(audit).toHaveLength(2);
      for (const line of audit) {
        expect(line).not.toMatch(/Zhang|"p1"|Patient\//);
      }
      expect(JSON.parse(audit[1] ?? '{}')).toMatchObject({
        cardType: 'cost',
        rule: 'cost',
        outcome: 'overridden',
        overrideReason: { code: 'mdt-decision' },
        hasUserComment: true,
      });
      // the card is logged as a fingerprint that joins the cards audit line; the uuid itself never
      const logged = JSON.parse(audit[0] ?? '{}') as { card: string; acceptedSuggestions: unknown };
      expect(logged.acceptedSuggestions).toBe(1);
      expect(t.logs.some((l) => l.includes('"cds.cards"') && l.includes(logged.card))).toBe(true);
      expect(t.logs.join('\n')).not.toContain(String(card?.uuid));
      expect(t.logs.join('\n')).not.toContain(String(suggestion?.uuid));
    });

    it('rejects feedback that does not follow the specification with 400 naming the field', async () => {
      const res = await request(t.app)
        .post(`${SIGN}/feedback`)
        .send({ feedback: [{ card: 'x', outcome: 'accepted', outcomeTimestamp: 'yesterday' }] })
        .expect(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
        expect.arrayContaining(['feedback[0].outcomeTimestamp', 'feedback[0].acceptedSuggestions']),
      );
    });
  });
});

describe('missing prefetch: fetched from fhirServer (stub on 127.0.0.1)', () => {
  let t: TestApp;
  let server: http.Server;
  let base: string;
  const seen: { url: string; auth: string | undefined }[] = [];
  let failures = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      seen.push({ url: url.pathname + url.search, auth: req.headers.authorization });
      const send = (body: unknown) => {
        res.setHeader('content-type', 'application/fhir+json');
        res.end(JSON.stringify(body));
      };
      if (url.pathname.startsWith('/fail/')) {
        failures++;
        res.statusCode = 503;
        return res.end();
      }
      if (url.pathname.startsWith('/hang/')) return; // never answers
      const p = url.pathname.replace(/^\/ok\//, '');
      if (p === 'Patient/p1') return send(patient());
      if (p === 'Encounter/e1') return send(encounter('IMP', '2026-11-20'));
      if (p === 'Condition') return send(bundle([condition('c1', 'C34.1')], 'searchset'));
      if (p === 'Observation' && (url.searchParams.get('code') ?? '').includes('29463-7'))
        return send(bundle([quantityObs('w', '29463-7', 70, 'kg')], 'searchset'));
      if (p === 'Observation' && (url.searchParams.get('code') ?? '').includes('8302-2'))
        return send(bundle([quantityObs('h', '8302-2', 172, 'cm')], 'searchset'));
      return send({ resourceType: 'Bundle', type: 'searchset', entry: [] });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createCdsTestApp({
      CDS_AUTH_DISABLED: 'true',
      DEFAULT_LANGUAGE: 'en',
      FHIR_TIMEOUT_MS: '300',
      CDS_FHIR_SERVER_ALLOWLIST: `${base}/ok,${base}/fail,${base}/hang`,
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const auth = {
    access_token: 'opaque-token',
    token_type: 'Bearer',
    expires_in: 300,
    scope: 'patient/*.read',
    subject: 'combo-cost-cds',
  };

  it('fetches each missing template with the bearer token and assesses with what came back', async () => {
    seen.length = 0;
    const res = await request(t.app)
      .post(SIGN)
      .send(hookRequest('order-sign', nsclcOrders(), undefined, { fhirServer: `${base}/ok`, fhirAuthorization: auth }))
      .expect(200);
    expectValidResponse(res.body);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.every((s) => s.auth === 'Bearer opaque-token')).toBe(true);
    expect(seen.map((s) => s.url)).toEqual(expect.arrayContaining(['/ok/Patient/p1', '/ok/Encounter/e1']));
    const url = new URL((res.body.cards as CdsCard[])[0]?.links?.[0]?.url ?? '');
    const json = JSON.parse(Buffer.from(url.hash.slice('#case='.length), 'base64url').toString('utf8'));
    expect(json.patient.weight).toEqual({ value: 70, unit: 'kg', date: '2026-11-20' });
    expect(json.context.setting).toBe('inpatient');
  });

  it('retries a failing server once per query, then answers 200 with a card saying what could not be assessed', async () => {
    failures = 0;
    const res = await request(t.app)
      .post(SIGN)
      .send(
        hookRequest(
          'order-sign',
          nsclcOrders(),
          { patient: patient(), conditions: bundle([condition('c1', 'C34.1')]) },
          { fhirServer: `${base}/fail`, fhirAuthorization: auth },
        ),
      )
      .expect(200);
    expectValidResponse(res.body);
    const missing = 16; // templates not satisfied by the prefetch: encounter, coverage, allergies, procedures, 12 observation kinds
    expect(failures).toBe(missing * 2);
    const na = (res.body.cards as CdsCard[]).find((c) => c.source.topic?.code === 'not-assessed');
    expect(na?.detail).toMatch(/Could not fetch .* from the FHIR server \(HTTP 503\)/);
    expect(na?.detail).not.toMatch(/127\.0\.0\.1/);
  });

  it('gives up after the timeout (and one retry) without failing the call', async () => {
    const started = Date.now();
    const res = await request(t.app)
      .post(SIGN)
      .send(
        hookRequest(
          'order-sign',
          nsclcOrders(),
          { ...nsclcPrefetch(), weight: undefined },
          { fhirServer: `${base}/hang`, fhirAuthorization: auth },
        ),
      )
      .expect(200);
    expect(Date.now() - started).toBeLessThan(5000);
    const na = (res.body.cards as CdsCard[]).find((c) => c.source.topic?.code === 'not-assessed');
    expect(na?.detail).toMatch(/timed out after 300 ms/);
  });

  it('without fhirServer, says which data was neither prefetched nor fetchable', async () => {
    const res = await request(t.app)
      .post(SIGN)
      .send(hookRequest('order-sign', nsclcOrders(), { patient: patient() }))
      .expect(200);
    const na = (res.body.cards as CdsCard[]).find((c) => c.source.topic?.code === 'not-assessed');
    expect(na?.detail).toMatch(/No prefetch and no FHIR server access for diagnoses/);
  });

  it('answers 412 (CDS Hooks 2.0) when nothing was prefetched and nothing can be fetched', async () => {
    const res = await request(t.app)
      .post(SIGN)
      .send(hookRequest('order-sign', nsclcOrders(), undefined))
      .expect(412);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/cannot fetch/);
  });

  it('does not contact a FHIR server that is not on the allow-list (reported, not fetched)', async () => {
    seen.length = 0;
    const res = await request(t.app)
      .post(SIGN)
      .send(
        hookRequest(
          'order-sign',
          nsclcOrders(),
          { patient: patient() },
          { fhirServer: 'https://ehr.example.org/fhir', fhirAuthorization: auth },
        ),
      )
      .expect(200);
    expect(JSON.stringify(res.body)).toMatch(/not on the allow-list/);
    expect(JSON.stringify(res.body)).not.toMatch(/ehr\.example\.org/);
    expect(seen).toEqual([]);
  });
});

describe('client JWT over HTTP', () => {
  let t: TestApp;
  let key: PrivateKey;
  let jwk: JWK;
  const ISS = 'https://ehr.example.org';
  const BASE = 'https://cds.example.org';

  beforeAll(async () => {
    const pair = await generateKeyPair('ES384', { extractable: true });
    key = pair.privateKey;
    jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES384' };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-iss-'));
    const file = path.join(dir, 'issuers.json');
    fs.writeFileSync(file, JSON.stringify({ [ISS]: { keys: [jwk] } }));
    t = await createTestApp({ CDS_TRUSTED_ISSUERS_FILE: file, PUBLIC_BASE_URL: BASE, DEFAULT_LANGUAGE: 'en' });
  });

  const jwt = (aud: string, jti: string, lifetime = 300) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: 'k1' })
      .setIssuer(ISS)
      .setAudience(aud)
      .setIssuedAt(now - 10)
      .setExpirationTime(now - 10 + lifetime)
      .setJti(jti)
      .sign(key);
  };

  it('accepts a signed token for this endpoint (aud from PUBLIC_BASE_URL) and refuses the same token replayed', async () => {
    const token = await jwt(`${BASE}${SIGN}`, 'http-1');
    await request(t.app)
      .post(SIGN)
      .set('Authorization', `Bearer ${token}`)
      .send(hookRequest('order-sign', nsclcOrders(), nsclcPrefetch()))
      .expect(200);
    const replay = await request(t.app)
      .post(SIGN)
      .set('Authorization', `Bearer ${token}`)
      .send(hookRequest('order-sign', nsclcOrders(), nsclcPrefetch()))
      .expect(401);
    expect(replay.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(replay.body.detail).toMatch(/replay/);
  });

  it('refuses a missing token, a token for another service, and an expired token with 401 problem+json', async () => {
    const body = hookRequest('order-sign', nsclcOrders(), nsclcPrefetch());
    expect((await request(t.app).post(SIGN).send(body).expect(401)).body.detail).toMatch(/Missing Authorization/);
    expect(
      (
        await request(t.app)
          .post(SIGN)
          .set('Authorization', `Bearer ${await jwt(`${BASE}${SELECT}`, 'http-2')}`)
          .send(body)
          .expect(401)
      ).body.detail,
    ).toMatch(/aud/);
    expect(
      (
        await request(t.app)
          .post(SIGN)
          .set('Authorization', `Bearer ${await jwt(`${BASE}${SIGN}`, 'http-3', -100)}`)
          .send(body)
          .expect(401)
      ).body.detail,
    ).toMatch(/expired|iat/);
  });

  it('authenticates feedback too; discovery stays open', async () => {
    await request(t.app).get('/cds-services').expect(200);
    await request(t.app).post(`${SIGN}/feedback`).send({ feedback: [] }).expect(401);
    const token = await jwt(`${BASE}${SIGN}/feedback`, 'http-4');
    await request(t.app)
      .post(`${SIGN}/feedback`)
      .set('Authorization', `Bearer ${token}`)
      .send({
        feedback: [
          {
            card: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
            outcome: 'overridden',
            outcomeTimestamp: '2026-11-23T08:00:00Z',
          },
        ],
      })
      .expect(200);
    expect(await t.ctx.metrics.registry.getSingleMetricAsString('cds_feedback_total')).toMatch(
      /card_type="unknown",rule="unknown",outcome="overridden"\} 1/,
    );
  });
});

it('without trusted issuers and without CDS_AUTH_DISABLED every call is refused', async () => {
  const t = await createTestApp({ DEFAULT_LANGUAGE: 'en' });
  const res = await request(t.app)
    .post(SIGN)
    .send(hookRequest('order-sign', nsclcOrders(), nsclcPrefetch()))
    .expect(401);
  expect(res.body.detail).toMatch(/CDS_TRUSTED_ISSUERS_FILE/);
  expect(t.logs.some((l) => l.includes('cds.auth-config'))).toBe(true);
});
