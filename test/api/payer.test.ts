import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';
import { EGFR_EXON19, nsclcChemoTargeted, type Assessment } from '../support/cases';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function assess(insuranceType: string | undefined): Promise<Assessment> {
  const res = await request(t.app)
    .post('/v1/assessments')
    .set(t.auth)
    .send(nsclcChemoTargeted({ biomarkers: [EGFR_EXON19] as never }, insuranceType ? { insuranceType } : {}));
  expect(res.status).toBe(200);
  return res.body as Assessment;
}

describe('patient out-of-pocket through the insurance layers', () => {
  it('layers a low-income patient as basic 50%, critical illness 30%, assistance 15%, commercial 5% (I-01; §12 item 4: the layers already cover 100%)', async () => {
    const a = await assess('low-income');
    const oop = a.outOfPocket;
    expect(oop.available).toBe(true);
    const cost = oop.courseCost!;
    expect(oop.basicInsurance! / cost).toBeCloseTo(0.5, 3);
    expect(oop.layers!.map((l) => Math.round((l.pays / cost) * 100))).toEqual([30, 15, 5]);
    expect(oop.patientPays).toBeCloseTo(0, 1);
  });

  it('charges the deductible, the class B self-pay share and the tier ratio for an urban employee', async () => {
    const a = await assess('urban-employee');
    const oop = a.outOfPocket;
    expect(oop.deductible).toBe(1000);
    expect(oop.patientPays).toBeGreaterThan(0);
    expect(oop.patientPays!).toBeLessThan(oop.courseCost!);
    for (const o of a.alternatives) expect(o.outOfPocket?.available).toBe(true);
  });

  it('says so when no insurance type is given, and lists an unknown one as not assessed', async () => {
    expect((await assess(undefined)).outOfPocket.available).toBe(false);
    const unknown = await assess('mars-colony-plan');
    expect(unknown.outOfPocket.available).toBe(false);
    expect(unknown.unassessed).toEqual(
      expect.arrayContaining([expect.objectContaining({ where: 'context.insuranceType' })]),
    );
  });
});
