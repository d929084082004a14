import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { nsclcChemoTargeted, EGFR_EXON19 } from '../support/cases';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT: '64kb' });
});

function expectProblem(res: request.Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.type).toBe('application/problem+json');
  expect(res.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status }));
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
}

describe('errors are RFC 9457 problem details', () => {
  it('400 lists every schema violation with its JSON pointer', async () => {
    const body = nsclcChemoTargeted();
    (body.patient as Record<string, unknown>).age = -3;
    (body.patient as Record<string, unknown>).weight = { value: 'heavy', unit: 'kg' };
    (body.context as Record<string, unknown>).setting = 'home';
    (body as Record<string, unknown>).patientName = 'Zhang San';
    const res = await request(t.app).post('/v1/assessments').set(t.auth).send(body);
    expectProblem(res, 400);
    const pointers = (res.body.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining(['/patient/age', '/patient/weight/value', '/context/setting', '/patientName']),
    );
  });

  it('400 says a proposal needs a regimen id or components, not both', async () => {
    const body = nsclcChemoTargeted();
    body.proposal = {} as never;
    const res = await request(t.app).post('/v1/assessments').set(t.auth).send(body);
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([
      { pointer: '/proposal', message: 'needs one of: regimenId, components', code: 'anyOf' },
    ]);
  });

  it('400 for a date that matches the pattern but does not exist', async () => {
    const res = await request(t.app)
      .post('/v1/assessments')
      .set(t.auth)
      .send(nsclcChemoTargeted({}, { asOf: '2026-02-30' }));
    expectProblem(res, 400);
    expect(res.body.errors[0].pointer).toBe('/context/asOf');
  });

  it('400 for malformed JSON', async () => {
    const res = await request(t.app)
      .post('/v1/assessments')
      .set(t.auth)
      .set('Content-Type', 'application/json')
      .send('{"patient": ');
    expectProblem(res, 400);
  });

  it('422 names the dosing inputs a body-surface-area dose needs when they are missing', async () => {
    const body = nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never });
    delete (body.patient as Record<string, unknown>).height;
    const res = await request(t.app).post('/v1/assessments').set(t.auth).send(body);
    expectProblem(res, 422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/patient/height' })]));
  });

  it('422 for an unknown regimen id', async () => {
    const body = nsclcChemoTargeted();
    body.proposal = { regimenId: 'no-such-regimen' };
    const res = await request(t.app).post('/v1/assessments').set(t.auth).send(body);
    expectProblem(res, 422);
    expect(res.body.errors[0].pointer).toBe('/proposal/regimenId');
  });

  it('413 above the stated body limit', async () => {
    const body = { ...nsclcChemoTargeted(), caseRef: 'x'.repeat(70 * 1024) };
    const res = await request(t.app).post('/v1/assessments').set(t.auth).send(body);
    expectProblem(res, 413);
    expect(res.body.detail).toMatch(/64kb/);
  });

  it('415 for a body that is not JSON', async () => {
    const res = await request(t.app)
      .post('/v1/assessments')
      .set(t.auth)
      .set('Content-Type', 'text/plain')
      .send('patient: someone');
    expectProblem(res, 415);
  });

  it('404 for an unknown path and 405 with Allow for a wrong method', async () => {
    expectProblem(await request(t.app).get('/v1/nothing-here').set(t.auth), 404);
    const res = await request(t.app).get('/v1/assessments').set(t.auth);
    expectProblem(res, 405);
    expect(res.headers.allow).toBe('POST');
  });

  it('401 without a credential or with a wrong one; health and metrics stay open', async () => {
    expectProblem(await request(t.app).post('/v1/assessments').send(nsclcChemoTargeted()), 401);
    expectProblem(
      await request(t.app).post('/v1/assessments').set('Authorization', 'Bearer not-a-key').send(nsclcChemoTargeted()),
      401,
    );
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    expect((await request(t.app).get('/readyz')).status).toBe(200);
    expect((await request(t.app).get('/metrics')).status).toBe(200);
  });
});

describe('logs never identify a patient', () => {
  it('keeps request bodies, caseRef, query strings and credentials out of the logs', async () => {
    const marker = 'ZHANGSAN-110101199001011234';
    const body = nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never, birthDate: '1964-03-02' });
    body.caseRef = marker;
    delete (body.patient as Record<string, unknown>).age;
    await request(t.app).post('/v1/assessments?explain=true').set(t.auth).send(body).expect(200);
    await request(t.app)
      .post('/v1/assessments')
      .set(t.auth)
      .send({ ...body, extra: marker })
      .expect(400);
    await request(t.app).get(`/v1/drugs?q=${marker}`).set(t.auth).expect(200);
    const logs = t.logs.join('\n');
    expect(logs).toContain('/v1/assessments');
    expect(logs).not.toContain(marker);
    expect(logs).not.toContain('1964-03-02');
    expect(logs).not.toContain(t.key);
  });
});

describe('the MDT page is served by the service', () => {
  it('redirects /mdt to /mdt/ once and serves the page there', async () => {
    const bare = await request(t.app).get('/mdt');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/mdt/');
    const page = await request(t.app).get('/mdt/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
  });
});
