/**
 * Fetching what the prefetch did not carry from the CDS client's FHIR server (`fhirServer`),
 * with the `fhirAuthorization` bearer token. Global fetch, AbortController timeout, at most one
 * retry (network error, timeout, 429, 5xx). The server URL comes from the client, so it must be
 * https (plain http only on loopback, for local test servers); redirects are not followed.
 */
import { isLoopback } from './jwt-auth';

export class FhirFetchError extends Error {
  constructor(
    readonly query: string,
    message: string,
  ) {
    super(message);
    this.name = 'FhirFetchError';
  }
}

export interface FhirClientOptions {
  timeoutMs: number;
  retries?: number;
  fetch?: typeof fetch;
}

export function checkFhirServer(fhirServer: string): URL {
  let url: URL;
  try {
    url = new URL(fhirServer);
  } catch {
    throw new FhirFetchError('', 'fhirServer is not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) throw new FhirFetchError('', 'fhirServer must use https');
  return url;
}

/** GET `<fhirServer>/<relative query>` and return the parsed resource (Bundle or single resource). */
export async function fetchFhir(fhirServer: string, relative: string, accessToken: string, opts: FhirClientOptions): Promise<unknown> {
  const base = checkFhirServer(fhirServer);
  const url = `${base.toString().replace(/\/+$/, '')}/${relative.replace(/^\/+/, '')}`;
  const doFetch = opts.fetch ?? fetch;
  const attempts = 1 + (opts.retries ?? 1);
  let lastError = 'no attempt made';
  for (let attempt = 0; attempt < attempts; attempt++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
    try {
      const res = await doFetch(url, {
        method: 'GET',
        headers: { Accept: 'application/fhir+json, application/json', Authorization: `Bearer ${accessToken}` },
        signal: controller.signal,
        redirect: 'error',
      });
      if (res.ok) {
        const body: unknown = await res.json();
        return body;
      }
      lastError = `HTTP ${res.status}`;
      await res.body?.cancel().catch(() => undefined);
      if (res.status !== 429 && res.status < 500) break; // a 4xx will not get better by retrying
    } catch (e) {
      lastError = controller.signal.aborted ? `timed out after ${opts.timeoutMs} ms` : (e as Error).message;
    } finally {
      clearTimeout(timer);
    }
  }
  throw new FhirFetchError(relative, lastError);
}
