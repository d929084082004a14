/** Feedback fields are bounded before logging, and ids are never logged verbatim (issue 11). */
import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../../src/observability/logger';
import type { TestApp } from '../support/test-app';
import { createCdsTestApp } from './cds-app';

const FEEDBACK = '/cds-services/combo-cost-order-sign/feedback';
let t: TestApp;

beforeAll(async () => {
  t = await createCdsTestApp({ CDS_AUTH_DISABLED: 'true', DEFAULT_LANGUAGE: 'en' });
});

const item = (extra: Record<string, unknown>) => ({
  card: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
  outcome: 'overridden',
  outcomeTimestamp: '2026-11-23T08:00:00Z',
  ...extra,
});

describe('feedback logging', () => {
  it('refuses an override reason code of 10,000 characters and 51 accepted suggestions with 400 naming the field', async () => {
    const long = await request(t.app)
      .post(FEEDBACK)
      .send({ feedback: [item({ overrideReason: { reason: { system: 'urn:x', code: 'c'.repeat(10_000) } } })] })
      .expect(400);
    expect(long.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('feedback[0].overrideReason.reason');
    const many = await request(t.app)
      .post(FEEDBACK)
      .send({
        feedback: [
          {
            ...item({}),
            outcome: 'accepted',
            acceptedSuggestions: Array.from({ length: 51 }, (_, i) => ({ id: `s-${i}` })),
          },
        ],
      })
      .expect(400);
    expect(many.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('feedback[0].acceptedSuggestions');
  });

  it('logs the card as a fingerprint, suggestions as a count, a foreign override code as "other"', async () => {
    t.logs.length = 0;
    const card = 'patient-Zhang-San-MRN-889911';
    await request(t.app)
      .post(FEEDBACK)
      .send({
        feedback: [
          item({
            card,
            outcome: 'accepted',
            acceptedSuggestions: [{ id: 'MRN-889911-suggestion' }],
            overrideReason: { reason: { system: 'urn:hospital:reasons', code: 'ZhangSan' } },
          }),
        ],
      })
      .expect(200);
    const logs = t.logs.join('\n');
    expect(logs).toMatch(/cds\.feedback/);
    expect(logs).not.toMatch(/Zhang|889911/);
    const line = JSON.parse(t.logs.find((l) => l.includes('"cds.feedback"')) ?? '{}') as {
      card: string;
      acceptedSuggestions: number;
      overrideReason: { code: string };
    };
    expect(line.card).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(line.acceptedSuggestions).toBe(1);
    expect(line.overrideReason).toEqual({ code: 'other' });
  });
});

describe('logger redaction for CDS Hooks fields', () => {
  it('redacts fhirServer, access tokens and patient ids should any code log them', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk, _enc, cb) {
          lines.push(String(chunk));
          cb();
        },
      }) as never,
    );
    logger.info(
      {
        fhirServer: 'https://admin:pw-123@ehr.example.org/fhir',
        call: { accessToken: 'tok-456', patientId: 'MRN-789' },
      },
      'x',
    );
    expect(lines.join('')).not.toMatch(/pw-123|tok-456|MRN-789/);
    expect(lines.join('')).toMatch(/\[redacted\]/);
  });
});
