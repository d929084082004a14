/**
 * Issue 11 over HTTP, with requests built the way the CDS Hooks sandbox builds them
 * (sandbox-client.ts): a loopback FHIR stub (fetch, pagination, OperationOutcome, huge and slow
 * answers, redirects) and a loopback "victim" listener that must receive nothing when the
 * allow-list does not name it; identity checks against context.patientId; degradation on partial
 * fhirAuthorization and non-contained Medications; RxNorm / SNOMED CT orders; card limits; CORS;
 * R4 validation of every suggested resource.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { CdsCard } from '../../src/adapters/cds-hooks/cards';
import type { TestApp } from '../support/test-app';
import { createCdsTestApp } from './cds-app';
import {
  IV,
  ORAL,
  bundle,
  condition,
  encounter,
  fhirR4Errors,
  adalimumabOrder,
  medicationRequest,
  nsclcOrders,
  nsclcPrefetch,
  patient,
  quantityObs,
  raPrefetch,
  schemaErrors,
  validateResponse,
  variantObs,
} from './helpers';
import { sandboxRequest } from './sandbox-client';

type Json = Record<string, unknown>;
const SIGN = '/cds-services/combo-cost-order-sign';
const SELECT = '/cds-services/combo-cost-order-select';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';

function cards(res: { body: { cards: CdsCard[] } }): CdsCard[] {
  return res.body.cards;
}

function notAssessed(res: { body: { cards: CdsCard[] } }): string {
  return cards(res).find((c) => c.source.topic?.code === 'not-assessed')?.detail ?? '';
}

/** The internal case, decoded from the MDT link the cards carry. */
function caseOf(res: { body: { cards: CdsCard[] } }): Json {
  const url = cards(res)
    .flatMap((c) => c.links ?? [])
    .find((l) => l.url.includes('#case='))?.url;
  if (!url) throw new Error('no card with an MDT link');
  return JSON.parse(Buffer.from(new URL(url).hash.slice('#case='.length), 'base64url').toString('utf8')) as Json;
}

function expectValid(body: { cards: CdsCard[] }): void {
  expect(schemaErrors(validateResponse, body)).toEqual([]);
  const resources = body.cards
    .flatMap((c) => c.suggestions ?? [])
    .flatMap((s) => s.actions)
    .flatMap((a) => (a.resource ? [a.resource] : []));
  for (const r of resources)
    expect({ r: r.resourceType, errors: fhirR4Errors(r) }).toEqual({ r: r.resourceType, errors: [] });
}

let stub: http.Server;
let victim: http.Server;
let base = '';
let victimBase = '';
const stubSeen: { path: string; auth: string | undefined }[] = [];
const victimSeen: string[] = [];
let t: TestApp;

beforeAll(async () => {
  victim = http.createServer((req, res) => {
    victimSeen.push(req.url ?? '');
    res.end('{"resourceType":"Patient","id":"p1","secret":"internal-admin-page"}');
  });
  await new Promise<void>((resolve) => victim.listen(0, '127.0.0.1', resolve));
  victimBase = `http://127.0.0.1:${(victim.address() as AddressInfo).port}`;

  stub = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    stubSeen.push({ path: url.pathname + url.search, auth: req.headers.authorization });
    const send = (body: unknown) => {
      res.setHeader('content-type', 'application/fhir+json');
      res.end(JSON.stringify(body));
    };
    const [, mode = '', ...rest] = url.pathname.split('/');
    const p = rest.join('/');
    const code = url.searchParams.get('code') ?? '';
    if (mode === 'redirect') {
      res.statusCode = 302;
      res.setHeader('location', `${victimBase}/admin`);
      return res.end();
    }
    if (mode === 'oo')
      return send({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'secret diagnostics 10.0.0.7' }],
      });
    if (mode === 'huge' && p === 'Observation' && code.includes('29463-7')) {
      // 10 MB of one JSON string, streamed: the service must stop reading, not crash.
      res.setHeader('content-type', 'application/fhir+json');
      res.write(
        '{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Observation","note":"',
      );
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 10 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end('"}}]}');
      };
      pump();
      return;
    }
    if (p === 'Patient/p1') return send(patient());
    if (p === 'Encounter/e1') return send(encounter('IMP', '2026-11-20'));
    if (p === 'Medication/med-ada')
      return send({
        resourceType: 'Medication',
        id: 'med-ada',
        code: { coding: [{ system: 'http://www.whocc.no/atc', code: 'L04AB04' }] },
      });
    if (p === 'Condition') {
      if (mode === 'foreign-next')
        return send({
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: `${victimBase}/Condition?page=2` }],
          entry: [],
        });
      return send(bundle([condition('c1', 'C34.1')], 'searchset'));
    }
    if (p === 'Observation' && code.includes('69548-6')) {
      return send({
        resourceType: 'Bundle',
        type: 'searchset',
        link: [{ relation: 'next', url: `${base}/${mode}/page-2` }],
        entry: [{ resource: variantObs('v-egfr', 'HGNC:3236', false) }],
      });
    }
    if (p === 'page-2')
      return send({
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [{ resource: variantObs('v-alk', 'HGNC:427', true) }],
      });
    if (p === 'Observation' && code.includes('29463-7'))
      return send(bundle([quantityObs('w', '29463-7', 70, 'kg')], 'searchset'));
    if (p === 'Observation' && code.includes('8302-2'))
      return send(bundle([quantityObs('h', '8302-2', 172, 'cm')], 'searchset'));
    return send({ resourceType: 'Bundle', type: 'searchset', entry: [] });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  t = await createCdsTestApp({
    CDS_AUTH_DISABLED: 'true',
    DEFAULT_LANGUAGE: 'en',
    FHIR_TIMEOUT_MS: '1500',
    CDS_FHIR_SERVER_ALLOWLIST: `${base}/ok,${base}/redirect,${base}/oo,${base}/huge,${base}/foreign-next`,
    CDS_FHIR_MAX_RESPONSE_BYTES: String(256 * 1024),
    // every card, so the tests can read the case from the cost card; the limit has its own tests
    CDS_MAX_CARDS: '50',
    CORS_ORIGINS: 'https://sandbox.cds-hooks.org',
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => stub.close(() => resolve()));
  await new Promise<void>((resolve) => victim.close(() => resolve()));
});

beforeEach(() => {
  stubSeen.length = 0;
  victimSeen.length = 0;
});

const token = { access_token: 'opaque-token', expires_in: 3600 };

/** An NSCLC order-sign whose prefetch has only the Patient: the rest must be fetched from `base` + `path`. */
const signFetchingFrom = (path: string) =>
  request(t.app)
    .post(SIGN)
    .send(
      sandboxRequest({
        hook: 'order-sign',
        orders: nsclcOrders(),
        fhirServer: `${base}${path}`,
        token,
        prefetch: { patient: patient() },
      }),
    );

describe('the service fetches only from allow-listed FHIR servers (no SSRF)', () => {
  it('a loopback listener not on the allow-list receives nothing, and the card does not echo its address', async () => {
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: nsclcOrders(),
          fhirServer: `${victimBase}/fhir`,
          token,
          prefetch: { patient: patient() },
        }),
      )
      .expect(200);
    expect(victimSeen).toEqual([]);
    expect(JSON.stringify(res.body)).not.toContain(victimBase);
    expect(notAssessed(res)).toMatch(/not on the allow-list/);
  });

  it('with a complete prefetch, a fhirServer off the allow-list is not mentioned (nothing needed fetching)', async () => {
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: nsclcOrders(),
          fhirServer: `${victimBase}/fhir`,
          token,
          encounterId: 'e1',
          prefetch: nsclcPrefetch(),
        }),
      )
      .expect(200);
    expect(victimSeen).toEqual([]);
    expect(JSON.stringify(res.body)).not.toMatch(/not contacted/);
  });

  it('a hook without a medication or device order answers no cards, not 412, even with nothing to fetch from', async () => {
    const lab = {
      resourceType: 'ServiceRequest',
      id: 'sr-1',
      status: 'draft',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
      code: { text: 'CBC' },
    };
    const res = await request(t.app)
      .post(SELECT)
      .send(sandboxRequest({ hook: 'order-select', orders: [lab] }))
      .expect(200);
    expect(res.body).toEqual({ cards: [] });
  });

  it('credentials in fhirServer are refused (nothing fetched) and never logged', async () => {
    const withCredentials = `http://admin:s3cret-pw@127.0.0.1:${new URL(base).port}/ok`;
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: nsclcOrders(),
          fhirServer: withCredentials,
          token,
          prefetch: { patient: patient() },
        }),
      )
      .expect(200);
    expect(stubSeen).toEqual([]);
    expect(notAssessed(res)).toMatch(/carries credentials/);
    expect(t.logs.join('\n')).not.toContain('s3cret-pw');
  });

  it('a redirect is not followed to the victim', async () => {
    const res = await signFetchingFrom('/redirect').expect(200);
    expect(stubSeen.length).toBeGreaterThan(0);
    expect(victimSeen).toEqual([]);
    expect(notAssessed(res)).toMatch(/redirect, which is not followed/);
  });

  it('a Bundle next link that leaves the FHIR server is not followed', async () => {
    const res = await signFetchingFrom('/foreign-next').expect(200);
    expect(victimSeen).toEqual([]);
    expect(notAssessed(res)).toMatch(/next link leaves the FHIR server/);
  });

  it('error text never quotes the remote answer (OperationOutcome diagnostics stay out of the cards)', async () => {
    const res = await signFetchingFrom('/oo').expect(200);
    expect(JSON.stringify(res.body)).not.toMatch(/secret diagnostics|10\.0\.0\.7/);
    expect(notAssessed(res)).toMatch(/could not provide/);
  });

  it('a 10 MB answer is cut at the size limit: 200 with the data reported missing, no 500, later calls still served', async () => {
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: nsclcOrders(),
          fhirServer: `${base}/huge`,
          token,
          prefetch: { ...nsclcPrefetch(), weight: undefined },
        }),
      )
      .expect(200);
    expect(notAssessed(res)).toMatch(
      /Could not fetch body weight from the FHIR server \(the answer is larger than the size limit\)/,
    );
    expect(notAssessed(res)).toMatch(/larger than the size limit/);
    await request(t.app).get('/cds-services').expect(200);
  });

  it('no patient or resource ids and no bearer token reach the logs of a fetching call', async () => {
    t.logs.length = 0;
    await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: nsclcOrders(),
          fhirServer: `${base}/ok`,
          token,
          encounterId: 'e1',
        }),
      )
      .expect(200);
    const logs = t.logs.join('\n');
    expect(logs).not.toMatch(/Patient\/p1|"p1"|Encounter\/e1|opaque-token/);
    expect(logs).toMatch(/cds\.fhir-fetch/);
  });
});

describe('fetching what the prefetch lacks, as the sandbox leaves it', () => {
  it('follows Bundle next links on the same server: an ALK result on page 2 is read', async () => {
    const prefetch = { ...nsclcPrefetch(), 'genomic-variants': undefined };
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: nsclcOrders(),
          fhirServer: `${base}/ok`,
          token,
          encounterId: 'e1',
          prefetch,
        }),
      )
      .expect(200);
    expect(stubSeen.some((s) => s.path === '/ok/page-2')).toBe(true);
    const biomarkers = JSON.stringify((caseOf(res).patient as Json).biomarkers);
    expect(biomarkers).toContain('ALK');
    expect(biomarkers).toContain('EGFR');
  });

  it('an OperationOutcome sent as prefetch counts as missing: it is fetched instead', async () => {
    const oo = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing' }] };
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: nsclcOrders(),
          fhirServer: `${base}/ok`,
          token,
          encounterId: 'e1',
          prefetch: { ...nsclcPrefetch(), patient: oo },
        }),
      )
      .expect(200);
    expect(stubSeen.map((s) => s.path)).toContain('/ok/Patient/p1');
    expect((caseOf(res).patient as Json).age).toBeGreaterThan(50);
  });

  it('without any way to fetch, an OperationOutcome prefetch is reported as data the EHR could not provide', async () => {
    const oo = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing' }] };
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({ hook: 'order-sign', orders: nsclcOrders(), prefetch: { ...nsclcPrefetch(), patient: oo } }),
      )
      .expect(200);
    expect(notAssessed(res)).toMatch(/could not provide patient demographics/);
  });

  it('a partial fhirAuthorization (no expires_in, scope or subject) still uses its token', async () => {
    const body = sandboxRequest({
      hook: 'order-sign',
      orders: nsclcOrders(),
      fhirServer: `${base}/ok`,
      token: { access_token: 'opaque-token' },
      prefetch: { patient: patient() },
    });
    delete (body.fhirAuthorization as Json).scope;
    delete (body.fhirAuthorization as Json).subject;
    await request(t.app).post(SIGN).send(body).expect(200);
    expect(stubSeen.length).toBeGreaterThan(0);
    expect(stubSeen.every((s) => s.auth === 'Bearer opaque-token')).toBe(true);
  });

  it('an empty access_token answers the hook (no token sent, the card says so) instead of a 400', async () => {
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: nsclcOrders(),
          fhirServer: `${base}/ok`,
          token: { access_token: '', expires_in: 60 },
          prefetch: { patient: patient() },
        }),
      )
      .expect(200);
    expect(stubSeen.every((s) => s.auth === undefined)).toBe(true);
    expect(notAssessed(res)).toMatch(/no usable bearer access_token/);
  });

  it('a medicationReference to a Medication that is not contained is fetched by id and assessed', async () => {
    const order = {
      ...adalimumabOrder({ code: 'x' }),
    };
    delete order.medicationCodeableConcept;
    order.medicationReference = { reference: 'Medication/med-ada' };
    const res = await request(t.app)
      .post(SELECT)
      .send(
        sandboxRequest({
          hook: 'order-select',
          orders: [order],
          fhirServer: `${base}/ok`,
          token,
          encounterId: 'e1',
          prefetch: raPrefetch(),
        }),
      )
      .expect(200);
    expect(stubSeen.map((s) => s.path)).toContain('/ok/Medication/med-ada');
    const components = (caseOf(res).proposal as { components: { code: string }[] }).components;
    expect(components.map((c) => c.code)).toEqual(['L04AB04']);
  });

  it('the same order without FHIR access is a not-assessed line, not a 400', async () => {
    const order = { ...medicationRequest({ id: 'mr-ada', code: 'x', dose: 40, unit: 'mg' }) };
    delete order.medicationCodeableConcept;
    order.medicationReference = { reference: 'Medication/med-ada' };
    const res = await request(t.app)
      .post(SELECT)
      .send(sandboxRequest({ hook: 'order-select', orders: [order], prefetch: raPrefetch() }))
      .expect(200);
    expect(notAssessed(res)).toMatch(/referenced but could not be obtained/);
  });
});

describe("only context.patientId's data is used", () => {
  const otherPatient = (r: Json, element = 'subject'): Json => ({
    ...r,
    [element]: { reference: 'Patient/someone-else' },
  });

  it("another patient's allergy gives no critical card; another patient's 120 kg weight does not drive the dose", async () => {
    const allergy = {
      resourceType: 'AllergyIntolerance',
      id: 'a1',
      patient: { reference: 'Patient/someone-else' },
      code: { coding: [{ system: 'http://www.whocc.no/atc', code: 'L01BA04' }] },
      criticality: 'high',
    };
    const prefetch = {
      ...nsclcPrefetch(),
      allergies: bundle([allergy], 'searchset'),
      weight: bundle([otherPatient(quantityObs('w-other', '29463-7', 120, 'kg'))], 'searchset'),
    };
    const res = await request(t.app)
      .post(SIGN)
      .send(sandboxRequest({ hook: 'order-sign', orders: nsclcOrders(), encounterId: 'e1', prefetch }))
      .expect(200);
    expectValid(res.body);
    expect(cards(res).some((c) => c.indicator === 'critical' && /allerg/i.test(c.summary))).toBe(false);
    // the only weight was another patient's: none is used, so no mg/m² dose (and no cost) is guessed
    expect((caseOf(res).patient as Json).weight).toBeUndefined();
    expect(notAssessed(res)).toMatch(/body weight is required/);
    expect(notAssessed(res)).toMatch(/another patient/);
    expect(JSON.stringify(res.body)).not.toContain('someone-else');
  });

  it('the same allergy of this patient does produce a critical card (the check can fail)', async () => {
    const allergy = {
      resourceType: 'AllergyIntolerance',
      id: 'a1',
      patient: { reference: 'Patient/p1' },
      code: { coding: [{ system: 'http://www.whocc.no/atc', code: 'L01BA04' }] },
      criticality: 'high',
    };
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: nsclcOrders(),
          encounterId: 'e1',
          prefetch: { ...nsclcPrefetch(), allergies: bundle([allergy], 'searchset') },
        }),
      )
      .expect(200);
    expect(
      cards(res).some((c) => c.indicator === 'critical' && /allerg|pemetrexed/i.test(`${c.summary} ${c.detail ?? ''}`)),
    ).toBe(true);
  });

  it('a Patient resource with another id is ignored', async () => {
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: nsclcOrders(),
          encounterId: 'e1',
          prefetch: { ...nsclcPrefetch(), patient: { ...patient(), id: 'someone-else' } },
        }),
      )
      .expect(200);
    expect((caseOf(res).patient as Json).age).toBeUndefined();
    expect(notAssessed(res)).toMatch(/another patient/);
  });
});

describe('terminology: what the sandbox sends is assessed', () => {
  it('an RxNorm-only metformin order with a SNOMED CT type 2 diabetes diagnosis gets a cost assessment', async () => {
    const order = medicationRequest({
      id: 'mr-met',
      code: '861007',
      system: RXNORM,
      dose: 500,
      unit: 'mg',
      route: ORAL,
      frequency: 2,
      period: 1,
      periodUnit: 'd',
    });
    const diabetes = {
      ...condition('c-dm', 'x'),
      code: { coding: [{ system: SNOMED, code: '44054006', display: 'Diabetes mellitus type 2' }] },
    };
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: [order],
          encounterId: 'e1',
          prefetch: { patient: patient(), conditions: bundle([diabetes], 'searchset'), encounter: encounter('AMB') },
        }),
      )
      .expect(200);
    expectValid(res.body);
    const kase = caseOf(res);
    expect((kase.proposal as { components: Json[] }).components[0]).toMatchObject({ system: 'atc', code: 'A10BA02' });
    expect((kase.patient as { diagnoses: Json[] }).diagnoses[0]).toMatchObject({ code: 'E11', principal: true });
  });

  it('an RxNorm code the pack does not map is reported, not guessed', async () => {
    const order = medicationRequest({ id: 'mr-x', code: '99999999', system: RXNORM, dose: 1, unit: 'mg' });
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: [order],
          encounterId: 'e1',
          prefetch: { patient: patient(), encounter: encounter('AMB') },
        }),
      )
      .expect(200);
    expect(notAssessed(res)).toContain('99999999');
  });

  it('an ICD-10-CM diagnosis is read as the principal diagnosis', async () => {
    const lung = {
      ...condition('c-l', 'x'),
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C34.90' }] },
    };
    const res = await request(t.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders: nsclcOrders(),
          encounterId: 'e1',
          prefetch: { ...nsclcPrefetch(), conditions: bundle([lung], 'searchset') },
        }),
      )
      .expect(200);
    expect((caseOf(res).patient as { diagnoses: Json[] }).diagnoses[0]).toMatchObject({
      code: 'C34.90',
      principal: true,
    });
  });
});

describe('alert economy', () => {
  it('a 3-drug order-sign gets at most 5 cards (default CDS_MAX_CARDS), critical first, every suggestion valid R4', async () => {
    const byDefault = await createCdsTestApp({ CDS_AUTH_DISABLED: 'true', DEFAULT_LANGUAGE: 'en' });
    const all = cards(
      await request(t.app)
        .post(SIGN)
        .send(
          sandboxRequest({ hook: 'order-sign', orders: nsclcOrders(), encounterId: 'e1', prefetch: nsclcPrefetch() }),
        )
        .expect(200),
    );
    expect(all.length).toBeGreaterThan(5); // without the limit there would be more: the check can fail
    const res = await request(byDefault.app)
      .post(SIGN)
      .send(sandboxRequest({ hook: 'order-sign', orders: nsclcOrders(), encounterId: 'e1', prefetch: nsclcPrefetch() }))
      .expect(200);
    expectValid(res.body);
    const list = cards(res);
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(5);
    expect(list[0]?.indicator).toBe('critical');
    expect(list.filter((c) => c.source.topic?.code === 'alternative').length).toBeLessThanOrEqual(1);
  });

  it('a draft order with fields that are not valid R4 still gets valid R4 suggestions (nothing copied unchecked)', async () => {
    const ada = adalimumabOrder();
    ada.substitution = 'yes';
    ada.note = [{ text: 'keep', authorString: 5 }];
    ada.dispenseRequest = { quantity: 'lots' };
    ada.reasonCode = [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'M05.9', userSelected: 'maybe' }] }];
    const res = await request(t.app)
      .post(SELECT)
      .send(sandboxRequest({ hook: 'order-select', orders: [ada], encounterId: 'e1', prefetch: raPrefetch() }))
      .expect(200);
    expectValid(res.body);
    const created = cards(res)
      .flatMap((c) => c.suggestions ?? [])
      .flatMap((s) => s.actions)
      .filter((a) => a.resource?.resourceType === 'MedicationRequest');
    expect(created.length).toBeGreaterThan(0);
  });
});

describe('CORS for the browser-hosted sandbox', () => {
  it('answers the preflight of the services and of feedback for an allowed origin', async () => {
    for (const path of [SIGN, `${SIGN}/feedback`, '/cds-services']) {
      const res = await request(t.app)
        .options(path)
        .set('Origin', 'https://sandbox.cds-hooks.org')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type')
        .expect(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://sandbox.cds-hooks.org');
      expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/);
    }
    const disc = await request(t.app).get('/cds-services').set('Origin', 'https://sandbox.cds-hooks.org').expect(200);
    expect(disc.headers['access-control-allow-origin']).toBe('https://sandbox.cds-hooks.org');
  });

  it('gives no CORS headers to an origin not listed', async () => {
    const res = await request(t.app).get('/cds-services').set('Origin', 'https://evil.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('settings', () => {
  it('CDS_MAX_CARDS=1 keeps the critical card(s) and says what was left out', async () => {
    const small = await createCdsTestApp({ CDS_AUTH_DISABLED: 'true', DEFAULT_LANGUAGE: 'en', CDS_MAX_CARDS: '1' });
    const res = await request(small.app)
      .post(SIGN)
      .send(sandboxRequest({ hook: 'order-sign', orders: nsclcOrders(), encounterId: 'e1', prefetch: nsclcPrefetch() }))
      .expect(200);
    const list = cards(res);
    expect(list.every((c) => c.indicator === 'critical')).toBe(true);
    expect(list[list.length - 1]?.detail).toMatch(/more card\(s\) not shown/);
  });

  it('CDS_SUGGESTION_STYLE=update turns a single-drug switch into one update of the draft order (valid R4, with its id)', async () => {
    const app = await createCdsTestApp({
      CDS_AUTH_DISABLED: 'true',
      DEFAULT_LANGUAGE: 'en',
      CDS_SUGGESTION_STYLE: 'update',
    });
    const orders = [adalimumabOrder()];
    const res = await request(app.app)
      .post(SELECT)
      .send(sandboxRequest({ hook: 'order-select', orders, encounterId: 'e1', prefetch: raPrefetch() }))
      .expect(200);
    expectValid(res.body);
    const suggestion = cards(res).find((c) => c.source.topic?.code === 'alternative')?.suggestions?.[0];
    expect(suggestion?.actions).toHaveLength(1);
    expect(suggestion?.actions[0]).toMatchObject({
      type: 'update',
      resource: { resourceType: 'MedicationRequest', id: 'mr-ada' },
    });
  });

  it('CDS_DEFAULT_LANGUAGE answers calls without Accept-Language, and a Chinese card carries no English prose in the not-assessed lines', async () => {
    const zh = await createCdsTestApp({
      CDS_AUTH_DISABLED: 'true',
      DEFAULT_LANGUAGE: 'en',
      CDS_DEFAULT_LANGUAGE: 'zh',
    });
    const orders = [
      ...nsclcOrders(),
      medicationRequest({ id: 'mr-x', code: 'Z99ZZ99', dose: 1, unit: 'mg', route: IV }),
    ];
    const res = await request(zh.app)
      .post(SIGN)
      .send(
        sandboxRequest({
          hook: 'order-sign',
          orders,
          encounterId: 'e1',
          prefetch: { ...nsclcPrefetch(), patient: { ...patient(), id: 'other' } },
        }),
      )
      .expect(200);
    expect(res.headers['content-language']).toBe('zh-CN');
    const detail = notAssessed(res);
    expect(detail).toMatch(/未/);
    // prose lines: strip code spans, FHIR paths and identifiers; no English words may remain
    const prose = detail
      .split('\n')
      .slice(1)
      .map((l) =>
        l
          .replace(/`[^`]*`/g, '')
          .replace(/\([^)]*:\/\/[^)]*\)/g, '')
          .replace(/[A-Za-z]+\/[A-Za-z0-9-]+/g, ''),
      );
    for (const line of prose) expect(line).not.toMatch(/\b(the|was|not|assessed|patient|another|ignored|order)\b/i);
  });
});
