/**
 * Fetching what the prefetch did not carry from the CDS client's FHIR server (`fhirServer`),
 * with the `fhirAuthorization` bearer token.
 *
 * The server URL comes from the caller, so it is untrusted (server-side request forgery):
 * - only base URLs that start with an entry of CDS_FHIR_SERVER_ALLOWLIST are fetched from (empty
 *   by default: nothing is fetched); a URL with credentials, a query or a fragment is refused;
 * - redirects are not followed; a Bundle `next` link is followed only when it stays under the
 *   same allowed base, and at most `maxPages` pages per query;
 * - each answer is read as a stream and abandoned past `maxResponseBytes`; all answers of one
 *   hook call share a `maxHookBytes` budget; at most `concurrency` GETs run at once;
 * - timeouts, at most one retry (network error, timeout, 429, 5xx);
 * - error messages name the status class only: never the remote answer's text, never the URL
 *   (it may carry credentials or resource ids).
 */
import type { FhirFetchLimits } from './cds-settings';
import { isObject, type JsonObject } from './fhir-read';

export class FhirFetchError extends Error {
  constructor(
    readonly query: string,
    message: string,
  ) {
    super(message);
    this.name = 'FhirFetchError';
  }
}

export const DEFAULT_FETCH_LIMITS: FhirFetchLimits = {
  maxResponseBytes: 2 * 1024 * 1024,
  maxHookBytes: 8 * 1024 * 1024,
  maxPages: 5,
  concurrency: 4,
};

export interface FhirClientOptions {
  timeoutMs: number;
  retries?: number;
  fetch?: typeof fetch;
}

/**
 * The caller's fhirServer as an allowed base URL, or a reason it is refused. The reason never
 * quotes the URL.
 */
export function allowedFhirBase(
  fhirServer: string,
  allowlist: readonly string[],
): { base: string } | { refused: string } {
  if (allowlist.length === 0)
    return { refused: 'fetching from FHIR servers is not enabled (CDS_FHIR_SERVER_ALLOWLIST is empty)' };
  let url: URL;
  try {
    url = new URL(fhirServer);
  } catch {
    return { refused: 'fhirServer is not a URL' };
  }
  if (url.username || url.password) return { refused: 'fhirServer carries credentials' };
  if (url.search || url.hash) return { refused: 'fhirServer carries a query or fragment' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { refused: 'fhirServer is not http(s)' };
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  const ok = allowlist.some((prefix) => base === prefix || base.startsWith(`${prefix}/`));
  return ok ? { base } : { refused: 'fhirServer is not on the allow-list of this service' };
}

/** Shared by every GET of one hook call: bytes read so far and a concurrency gate. */
export class FetchBudget {
  private used = 0;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Number of GETs issued (for tests and the audit line). */
  requests = 0;

  constructor(readonly limits: FhirFetchLimits) {}

  get remaining(): number {
    return Math.max(0, this.limits.maxHookBytes - this.used);
  }

  spend(bytes: number): void {
    this.used += bytes;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limits.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

async function readCapped(res: Response, cap: number, budget: FetchBudget): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel().catch(() => undefined);
    throw new FhirFetchError('', 'the answer is larger than the size limit');
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    budget.spend(value.byteLength);
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      throw new FhirFetchError('', 'the answer is larger than the size limit');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One GET of an absolute URL under an allowed base; the parsed JSON. */
async function getJson(
  url: string,
  accessToken: string | undefined,
  opts: FhirClientOptions,
  budget: FetchBudget,
): Promise<unknown> {
  const doFetch = opts.fetch ?? fetch;
  const attempts = 1 + (opts.retries ?? 1);
  let lastError = 'no attempt made';
  for (let attempt = 0; attempt < attempts; attempt++) {
    // The timeout runs from when the GET may start (not while it waits for a concurrency slot)
    // and covers reading the body.
    const outcome = await budget.run(async (): Promise<{ value: unknown } | { error: string; retry: boolean }> => {
      const cap = Math.min(budget.limits.maxResponseBytes, budget.remaining);
      if (cap <= 0) throw new FhirFetchError('', 'the size budget for this hook call is used up');
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
      try {
        const headers: Record<string, string> = { Accept: 'application/fhir+json, application/json' };
        if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
        budget.requests++;
        const res = await doFetch(url, { method: 'GET', headers, signal: controller.signal, redirect: 'manual' });
        if (res.status >= 300 && res.status < 400) {
          await res.body?.cancel().catch(() => undefined);
          throw new FhirFetchError('', 'the FHIR server answered with a redirect, which is not followed');
        }
        if (!res.ok) {
          await res.body?.cancel().catch(() => undefined);
          return { error: `HTTP ${res.status}`, retry: res.status === 429 || res.status >= 500 };
        }
        const text = await readCapped(res, cap, budget);
        try {
          return { value: JSON.parse(text) as unknown };
        } catch {
          throw new FhirFetchError('', 'the answer is not JSON');
        }
      } catch (e) {
        if (e instanceof FhirFetchError) throw e;
        return {
          error: controller.signal.aborted ? `timed out after ${opts.timeoutMs} ms` : 'the connection failed',
          retry: true,
        };
      } finally {
        clearTimeout(timer);
      }
    });
    if ('value' in outcome) return outcome.value;
    lastError = outcome.error;
    if (!outcome.retry) break; // a 4xx will not get better by retrying
  }
  throw new FhirFetchError('', lastError);
}

/** The `next` link of a searchset Bundle when it stays under the allowed base. */
function nextLink(bundle: JsonObject, base: string): string | undefined | 'outside' {
  if (!Array.isArray(bundle.link)) return undefined;
  const next = bundle.link.find((l) => isObject(l) && l.relation === 'next');
  if (!isObject(next) || typeof next.url !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(next.url, `${base}/`);
  } catch {
    return 'outside';
  }
  if (url.username || url.password || url.hash) return 'outside';
  const href = `${url.origin}${url.pathname}`;
  return href === base || href.startsWith(`${base}/`) ? url.toString() : 'outside';
}

export interface FetchOutcome {
  /** The first answer (a resource or a Bundle whose entries include every page read). */
  value: unknown;
  /** Pages that could not be read: the result is incomplete. */
  incomplete?: string;
}

/**
 * GET `<base>/<relative query>` and, for a searchset Bundle, its `next` pages (bounded), merged
 * into one Bundle. `base` must come from allowedFhirBase.
 */
export async function fetchFhir(
  base: string,
  relative: string,
  accessToken: string | undefined,
  opts: FhirClientOptions,
  budget: FetchBudget,
): Promise<FetchOutcome> {
  const first = await getJson(`${base}/${relative.replace(/^\/+/, '')}`, accessToken, opts, budget);
  if (!isObject(first) || first.resourceType !== 'Bundle') return { value: first };
  const entries = Array.isArray(first.entry) ? [...first.entry] : [];
  let page: JsonObject = first;
  for (let pages = 1; ; pages++) {
    const next = nextLink(page, base);
    if (next === undefined) break;
    if (next === 'outside')
      return { value: { ...first, entry: entries }, incomplete: 'a next link leaves the FHIR server' };
    if (pages >= budget.limits.maxPages)
      return { value: { ...first, entry: entries }, incomplete: `more than ${budget.limits.maxPages} pages` };
    let answer: unknown;
    try {
      answer = await getJson(next, accessToken, opts, budget);
    } catch (e) {
      return {
        value: { ...first, entry: entries },
        incomplete: e instanceof FhirFetchError ? e.message : 'a page could not be read',
      };
    }
    if (!isObject(answer) || answer.resourceType !== 'Bundle')
      return { value: { ...first, entry: entries }, incomplete: 'a next page is not a Bundle' };
    if (Array.isArray(answer.entry)) for (const e of answer.entry) entries.push(e);
    page = answer;
  }
  return { value: { ...first, entry: entries } };
}
