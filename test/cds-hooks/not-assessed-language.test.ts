/**
 * One bilingual "not assessed" type: what the pipeline could not read (an unmapped allergy, a
 * comorbidity that is not a valid ICD-10 code) and what the adapter could not use (no Encounter)
 * reach the not-assessed card in the language the clinician asked for, with no English prose in a
 * Chinese card.
 */
import request from 'supertest';
import type { CdsCard } from '../../src/adapters/cds-hooks/cards';
import type { TestApp } from '../support/test-app';
import { createCdsTestApp } from './cds-app';
import { bundle, condition, hookRequest, nsclcOrders, nsclcPrefetch } from './helpers';

const SIGN = '/cds-services/combo-cost-order-sign';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

let t: TestApp;
beforeAll(async () => {
  // room for every card: the not-assessed card comes last and is cut first at the default of five
  t = await createCdsTestApp({ CDS_AUTH_DISABLED: 'true', CDS_MAX_CARDS: '20' });
});

/** NSCLC orders for a patient with an allergy the pack cannot map, a second diagnosis coded I109 and no Encounter. */
function request_(): Record<string, unknown> {
  const allergy = {
    resourceType: 'AllergyIntolerance',
    id: 'al1',
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }],
    },
    code: { coding: [{ system: RXNORM, code: '999999999', display: 'an unmapped drug' }] },
    patient: { reference: 'Patient/p1' },
  };
  return hookRequest('order-sign', nsclcOrders(), {
    ...nsclcPrefetch(),
    conditions: bundle([condition('cond-1', 'C34.900x001'), condition('cond-2', 'I109')], 'searchset'),
    allergies: bundle([allergy], 'searchset'),
    encounter: null,
  });
}

async function notAssessedCard(language: string): Promise<CdsCard> {
  const res = await request(t.app).post(SIGN).set('Accept-Language', language).send(request_()).expect(200);
  const card = (res.body.cards as CdsCard[]).find((c) => c.source.topic?.code === 'not-assessed');
  if (!card) throw new Error('no not-assessed card');
  return card;
}

/** The card's prose: its text without code spans (`I109`, FHIR paths) and system URIs in parentheses. */
function prose(card: CdsCard): string {
  return `${card.summary}\n${card.detail ?? ''}`.replace(/`[^`]*`/g, '').replace(/\(\S+:\/\/\S+\)/g, '');
}

describe('a Chinese CDS request', () => {
  it("shows the pipeline's and the adapter's not-assessed reasons in Chinese", async () => {
    const card = await notAssessedCard('zh-CN');
    expect(card.detail).toContain('过敏 RxNorm 编码未对应药品目录中的药品');
    expect(card.detail).toContain('`I109` (icd-10): 不是 ICD-10 编码');
    expect(card.detail).toContain('未获得就诊信息');
  });

  it('carries no English sentence on its not-assessed card', async () => {
    const card = await notAssessedCard('zh-CN');
    // three English words in a row is a sentence fragment; codes and paths are in code spans
    expect(prose(card)).not.toMatch(/[A-Za-z]{2,}[ ,;]+[A-Za-z]{2,}[ ,;]+[A-Za-z]{2,}/);
  });
});

describe('an English CDS request', () => {
  it('shows the same items in English', async () => {
    const card = await notAssessedCard('en');
    expect(card.detail).toContain('RxNorm code not mapped to a formulary drug; no option is offered until it is coded');
    expect(card.detail).toContain('`I109` (icd-10): not an ICD-10 code');
    expect(card.detail).toContain('No Encounter');
  });
});
