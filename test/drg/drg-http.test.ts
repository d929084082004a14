/**
 * POST /v1/drg/group and /v1/drg/group/batch, and assessments whose admission the grouper places
 * by the patient's comorbidities, with the payment standard of the resulting DRG.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import YAML from 'yaml';
import { createOpenApiValidators } from '../../src/adapters/rest/openapi-validation';
import { createTestApp, type TestApp } from '../support/test-app';
import { CARBOPLATIN, PEMETREXED, nsclcPatient, type Assessment, type AssessmentRequest } from '../support/cases';

const validators = createOpenApiValidators();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const record = (over: object = {}) => ({
  record: { sex: 'male', ageYears: 62, diagnoses: ['Z51.103', 'C34.900', 'D61.101'], procedures: ['99.2503'], ...over },
});

describe('POST /v1/drg/group', () => {
  it('groups a chemotherapy admission with an MCC to RE11 and says which MCC decided it', async () => {
    const res = await request(t.app).post('/v1/drg/group').set(t.auth).send(record()).expect(200);
    expect(validators.validate('DrgGrouping', res.body)).toEqual([]);
    expect(res.body).toMatchObject({
      scheme: { id: 'chs-drg', version: '1.1' },
      status: 'grouped',
      mdc: 'MDCR',
      adrg: 'RE1',
      drg: 'RE11',
    });
    expect(res.body.names.drg).toBe('恶性增生性疾患的化学治疗和/或其他治疗，伴严重并发症或合并症');
    expect(res.body.complications.mcc).toEqual([
      { code: 'D61.101', name: '化疗后骨髓抑制', position: 2, level: 'mcc', exclusionGroup: '41' },
    ]);
    expect(res.body.splitBy).toEqual({ level: 'mcc', codes: ['D61.101'], drgWithout: 'RE13' });
    expect(res.body.trace.at(-1)).toMatchObject({ stage: 'drg', code: 'RE11', kind: 'mcc', held: true });
  });

  it('answers the OpenAPI example exactly as documented', async () => {
    const doc = YAML.parse(readFileSync(path.join(__dirname, '..', '..', 'openapi', 'openapi.yaml'), 'utf8'));
    const op = doc.paths['/v1/drg/group'].post;
    const res = await request(t.app)
      .post('/v1/drg/group')
      .set(t.auth)
      .send(op.requestBody.content['application/json'].examples.chemotherapyWithMcc.value)
      .expect(200);
    expect(res.body).toEqual(op.responses['200'].content['application/json'].examples.chemotherapyWithMcc.value);
  });

  it('answers the same record with the same body', async () => {
    const a = await request(t.app).post('/v1/drg/group').set(t.auth).send(record()).expect(200);
    const b = await request(t.app).post('/v1/drg/group').set(t.auth).send(record()).expect(200);
    expect(b.body).toEqual(a.body);
  });

  it('reports unknown codes by position and groups without them', async () => {
    const res = await request(t.app)
      .post('/v1/drg/group')
      .set(t.auth)
      .send(record({ diagnoses: ['Z51.103', 'C34.9'], procedures: ['99.2503', '99.99zz'] }))
      .expect(200);
    expect(res.body.drg).toBe('RE15');
    expect(
      res.body.unknownCodes.map(
        (u: { list: string; position: number; code: string }) => `${u.list}[${u.position}] ${u.code}`,
      ),
    ).toEqual(['diagnoses[1] C34.9', 'procedures[1] 99.99zz']);
  });

  it('says invalid, with the reason, for a newborn without birth weight', async () => {
    const res = await request(t.app)
      .post('/v1/drg/group')
      .set(t.auth)
      .send({ record: { sex: 'female', ageYears: 0, ageDays: 3, diagnoses: ['P22.000'] } })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'invalid', drg: '0000', check: { id: 'newborn_weight_missing' } });
    expect(res.body.reason).toMatch(/新生儿的出生体重必须有值/);
  });

  it('says ungroupable when no MDC produces a group', async () => {
    const res = await request(t.app)
      .post('/v1/drg/group')
      .set(t.auth)
      .send(record({ diagnoses: ['I25.100'], procedures: ['36.0601'] }))
      .expect(200);
    expect(res.body).toMatchObject({ status: 'ungroupable', mdc: '0000', adrg: '00', drg: '0000' });
  });

  it('refuses a malformed record with a problem naming the field, and a scheme it has not loaded', async () => {
    const bad = await request(t.app)
      .post('/v1/drg/group')
      .set(t.auth)
      .send({ record: { sex: 'x', ageYears: 62, diagnoses: [] } })
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining(['/record/sex', '/record/diagnoses']),
    );
    const other = await request(t.app)
      .post('/v1/drg/group')
      .set(t.auth)
      .send({ ...record(), scheme: { id: 'chs-drg', version: '2.0' } })
      .expect(422);
    expect(other.body.errors[0].pointer).toBe('/scheme');
  });
});

describe('POST /v1/drg/group/batch (NDJSON)', () => {
  it('answers one line per input line, in order, a bad line in its slot', async () => {
    const lines = [
      JSON.stringify(record()),
      '{not json',
      JSON.stringify(record({ diagnoses: ['Z51.103'] })),
      JSON.stringify({ record: { sex: 'male' } }),
    ];
    const res = await request(t.app)
      .post('/v1/drg/group/batch')
      .set(t.auth)
      .set('Content-Type', 'application/x-ndjson')
      .send(lines.join('\n') + '\n')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    const out = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.line)).toEqual([1, 2, 3, 4]);
    expect(out[0].result.drg).toBe('RE11');
    expect(out[1].problem.status).toBe(400);
    expect(out[2].result.drg).toBe('RE15');
    expect(out[3].problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/record/ageYears',
      '/record/diagnoses',
    ]);
  });

  it('refuses a JSON body: the batch is NDJSON', async () => {
    await request(t.app).post('/v1/drg/group/batch').set(t.auth).send(record()).expect(415);
  });
});

describe('assessments group the admission with the national grouper', () => {
  const chemo = (
    patient: Partial<AssessmentRequest['patient']> = {},
    context: Partial<AssessmentRequest['context']> = {},
  ): AssessmentRequest => ({
    patient: nsclcPatient(patient),
    proposal: { components: [{ ...PEMETREXED }, { ...CARBOPLATIN }], cycles: 4 },
    context: { asOf: '2026-11-23', hospitalTier: 'tertiary', setting: 'inpatient', ...context },
  });
  async function assess(body: AssessmentRequest): Promise<Assessment> {
    const res = await request(t.app).post('/v1/assessments').set(t.auth).send(body);
    expect(res.status).toBe(200);
    expect(validators.validate('Assessment', res.body)).toEqual([]);
    return res.body as Assessment;
  }
  const standardOf = (a: Assessment) => a.drg.paymentStandard?.amount;

  it('codes a chemotherapy cycle as Z51.103 + 99.2503 with the cancer secondary: the cancer code itself is a CC → RE13', async () => {
    const a = await assess(chemo());
    expect(a.drg.grouping?.drg).toBe('RE13');
    expect(a.drg.admissionCoding).toBe('chemotherapy-iv');
    expect(a.drg.group?.inputsUsed).toMatchObject({
      principalDiagnosis: 'Z51.103',
      secondaryDiagnoses: ['C34.900x001'],
      procedures: ['99.2503'],
    });
    expect(a.drg.grouping?.splitBy).toEqual({ level: 'cc', codes: ['C34.900x001'], drgWithout: 'RE15' });
    expect(standardOf(a)).toBe(35000);
  });

  it('moves to RE11 with a recorded MCC comorbidity, paying more', async () => {
    const a = await assess(chemo({ comorbidities: [{ code: 'I50.900', system: 'icd-10' }] }));
    expect(a.drg.group?.code).toBe('RE11');
    expect(a.drg.grouping?.splitBy?.codes).toEqual(['I50.900']);
    expect(a.drg.reason).toMatch(/MCC I50\.900 moved it from RE13 to RE11/);
    expect(standardOf(a)).toBe(46000);
  });

  it('stays at RE15 when the cancer is coded outside the national clinical version (reported) and nothing else is a CC', async () => {
    const a = await assess(chemo({ diagnoses: [{ code: 'C34.9', system: 'icd-10', principal: true }] }));
    expect(a.drg.group?.code).toBe('RE15');
    expect(a.drg.grouping?.unknownCodes).toEqual([
      expect.objectContaining({ list: 'diagnoses', position: 1, code: 'C34.9' }),
    ]);
    expect(standardOf(a)).toBe(29000);
  });

  it("groups the caller's own procedures instead of the pack's coding", async () => {
    const a = await assess(chemo({}, { procedures: ['99.2800x006'], encounterDiagnosis: 'Z51.801' }));
    expect(a.drg.grouping?.adrg).toBe('RG1');
    expect(a.drg.admissionCoding).toBeUndefined();
  });

  it("uses the caller's DRG code and reports that the grouper disagrees", async () => {
    const a = await assess(chemo({}, { drgCode: 'RE15' }));
    expect(a.drg.group).toMatchObject({ code: 'RE15', determinedBy: 'caller' });
    expect(a.drg.callerDisagreement).toMatch(/RE15 differs from the grouper's RE13/);
  });

  it('is not applicable, with the reason, when the grouper cannot group the admission', async () => {
    // I25.100 is in no MDC list; the OR procedure enters MDC A, which has no ADRG for it.
    const a = await assess(chemo({}, { encounterDiagnosis: 'I25.100', procedures: ['36.0601'] }));
    expect(a.drg.applicable).toBe(false);
    expect(a.drg.grouping?.status).toBe('ungroupable');
    expect(a.drg.reason).toMatch(/ungroupable under chs-drg 1\.1/);
    expect(a.drg.paymentStandard).toBeUndefined();
  });
});
