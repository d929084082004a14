import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
import { CdsAuthError, createCdsJwtVerifier, parseTrustedIssuers } from '../../src/adapters/cds-hooks/jwt-auth';

const ISS = 'https://ehr.example.org';
const AUD = 'https://cds.example.org/cds-services/combo-cost-order-sign';

let es: { privateKey: PrivateKey; publicJwk: JWK };
let rs: { privateKey: PrivateKey; publicJwk: JWK };

beforeAll(async () => {
  const e = await generateKeyPair('ES384', { extractable: true });
  es = {
    privateKey: e.privateKey as PrivateKey,
    publicJwk: { ...(await exportJWK(e.publicKey)), kid: 'es-1', alg: 'ES384', use: 'sig' },
  };
  const r = await generateKeyPair('RS384', { extractable: true });
  rs = {
    privateKey: r.privateKey as PrivateKey,
    publicJwk: { ...(await exportJWK(r.publicKey)), kid: 'rs-1', alg: 'RS384', use: 'sig' },
  };
});

async function token(
  opts: {
    alg?: 'ES384' | 'RS384';
    kid?: string;
    iss?: string;
    aud?: string;
    exp?: number;
    iat?: number;
    jti?: string;
    jku?: string;
  } = {},
): Promise<string> {
  const alg = opts.alg ?? 'ES384';
  const now = Math.floor(Date.now() / 1000);
  const header: { alg: string; typ: string; kid: string; jku?: string } = {
    alg,
    typ: 'JWT',
    kid: opts.kid ?? (alg === 'ES384' ? 'es-1' : 'rs-1'),
  };
  if (opts.jku) header.jku = opts.jku;
  return new SignJWT({ tenant: 'hospital-a' })
    .setProtectedHeader(header)
    .setIssuer(opts.iss ?? ISS)
    .setAudience(opts.aud ?? AUD)
    .setIssuedAt(opts.iat ?? now)
    .setExpirationTime(opts.exp ?? now + 300)
    .setJti(opts.jti ?? `jti-${Math.random()}`)
    .sign(alg === 'ES384' ? es.privateKey : rs.privateKey);
}

function b64(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

async function rejected(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CdsAuthError);
    return (e as Error).message;
  }
  throw new Error('expected the token to be rejected');
}

describe('CDS client JWT (CDS Hooks 2.0 "Trusting CDS Clients")', () => {
  const verifier = () => createCdsJwtVerifier({ [ISS]: { keys: [es.publicJwk, rs.publicJwk] } });

  it('accepts an ES384 token and an RS384 token from a trusted issuer for this endpoint', async () => {
    const v = verifier();
    await expect(v.verify(`Bearer ${await token()}`, [AUD])).resolves.toMatchObject({ iss: ISS, tenant: 'hospital-a' });
    await expect(v.verify(`Bearer ${await token({ alg: 'RS384' })}`, [AUD])).resolves.toMatchObject({ iss: ISS });
  });

  it('rejects an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(
      await rejected(verifier().verify(`Bearer ${await token({ iat: now - 900, exp: now - 600 })}`, [AUD])),
    ).toMatch(/expired/);
  });

  it('rejects a token for another audience (the discovery URL or another service)', async () => {
    const t = await token({ aud: 'https://cds.example.org/cds-services' });
    expect(await rejected(verifier().verify(`Bearer ${t}`, [AUD]))).toMatch(/aud/);
  });

  it('rejects a replayed token (same jti within its lifetime)', async () => {
    const v = verifier();
    const t = await token({ jti: 'once' });
    await v.verify(`Bearer ${t}`, [AUD]);
    expect(await rejected(v.verify(`Bearer ${t}`, [AUD]))).toMatch(/replay/);
  });

  it('rejects an unsigned token (alg none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT', kid: 'es-1' })}.${b64({ iss: ISS, aud: AUD, iat: now, exp: now + 300, jti: 'n1' })}.`;
    expect(await rejected(verifier().verify(`Bearer ${unsigned}`, [AUD]))).toMatch(/none and HMAC are refused/);
  });

  it('rejects an HMAC-signed token (HS256 / HS384), even one keyed with the public key', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const alg of ['HS256', 'HS384']) {
      const secret = new TextEncoder().encode(JSON.stringify(es.publicJwk));
      const t = await new SignJWT({})
        .setProtectedHeader({ alg, typ: 'JWT', kid: 'es-1' })
        .setIssuer(ISS)
        .setAudience(AUD)
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .setJti(`h-${alg}`)
        .sign(secret);
      expect(await rejected(verifier().verify(`Bearer ${t}`, [AUD]))).toMatch(/HMAC/);
    }
  });

  it('rejects an untrusted issuer, a tampered signature, a missing header and a lifetime over an hour', async () => {
    const v = verifier();
    expect(await rejected(v.verify(`Bearer ${await token({ iss: 'https://evil.example' })}`, [AUD]))).toMatch(
      /not trusted/,
    );
    const t = await token();
    const [h, p] = t.split('.');
    const forged = `${h}.${b64({ ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), aud: AUD, sub: 'x' })}.${t.split('.')[2]}`;
    expect(await rejected(v.verify(`Bearer ${forged}`, [AUD]))).toMatch(/signature/);
    expect(await rejected(v.verify(undefined, [AUD]))).toMatch(/Missing Authorization/);
    const now = Math.floor(Date.now() / 1000);
    expect(await rejected(v.verify(`Bearer ${await token({ iat: now, exp: now + 7200 })}`, [AUD]))).toMatch(/lifetime/);
  });

  it("never takes keys from the token's jku: with an inline JWKS a foreign jku is ignored, and a key the issuer does not have fails", async () => {
    await expect(
      verifier().verify(`Bearer ${await token({ jku: 'https://evil.example/jwks' })}`, [AUD]),
    ).resolves.toMatchObject({ iss: ISS });
    const onlyRs = createCdsJwtVerifier({ [ISS]: { keys: [rs.publicJwk] } });
    expect(await rejected(onlyRs.verify(`Bearer ${await token({ jku: 'https://evil.example/jwks' })}`, [AUD]))).toMatch(
      /key/,
    );
  });

  describe('issuer configured with a JWKS URL (served on 127.0.0.1)', () => {
    let server: http.Server;
    let url: string;
    beforeAll(async () => {
      server = http.createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [es.publicJwk] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches the keys from the configured URL and accepts a token whose jku is that URL', async () => {
      const v = createCdsJwtVerifier(parseTrustedIssuers({ [ISS]: url }));
      await expect(v.verify(`Bearer ${await token({ jku: url })}`, [AUD])).resolves.toMatchObject({ iss: ISS });
      await expect(v.verify(`Bearer ${await token()}`, [AUD])).resolves.toMatchObject({ iss: ISS });
      expect(await rejected(v.verify(`Bearer ${await token({ jku: `${url}?other` })}`, [AUD]))).toMatch(/jku/);
    });
  });
});

describe('trusted issuers file', () => {
  it('accepts inline public JWKS and JWKS URLs, and refuses private keys, symmetric keys and plain-http remote URLs', () => {
    expect(() =>
      parseTrustedIssuers({
        [ISS]: { keys: [{ kty: 'EC', crv: 'P-384', x: 'a', y: 'b' }] },
        'https://b.example': 'https://b.example/jwks',
      }),
    ).not.toThrow();
    expect(() =>
      parseTrustedIssuers({ [ISS]: { keys: [{ kty: 'EC', crv: 'P-384', x: 'a', y: 'b', d: 'secret' }] } }),
    ).toThrow(/private key/);
    expect(() => parseTrustedIssuers({ [ISS]: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } })).toThrow(/EC and RSA/);
    expect(() => parseTrustedIssuers({ [ISS]: 'http://ehr.example.org/jwks' })).toThrow(/https/);
    expect(() => parseTrustedIssuers(['x'])).toThrow(/JSON object/);
  });
});
