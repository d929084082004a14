/**
 * Requests and tokens built the way real CDS clients build them, for the HTTP tests:
 *
 * - the CDS Hooks sandbox (cds-hooks/sandbox, src/retrieve-data-helpers/service-exchange.js and
 *   jwt-generator.js, read for reference): a fresh uuid hookInstance; `fhirServer` always; a
 *   `fhirAuthorization` of {access_token, token_type: 'Bearer', expires_in, scope, subject} where
 *   expires_in and access_token may be missing (JSON drops undefined); `prefetch` only with the
 *   keys its own GETs answered (failed ones left out); a client JWT signed ES256 with kid and a
 *   jku header, iss https://sandbox.cds-hooks.org, aud = the service URL, 300 s lifetime, uuid jti;
 * - the Da Vinci CRD request generator: RS256 tokens with longer lifetimes.
 *
 * Written for these tests; no code was copied.
 */
import crypto from 'node:crypto';
import { SignJWT, type generateKeyPair } from 'jose';

/** A private key as jose 6 generates it (jose 6 dropped the KeyLike type). */
type KeyLike = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
import { bundle } from './helpers';

type Json = Record<string, unknown>;

export interface SandboxCall {
  hook: 'order-select' | 'order-sign';
  patientId?: string;
  userId?: string;
  encounterId?: string;
  orders: Json[];
  selections?: string[];
  fhirServer?: string;
  /** The sandbox's stored token response; fields left undefined are dropped, as JSON.stringify does. */
  token?: { access_token?: string; expires_in?: number } | null;
  prefetch?: Json;
}

export function sandboxRequest(call: SandboxCall): Json {
  const context: Json = {
    patientId: call.patientId ?? 'p1',
    userId: call.userId ?? 'Practitioner/dr1',
    draftOrders: bundle(call.orders),
  };
  if (call.encounterId) context.encounterId = call.encounterId;
  if (call.hook === 'order-select')
    context.selections =
      call.selections ?? call.orders.slice(0, 1).map((o) => `${String(o.resourceType)}/${String(o.id)}`);
  const request: Json = { hookInstance: crypto.randomUUID(), hook: call.hook, fhirServer: call.fhirServer, context };
  if (call.token)
    request.fhirAuthorization = {
      access_token: call.token.access_token,
      token_type: 'Bearer',
      expires_in: call.token.expires_in,
      scope: 'launch patient/*.read',
      subject: 'sandbox-client',
    };
  if (call.prefetch && Object.keys(call.prefetch).length > 0) request.prefetch = call.prefetch;
  return JSON.parse(JSON.stringify(request)) as Json;
}

export interface ClientToken {
  key: KeyLike;
  alg: string;
  kid: string;
  iss: string;
  aud: string;
  lifetime?: number;
  jti?: unknown;
  jku?: string;
}

/** A client JWT: header {alg, typ: JWT, kid[, jku]}, claims iss, sub, aud, exp, iat, jti. */
export async function clientJwt(t: ClientToken): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const header: { alg: string; typ: string; kid: string; jku?: string } = { alg: t.alg, typ: 'JWT', kid: t.kid };
  if (t.jku) header.jku = t.jku;
  return new SignJWT({ sub: 'client', jti: t.jti === undefined ? crypto.randomUUID() : t.jti } as never)
    .setProtectedHeader(header)
    .setIssuer(t.iss)
    .setAudience(t.aud)
    .setIssuedAt(now)
    .setExpirationTime(now + (t.lifetime ?? 300))
    .sign(t.key);
}
