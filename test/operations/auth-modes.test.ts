import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { createTestApp } from '../support/test-app';
import { EGFR_EXON19, nsclcChemoTargeted } from '../support/cases';

describe('REST API access', () => {
  it('accepts a JWT from the configured issuer and refuses one from anyone else', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-'));
    const { publicKey, privateKey } = await generateKeyPair('ES384');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES384' };
    fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [jwk] }));
    const t = await createTestApp({
      JWT_ISSUER: 'https://idp.hospital.example',
      JWT_JWKS_FILE: path.join(dir, 'jwks.json'),
      JWT_AUDIENCE: 'combo-cost-cds',
    });
    const sign = (issuer: string) =>
      new SignJWT({ scope: 'assess' })
        .setProtectedHeader({ alg: 'ES384', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience('combo-cost-cds')
        .setIssuedAt()
        .setExpirationTime('5m')
        .setJti(crypto.randomUUID())
        .sign(privateKey);
    const body = nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never });
    await request(t.app)
      .post('/v1/assessments')
      .set('Authorization', `Bearer ${await sign('https://idp.hospital.example')}`)
      .send(body)
      .expect(200);
    const refused = await request(t.app)
      .post('/v1/assessments')
      .set('Authorization', `Bearer ${await sign('https://elsewhere.example')}`)
      .send(body);
    expect(refused.status).toBe(401);
    expect(refused.type).toBe('application/problem+json');
  });

  it('stores only the hash of the generated key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
    const t = await createTestApp({ API_KEYS_FILE: path.join(dir, 'keys.json') });
    const stored = fs.readFileSync(path.join(dir, 'keys.json'), 'utf8');
    expect(t.key).toMatch(/^cck_/);
    expect(stored).not.toContain(t.key);
    expect(stored).toContain(crypto.createHash('sha256').update(t.key).digest('hex'));
  });

  it('development mode without credentials says so loudly in the logs and in /readyz', async () => {
    const t = await createTestApp({ API_AUTH_DISABLED: 'true' });
    await request(t.app)
      .post('/v1/assessments')
      .send(nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }))
      .expect(200);
    const ready = await request(t.app).get('/readyz').expect(200);
    expect(ready.body.warnings.join(' ')).toMatch(/API_AUTH_DISABLED/);
    expect(t.logs.join('\n')).toMatch(/API_AUTH_DISABLED=true/);
  });
});
