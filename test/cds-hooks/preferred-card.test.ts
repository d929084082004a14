import { renderCards } from '../../src/adapters/cds-hooks/cards';
import { decodeCardUuid } from '../../src/adapters/cds-hooks/card-ids';
import { requestToCase } from '../../src/adapters/rest/request-to-case';
import { assessCase } from '../../src/pipeline/assess';
import { defaultSnapshot } from '../support/test-app';

describe('guideline-preferred options on CDS Hooks', () => {
  it('shows an SGLT2 inhibitor + GLP-1 agonist in diabetic kidney disease as an info card with its extra cost, apart from cheaper alternatives', async () => {
    const snapshot = await defaultSnapshot();
    const kase = requestToCase(
      {
        patient: {
          age: 61,
          sex: 'male',
          weight: { value: 80, unit: 'kg' },
          egfr: { value: 50 },
          diagnoses: [{ code: 'E11.2', principal: true }],
          comorbidities: [{ code: 'N18.3', system: 'icd-10' }],
        },
        proposal: { regimenId: 't2dm-sitagliptin-dapagliflozin' },
        context: { asOf: '2026-11-23', hospitalTier: 'tertiary', setting: 'outpatient' },
      } as never,
      { hospitalTier: 'tertiary', region: null },
    );
    const assessment = await assessCase(kase, snapshot, {
      explain: false,
      view: 'full',
      savingsDisplayThreshold: { absolute: 200, fraction: 0.02 },
      requestId: 't',
      serviceVersion: 't',
    });
    const { cards } = renderCards({
      hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
      language: 'en',
      assessment,
      kase,
      notAssessed: [],
      orders: [],
      context: { patientId: 'p1' },
      serviceName: { en: 'Combination-therapy cost', zh: '联合用药费用' },
    });
    const preferred = cards.filter((c) => decodeCardUuid(c.uuid)?.type === 'preferred');
    expect(preferred).toHaveLength(1);
    expect(preferred[0]?.indicator).toBe('info');
    expect(preferred[0]?.summary).toMatch(/^Guideline-preferred, ¥[\d,]+ more per course: Sitagliptin/);
    expect([...(preferred[0]?.summary ?? '')].length).toBeLessThan(140);
    expect(preferred[0]?.suggestions ?? []).toEqual([]);
  });
});
