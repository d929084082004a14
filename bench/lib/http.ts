/** Small HTTP helpers of the benchmark's checks before load. */

export async function post(url: string, body: unknown): Promise<{ status: number; json: unknown; bytes: number }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, bytes: Buffer.byteLength(text) };
}

export type AssessmentJson = { alternatives?: unknown[]; preferredOptions?: unknown[]; excludedCandidates?: unknown[] };

/** Alternatives + preferred options + excluded candidates of an assessment answered with `?explain=true`. */
export const candidateCount = (a: AssessmentJson) =>
  (a.alternatives?.length ?? 0) + (a.preferredOptions?.length ?? 0) + (a.excludedCandidates?.length ?? 0);

/** The order-sign service id from GET /cds-services, or null when there is none. */
export async function orderSignServiceId(url: string): Promise<string | null> {
  try {
    const disc = await fetch(`${url}/cds-services`);
    if (!disc.ok) return null;
    const services = ((await disc.json()) as { services?: { id: string; hook: string }[] }).services ?? [];
    return services.find((s) => s.hook === 'order-sign')?.id ?? null;
  } catch {
    return null;
  }
}
