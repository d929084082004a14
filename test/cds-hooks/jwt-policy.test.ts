/**
 * Client-token policy of issue 11: algorithms from CDS_JWT_ALGORITHMS (default ES384, RS384),
 * lifetime from CDS_JWT_MAX_LIFETIME_S (default 3600), jti a non-empty string, a replay cache
 * partitioned per issuer with a quota, the audience only from PUBLIC_BASE_URL (start-up refused
 * without it), tokens built the way the CDS Hooks sandbox (ES256, jku header) and the CRD request
 * generator (RS256, longer lifetimes) build them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** A private key as jose 6 generates it (jose 6 dropped the KeyLike type). */
type KeyLike = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
import request from 'supertest';
import { parseJwtAlgorithms } from '../../src/adapters/cds-hooks/cds-settings';
import { CdsAuthError, createCdsJwtVerifier } from '../../src/adapters/cds-hooks/jwt-auth';
import { createCdsTestApp } from './cds-app';
import { ORAL, condition, encounter, medicationRequest, nsclcOrders, nsclcPrefetch, patient } from './helpers';
import { clientJwt, sandboxRequest } from './sandbox-client';

const SANDBOX = 'https://sandbox.cds-hooks.org';
const CRD = 'https://crd-client.example.org';
const BASE = 'https://cds.example.org';
const SIGN = '/cds-services/combo-cost-order-sign';
const AUD = `${BASE}${SIGN}`;

const keys: Record<string, { key: KeyLike; jwk: JWK }> = {};

beforeAll(async () => {
  for (const alg of ['ES256', 'ES384', 'RS256', 'RS384']) {
    const pair = await generateKeyPair(alg, { extractable: true });
    keys[alg] = { key: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: `k-${alg}`, alg } };
  }
});

const jwks = () => ({ keys: Object.values(keys).map((k) => k.jwk) });
const key = (alg: string) => (keys[alg] as { key: KeyLike }).key;

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CdsAuthError);
    return (e as Error).message;
  }
  return 'accepted';
}

describe('algorithms (CDS_JWT_ALGORITHMS)', () => {
  it('by default accepts ES384 and RS384 and refuses ES256 and RS256 (the sandbox and CRD defaults)', async () => {
    const v = createCdsJwtVerifier({ [SANDBOX]: jwks() });
    for (const alg of ['ES384', 'RS384'])
      expect(
        await reason(
          v.verify(`Bearer ${await clientJwt({ key: key(alg), alg, kid: `k-${alg}`, iss: SANDBOX, aud: AUD })}`, [AUD]),
        ),
      ).toBe('accepted');
    for (const alg of ['ES256', 'RS256'])
      expect(
        await reason(
          v.verify(`Bearer ${await clientJwt({ key: key(alg), alg, kid: `k-${alg}`, iss: SANDBOX, aud: AUD })}`, [AUD]),
        ),
      ).toMatch(/not accepted/);
  });

  it('accepts ES256 and RS256 once configured, and never none or HMAC whatever the configuration says', async () => {
    const v = createCdsJwtVerifier({ [SANDBOX]: jwks() }, { algorithms: parseJwtAlgorithms('ES256,RS256,ES384') });
    for (const alg of ['ES256', 'RS256'])
      expect(
        await reason(
          v.verify(`Bearer ${await clientJwt({ key: key(alg), alg, kid: `k-${alg}`, iss: SANDBOX, aud: AUD })}`, [AUD]),
        ),
      ).toBe('accepted');
    expect(
      await reason(
        v.verify(
          `Bearer ${await clientJwt({ key: key('RS384'), alg: 'RS384', kid: 'k-RS384', iss: SANDBOX, aud: AUD })}`,
          [AUD],
        ),
      ),
    ).toMatch(/not accepted/);
    expect(() => parseJwtAlgorithms('ES256,HS256')).toThrow(/HS256/);
    expect(() => parseJwtAlgorithms('none')).toThrow(/none/);
    expect(parseJwtAlgorithms(undefined)).toEqual(['ES384', 'RS384']);
    // even handed to the verifier directly, HMAC and none are dropped
    const forced = createCdsJwtVerifier({ [SANDBOX]: jwks() }, { algorithms: ['HS256', 'none', 'ES384'] });
    const now = Math.floor(Date.now() / 1000);
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    expect(
      await reason(
        forced.verify(
          `Bearer ${b64({ alg: 'none', typ: 'JWT', kid: 'k' })}.${b64({ iss: SANDBOX, aud: AUD, iat: now, exp: now + 60, jti: 'n' })}.`,
          [AUD],
        ),
      ),
    ).toMatch(/not accepted/);
  });
});

describe('lifetime (CDS_JWT_MAX_LIFETIME_S)', () => {
  it('refuses a 2-hour token by default and accepts it when the limit is raised; a longer one stays refused', async () => {
    const t = () => clientJwt({ key: key('RS384'), alg: 'RS384', kid: 'k-RS384', iss: CRD, aud: AUD, lifetime: 7200 });
    expect(await reason(createCdsJwtVerifier({ [CRD]: jwks() }).verify(`Bearer ${await t()}`, [AUD]))).toMatch(
      /lifetime/,
    );
    const raised = createCdsJwtVerifier({ [CRD]: jwks() }, { maxLifetimeSeconds: 7200 });
    expect(await reason(raised.verify(`Bearer ${await t()}`, [AUD]))).toBe('accepted');
    expect(
      await reason(
        raised.verify(
          `Bearer ${await clientJwt({ key: key('RS384'), alg: 'RS384', kid: 'k-RS384', iss: CRD, aud: AUD, lifetime: 7300 })}`,
          [AUD],
        ),
      ),
    ).toMatch(/lifetime/);
  });
});

describe('jti', () => {
  it('must be a non-empty string: a number, an object and "" are refused', async () => {
    const v = createCdsJwtVerifier({ [SANDBOX]: jwks() });
    for (const jti of [12345, { id: 'x' }, ''])
      expect(
        await reason(
          v.verify(
            `Bearer ${await clientJwt({ key: key('ES384'), alg: 'ES384', kid: 'k-ES384', iss: SANDBOX, aud: AUD, jti })}`,
            [AUD],
          ),
        ),
      ).toMatch(/jti/);
    expect(
      await reason(
        v.verify(
          `Bearer ${await clientJwt({ key: key('ES384'), alg: 'ES384', kid: 'k-ES384', iss: SANDBOX, aud: AUD, jti: 'a-string' })}`,
          [AUD],
        ),
      ),
    ).toBe('accepted');
  });

  it('the replay cache is per issuer: one issuer filling its quota locks out only itself', async () => {
    const v = createCdsJwtVerifier({ [SANDBOX]: jwks(), [CRD]: jwks() }, { jtiCachePerIssuer: 3 });
    const from = (iss: string) => clientJwt({ key: key('ES384'), alg: 'ES384', kid: 'k-ES384', iss, aud: AUD });
    for (let i = 0; i < 3; i++) expect(await reason(v.verify(`Bearer ${await from(SANDBOX)}`, [AUD]))).toBe('accepted');
    expect(await reason(v.verify(`Bearer ${await from(SANDBOX)}`, [AUD]))).toMatch(
      /Too many live tokens from this issuer/,
    );
    expect(await reason(v.verify(`Bearer ${await from(CRD)}`, [AUD]))).toBe('accepted');
  });
});

describe('over HTTP: audience only from PUBLIC_BASE_URL', () => {
  function issuersFile(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-iss-'));
    const file = path.join(dir, 'issuers.json');
    fs.writeFileSync(file, JSON.stringify({ [SANDBOX]: jwks() }));
    return file;
  }

  it('start-up refuses trusted issuers without PUBLIC_BASE_URL', async () => {
    await expect(createCdsTestApp({ CDS_TRUSTED_ISSUERS_FILE: issuersFile() })).rejects.toThrow(/PUBLIC_BASE_URL/);
  });

  it('a sandbox-built ES256 token (kid + jku header, 300 s) is accepted once ES256 is configured; a Host header cannot move the audience', async () => {
    const t = await createCdsTestApp({
      CDS_TRUSTED_ISSUERS_FILE: issuersFile(),
      PUBLIC_BASE_URL: BASE,
      DEFAULT_LANGUAGE: 'en',
      CDS_JWT_ALGORITHMS: 'ES256,ES384,RS384',
    });
    const body = sandboxRequest({
      hook: 'order-sign',
      orders: nsclcOrders(),
      encounterId: 'e1',
      prefetch: nsclcPrefetch(),
    });
    const good = await clientJwt({
      key: key('ES256'),
      alg: 'ES256',
      kid: 'k-ES256',
      iss: SANDBOX,
      aud: AUD,
      jku: `${SANDBOX}/.well-known/jwks.json`,
    });
    await request(t.app).post(SIGN).set('Authorization', `Bearer ${good}`).send(body).expect(200);
    // a token minted for the attacker's host, sent with that Host header
    const evil = await clientJwt({
      key: key('ES256'),
      alg: 'ES256',
      kid: 'k-ES256',
      iss: SANDBOX,
      aud: `https://evil.example${SIGN}`,
    });
    const res = await request(t.app)
      .post(SIGN)
      .set('Host', 'evil.example')
      .set('X-Forwarded-Proto', 'https')
      .set('Authorization', `Bearer ${evil}`)
      .send(body)
      .expect(401);
    expect(res.body.detail).toMatch(/aud/);
  });

  it('a CRD-generator-shaped call (RS256 token living one day with jku, a top-level extension, a typeless draftOrders Bundle, one collection prefetch) is served once RS256 and a day-long lifetime are configured', async () => {
    const t = await createCdsTestApp({
      CDS_TRUSTED_ISSUERS_FILE: issuersFile(),
      PUBLIC_BASE_URL: BASE,
      DEFAULT_LANGUAGE: 'en',
      CDS_JWT_ALGORITHMS: 'RS256,ES384,RS384',
      CDS_JWT_MAX_LIFETIME_S: '86400',
    });
    const order = medicationRequest({
      id: 'mr-met',
      code: '6809',
      system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
      dose: 500,
      unit: 'mg',
      route: ORAL,
      frequency: 2,
      period: 1,
      periodUnit: 'd',
    });
    const dm = {
      ...condition('c-dm', 'x'),
      code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006' }] },
    };
    const body = {
      hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
      fhirServer: 'https://ehr.example.org/fhir',
      hook: 'order-sign',
      fhirAuthorization: {
        access_token: 'x',
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'patient/Patient.read patient/Observation.read',
        subject: 'cds-service4',
      },
      context: {
        userId: 'Practitioner/example',
        patientId: 'p1',
        encounterId: 'e1',
        draftOrders: { resourceType: 'Bundle', entry: [{ resource: order }] },
      },
      extension: { 'davinci-crd.configuration': { 'alt-drug': true } },
      prefetch: {
        medicationRequestBundle: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [{ resource: patient() }, { resource: dm }, { resource: encounter('AMB') }, { resource: order }],
        },
      },
    };
    const dayLong = () =>
      clientJwt({
        key: key('RS256'),
        alg: 'RS256',
        kid: 'k-RS256',
        iss: SANDBOX,
        aud: AUD,
        lifetime: 86400,
        jku: 'https://crd-client.example.org/jwks',
      });
    const res = await request(t.app)
      .post(SIGN)
      .set('Authorization', `Bearer ${await dayLong()}`)
      .send(body)
      .expect(200);
    expect(
      (res.body.cards as { source: { topic?: { code: string } } }[]).some((c) => c.source.topic?.code === 'cost'),
    ).toBe(true);
    // the same token is refused by the default policy
    const strict = await createCdsTestApp({
      CDS_TRUSTED_ISSUERS_FILE: issuersFile(),
      PUBLIC_BASE_URL: BASE,
      DEFAULT_LANGUAGE: 'en',
    });
    await request(strict.app)
      .post(SIGN)
      .set('Authorization', `Bearer ${await dayLong()}`)
      .send(body)
      .expect(401);
  });
});
