/** The FHIR client's own guards, shown failing on deliberately hostile input. */
import { FetchBudget, allowedFhirBase, fetchFhir } from '../../src/adapters/cds-hooks/fhir-client';
import { parseCorsOrigins, parseFhirAllowlist } from '../../src/adapters/cds-hooks/cds-settings';

describe('allow-list', () => {
  const list = parseFhirAllowlist('https://ehr.example.org/fhir, http://127.0.0.1:8081/fhir/');

  it('accepts a base under an entry and refuses lookalikes, other ports, credentials and queries', () => {
    expect(allowedFhirBase('https://ehr.example.org/fhir', list)).toEqual({ base: 'https://ehr.example.org/fhir' });
    expect(allowedFhirBase('https://ehr.example.org/fhir/r4/', list)).toEqual({
      base: 'https://ehr.example.org/fhir/r4',
    });
    for (const bad of [
      'https://ehr.example.org/fhirx',
      'https://ehr.example.org.evil.example/fhir',
      'http://127.0.0.1:8082/fhir',
      'https://ehr.example.org/admin',
    ])
      expect(allowedFhirBase(bad, list)).toEqual({ refused: 'fhirServer is not on the allow-list of this service' });
    expect(allowedFhirBase('https://u:p@ehr.example.org/fhir', list)).toEqual({
      refused: 'fhirServer carries credentials',
    });
    expect(allowedFhirBase('https://ehr.example.org/fhir?x=1', list)).toEqual({
      refused: 'fhirServer carries a query or fragment',
    });
    expect(allowedFhirBase('https://ehr.example.org/fhir', [])).toMatchObject({
      refused: expect.stringMatching(/not enabled/),
    });
  });

  it('refuses allow-list entries with credentials and CORS origins with paths at start-up', () => {
    expect(() => parseFhirAllowlist('https://u:p@ehr.example.org/fhir')).toThrow(/credentials/);
    expect(() => parseCorsOrigins('https://sandbox.cds-hooks.org/app')).toThrow(/origin/);
    expect(parseCorsOrigins('*, https://sandbox.cds-hooks.org')).toEqual(['*', 'https://sandbox.cds-hooks.org']);
  });
});

describe('bounded fetching', () => {
  const limits = { maxResponseBytes: 1000, maxHookBytes: 2500, maxPages: 3, concurrency: 2 };

  it('never runs more GETs at once than the concurrency limit', async () => {
    let active = 0;
    let peak = 0;
    const fake = (async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 20));
      active--;
      return new Response('{"resourceType":"Patient","id":"p1"}', { status: 200 });
    }) as typeof fetch;
    const budget = new FetchBudget(limits);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        fetchFhir('https://ehr.example.org/fhir', `Patient/p${i}`, 't', { timeoutMs: 1000, fetch: fake }, budget),
      ),
    );
    expect(peak).toBe(2);
    expect(budget.requests).toBe(6);
  });

  it('follows at most maxPages next links and stops when the per-hook byte budget is used up', async () => {
    let n = 0;
    const pages = (async () => {
      n++;
      return new Response(
        JSON.stringify({
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: `https://ehr.example.org/fhir/page${n}` }],
          entry: [],
        }),
        { status: 200 },
      );
    }) as typeof fetch;
    const out = await fetchFhir(
      'https://ehr.example.org/fhir',
      'Observation',
      't',
      { timeoutMs: 1000, fetch: pages },
      new FetchBudget(limits),
    );
    expect(n).toBe(3);
    expect(out.incomplete).toMatch(/more than 3 pages/);

    const big = (async () =>
      new Response(`{"resourceType":"Patient","id":"p1","text":"${'x'.repeat(900)}"}`, {
        status: 200,
      })) as typeof fetch;
    const budget = new FetchBudget(limits);
    await fetchFhir('https://ehr.example.org/fhir', 'Patient/a', 't', { timeoutMs: 1000, fetch: big }, budget);
    await fetchFhir('https://ehr.example.org/fhir', 'Patient/b', 't', { timeoutMs: 1000, fetch: big }, budget);
    await expect(
      fetchFhir('https://ehr.example.org/fhir', 'Patient/c', 't', { timeoutMs: 1000, fetch: big }, budget),
    ).rejects.toThrow(/size/);
  });

  it('an answer over the per-response limit is refused without being read whole', async () => {
    const huge = (async () => new Response('x'.repeat(5000), { status: 200 })) as typeof fetch;
    await expect(
      fetchFhir(
        'https://ehr.example.org/fhir',
        'Patient/a',
        't',
        { timeoutMs: 1000, fetch: huge },
        new FetchBudget(limits),
      ),
    ).rejects.toThrow(/larger than the size limit/);
  });
});
