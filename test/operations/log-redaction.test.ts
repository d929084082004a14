/**
 * Identifiers and secrets planted in every interface (REST, batch, CDS Hooks, feedback) and in a
 * direct log call never appear in a log line; paths are logged as route templates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createLogger } from '../../src/observability/logger';
import { REDACTED_FIELDS, REDACTED_PATTERNS, redactLine } from '../../src/observability/redaction';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '..', '..');
const example = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'examples', name), 'utf8')) as Record<string, unknown>;

const PLANTED = {
  patientId: 'PID-7731-QX',
  name: 'Wang Xiaoming',
  nameZh: '王小明',
  birthDate: '1958-03-17',
  residentId: '110101195803170017',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQSUQtNzczMSJ9.c2lnbmF0dXJlLXBsYW50ZWQ',
  apiKey: 'cck_plantedWrongKey0123456789',
  fhirToken: 'fhir-access-token-PLANTED-42',
  urlUser: 'alice-planted',
  urlPassword: 's3cret-planted-pw',
};

describe('log redaction with planted identifiers', () => {
  let t: TestApp;
  let logs: string;

  beforeAll(async () => {
    t = await createTestApp({ CDS_AUTH_DISABLED: 'true', DEFAULT_LANGUAGE: 'en', FHIR_TIMEOUT_MS: '200' });

    // REST: identifiers in paths and query strings, a JWT and a wrong API key as credentials, caseRef
    await request(t.app).get(`/v1/drugs/${PLANTED.patientId}`).set(t.auth).expect(404);
    await request(t.app)
      .get(`/v1/drugs/${PLANTED.residentId}?patient=${encodeURIComponent(PLANTED.name)}`)
      .set(t.auth)
      .expect(404);
    await request(t.app)
      .get(`/v1/regimens/${encodeURIComponent(PLANTED.nameZh)}`)
      .set(t.auth)
      .expect(404);
    await request(t.app).get(`/no/such/${PLANTED.patientId}`).expect(404);
    await request(t.app).get('/v1/pack').set('Authorization', `Bearer ${PLANTED.jwt}`).expect(401);
    await request(t.app).get('/v1/pack').set('Authorization', `Bearer ${PLANTED.apiKey}`).expect(401);
    await request(t.app)
      .post('/v1/assessments')
      .set(t.auth)
      .send({ ...example('nsclc-assessment.json'), caseRef: PLANTED.patientId })
      .expect(200);

    // Batch
    const batch = example('mdt-batch.json') as { cases: Record<string, unknown>[] };
    await request(t.app)
      .post('/v1/assessments/batch')
      .set(t.auth)
      .send({ ...batch, cases: batch.cases.map((c) => ({ ...c, caseRef: PLANTED.patientId })) })
      .expect(200);

    // CDS Hooks: patient id in context and prefetch, name and birth date in Patient, a FHIR server
    // URL with credentials (unreachable, so the fetch failure is logged) and its access token.
    // Every resource belongs to the planted patient (resources of another patient are not read).
    const hook = JSON.parse(
      JSON.stringify(example('cds-order-select-ra.json')).replaceAll('Patient/p1', `Patient/${PLANTED.patientId}`),
    ) as { context: Record<string, unknown>; prefetch: Record<string, unknown> };
    const cds = {
      ...hook,
      context: { ...hook.context, patientId: PLANTED.patientId },
      // keys left out (not null) are fetched from fhirServer
      prefetch: {
        ...Object.fromEntries(Object.entries(hook.prefetch).filter(([, v]) => v !== null)),
        patient: {
          resourceType: 'Patient',
          id: PLANTED.patientId,
          birthDate: PLANTED.birthDate,
          gender: 'male',
          name: [{ family: 'Wang', given: ['Xiaoming'], text: PLANTED.name }],
          identifier: [{ system: 'urn:oid:2.16.156', value: PLANTED.residentId }],
        },
      },
      fhirServer: `http://${PLANTED.urlUser}:${PLANTED.urlPassword}@127.0.0.1:9/fhir`,
      fhirAuthorization: {
        access_token: PLANTED.fhirToken,
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'patient/*.read',
        subject: 'combo-cost-cds',
      },
    };
    const cards = await request(t.app).post('/cds-services/combo-cost-order-select').send(cds).expect(200);

    // Feedback with a comment that names the patient
    const uuid = (cards.body.cards as { uuid: string }[])[0]?.uuid;
    await request(t.app)
      .post('/cds-services/combo-cost-order-select/feedback')
      .send({
        feedback: [
          {
            card: uuid,
            outcome: 'overridden',
            overrideReason: {
              reason: { system: 'urn:combo-cost-cds:override-reason', code: 'mdt-decision' },
              userComment: `${PLANTED.name} (${PLANTED.residentId}) declined`,
            },
            outcomeTimestamp: '2026-11-23T08:00:01Z',
          },
        ],
      })
      .expect(200);

    // A future careless log call: the net still holds.
    t.ctx.logger.warn(
      {
        patient: { id: PLANTED.patientId, birthDate: PLANTED.birthDate },
        upstream: `GET http://${PLANTED.urlUser}:${PLANTED.urlPassword}@fhir.example/Patient/${PLANTED.patientId} failed`,
        headers: { authorization: `Bearer ${PLANTED.jwt}` },
      },
      `retrying with Bearer ${PLANTED.fhirToken} for ${PLANTED.residentId}`,
    );
    logs = t.logs.join('');
  });

  it('logged every request, by route template, and the CDS fetch failure', () => {
    const routes = t.logs.map((l) => (JSON.parse(l) as { req?: { route?: string } }).req?.route).filter(Boolean);
    expect(routes).toEqual(
      expect.arrayContaining([
        '/v1/drugs/:code',
        '/v1/regimens/:id',
        'unmatched',
        '/v1/pack',
        '/v1/assessments',
        '/v1/assessments/batch',
        '/cds-services/:id',
        '/cds-services/:id/feedback',
      ]),
    );
    // The FHIR server URL (with credentials) is refused before any fetch; the refusal is logged without it.
    expect(logs).toMatch(/"cds\.fhir-(fetch-failed|server-refused)"/);
    expect(logs).toContain('"cds.feedback"');
  });

  it.each(Object.entries(PLANTED))('no log line contains the planted %s', (_what, value) => {
    expect(logs).not.toContain(value);
  });

  it('raw paths and query strings are not logged', () => {
    expect(logs).not.toMatch(/"(url|path)":"\/v1\//);
    expect(logs).not.toContain('?patient=');
  });
});

describe('the redaction list', () => {
  const line = JSON.stringify({
    msg: `fetch https://${PLANTED.urlUser}:${PLANTED.urlPassword}@fhir.example/Patient/${PLANTED.patientId} with Bearer ${PLANTED.jwt}`,
    nested: {
      deeper: {
        Patient_ID: PLANTED.patientId,
        birth_date: PLANTED.birthDate,
        note: `key ${PLANTED.apiKey} id ${PLANTED.residentId}`,
      },
    },
    list: [{ name: PLANTED.name }, { token: PLANTED.fhirToken }, { family: PLANTED.nameZh }],
    keep: 'L04AB04 adalimumab',
  });

  it('removes every planted value from a line that carries all of them, and keeps the rest', () => {
    for (const value of Object.values(PLANTED)) expect(line).toContain(value); // the input does carry them
    const out = redactLine(line);
    for (const value of Object.values(PLANTED)) expect(out).not.toContain(value);
    expect(JSON.parse(out)).toMatchObject({
      keep: 'L04AB04 adalimumab',
      nested: { deeper: { note: 'key [redacted] id [redacted]' } },
    });
  });

  it('each pattern catches its own kind of value', () => {
    const samples: Record<string, string> = {
      'URL credentials': `postgres://${PLANTED.urlUser}:${PLANTED.urlPassword}@db/x`,
      'URL query string': `https://fhir.example/Observation?patient=${PLANTED.patientId}&code=x`,
      'bearer token': `Bearer ${PLANTED.fhirToken}`,
      JWT: PLANTED.jwt,
      'API key': PLANTED.apiKey,
      'FHIR person reference': `Patient/${PLANTED.patientId}`,
      'resident identity number': PLANTED.residentId,
    };
    expect(Object.keys(samples).sort()).toEqual(REDACTED_PATTERNS.map((p) => p.name).sort());
    for (const { name, pattern, replacement } of REDACTED_PATTERNS) {
      const sample = samples[name] ?? '';
      expect(sample.replace(new RegExp(pattern.source, pattern.flags), replacement)).not.toBe(sample);
    }
  });

  it('field names are matched at any depth, ignoring case, "-" and "_"', () => {
    for (const field of ['patientId', 'PATIENT_ID', 'birth-date', 'Authorization']) {
      expect(REDACTED_FIELDS).toContain(field.toLowerCase().replace(/[-_]/g, ''));
      expect(redactLine(JSON.stringify({ a: [{ b: { [field]: 'x-planted' } }] }))).not.toContain('x-planted');
    }
  });

  it('a logger without the redacting destination would leak the same call (the check can fail)', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const call = (logger: pino.Logger) => logger.info({ patient: { id: PLANTED.patientId } }, `Bearer ${PLANTED.jwt}`);
    call(pino({}, sink as never));
    expect(lines.join('')).toContain(PLANTED.patientId);
    expect(lines.join('')).toContain(PLANTED.jwt);
    lines.length = 0;
    call(createLogger('info', sink as never));
    expect(lines.join('')).not.toContain(PLANTED.patientId);
    expect(lines.join('')).not.toContain(PLANTED.jwt);
  });
});
