import express from 'express';
import request from 'supertest';
import { createOpenApiValidators } from '../../src/adapters/rest/openapi-validation';
import { createTestApp, defaultSnapshot, type TestApp } from '../support/test-app';
import { ADALIMUMAB, EGFR_EXON19, METHOTREXATE, nsclcChemoTargeted, raCase } from '../support/cases';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

describe('batch assessment for an MDT case list', () => {
  it('answers one result per case in order; a bad case is reported in its slot and the others are assessed', async () => {
    const cases = [
      nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }),
      { patient: { diagnoses: [] }, proposal: {}, context: {} },
      { ...nsclcChemoTargeted(), proposal: { regimenId: 'no-such-regimen' } },
      raCase({ treatmentWeek: 20 }, [ADALIMUMAB, METHOTREXATE]),
    ];
    const res = await request(t.app).post('/v1/assessments/batch').set(t.auth).send({ cases });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { index: number; status: number }) => [r.index, r.status])).toEqual([
      [0, 200],
      [1, 400],
      [2, 422],
      [3, 200],
    ]);
    expect(res.body.results[1].problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining(['/cases/1/context/asOf']),
    );
    expect(res.body.results[2].problem.errors[0].pointer).toBe('/cases/2/proposal/regimenId');
    expect(res.body.summary).toEqual({ cases: 4, assessed: 2, failed: 2 });
    expect(res.type).toBe('application/json');
    expect(createOpenApiValidators().validate('BatchResponse', res.body)).toEqual([]);
  });

  it('runs the model once for the whole batch, proposals and candidates together', async () => {
    const snapshot = await defaultSnapshot();
    const model = snapshot.model as unknown as { runCount: number };
    const before = model.runCount;
    const cases = Array.from({ length: 20 }, (_, i) =>
      nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never, age: 40 + i }),
    );
    const res = await request(t.app).post('/v1/assessments/batch').set(t.auth).send({ cases });
    expect(res.body.summary.assessed).toBe(20);
    expect(model.runCount - before).toBe(1);
  });

  it('writes the answer case by case: one write per result, never the whole answer as one string', async () => {
    // Record every write the route makes to the response.
    const writes: string[] = [];
    const recording = express();
    recording.use((_req, res, next) => {
      const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        writes.push(String(chunk));
        return write(chunk, ...rest);
      }) as typeof res.write;
      next();
    });
    recording.use(t.app);
    const cases = Array.from({ length: 12 }, (_, i) =>
      i === 5 ? { patient: {}, proposal: {}, context: {} } : nsclcChemoTargeted({ age: 40 + i }),
    );
    const res = await request(recording).post('/v1/assessments/batch').set(t.auth).send({ cases });
    expect(res.status).toBe(200);
    expect(writes[0]).toBe('{"results":[');
    const entries = writes.slice(1).map((w) => JSON.parse(w.replace(/^,/, '')) as { index: number; status: number });
    expect(entries.map((e) => [e.index, e.status])).toEqual(cases.map((_, i) => [i, i === 5 ? 400 : 200]));
    const body = JSON.stringify(res.body);
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThan(body.length / 6);
  });

  it('rejects more than 1,000 cases', async () => {
    const cases = Array.from({ length: 1001 }, () => ({}));
    const res = await request(t.app).post('/v1/assessments/batch').set(t.auth).send({ cases });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/cases');
  });
});
