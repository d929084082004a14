import fc from 'fast-check';
import { CARD_TYPES, cardUuid, decodeCardUuid } from '../../src/adapters/cds-hooks/card-ids';
import { type RenderInput, renderCards } from '../../src/adapters/cds-hooks/cards';
import { FhirIssues } from '../../src/adapters/cds-hooks/fhir-read';
import { fhirToCase, parseHookContext, flattenFhirValue } from '../../src/adapters/cds-hooks/fhir-to-case';
import {
  fhirMappingConfig,
  fhirR4Errors,
  hookRequest,
  nsclcAssessment,
  nsclcAssessmentWithSmallSaving,
  nsclcOrders,
  nsclcPrefetch,
  schemaErrors,
  validateResponse,
} from './helpers';

const config = fhirMappingConfig({ defaultRegion: null });

function input(overrides: Partial<RenderInput> = {}): RenderInput {
  const req = hookRequest('order-sign', nsclcOrders(), nsclcPrefetch());
  const issues = new FhirIssues();
  const resources = Object.entries(req.prefetch as Record<string, unknown>).flatMap(([k, v]) =>
    flattenFhirValue(v as never, `prefetch.${k}`, 'request', issues),
  );
  const mapped = fhirToCase('order-sign', parseHookContext('order-sign', req.context), resources, config);
  return {
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    language: 'en',
    assessment: nsclcAssessment(),
    kase: mapped.case,
    notAssessed: mapped.notAssessed,
    orders: mapped.orders,
    context: mapped.context,
    mdtUrl: 'https://cds.example.org/mdt/#case=abc',
    serviceName: { en: 'Combination-therapy cost & value CDS', zh: '联合用药费用与价值决策支持' },
    ...overrides,
  };
}

describe('cards for the lung-cancer assessment', () => {
  const { cards, attributions } = renderCards(input());
  const byType = (type: string) => cards.filter((_, i) => attributions[i]?.type === type);

  it('is a valid CDS Hooks 2.0 response: every card has a uuid, a summary under 140 characters, a source label and an indicator', () => {
    expect(schemaErrors(validateResponse, { cards })).toEqual([]);
    for (const card of cards) {
      expect(card.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect([...card.summary].length).toBeLessThan(140);
      expect(card.source.label.length).toBeGreaterThan(0);
    }
    expect(new Set(cards.map((c) => c.uuid)).size).toBe(cards.length);
  });

  it('gives one cost and DRG card with expected cost, payment standard, margin and approval threshold, as a warning (never critical) when over the overspend threshold', () => {
    const [cost, ...rest] = byType('cost');
    expect(rest).toEqual([]);
    expect(cost?.indicator).toBe('warning');
    expect(cost?.summary).toContain('¥59,200');
    expect(cost?.summary).toContain('−¥2,800');
    expect(cost?.detail).toContain('Payment standard');
    expect(cost?.detail).toContain('¥12,000');
    expect(cost?.detail).toContain('Approval threshold');
    expect(cost?.detail).toContain('¥50,000');
    expect(cost?.links).toEqual([
      { label: expect.any(String), url: 'https://cds.example.org/mdt/#case=abc', type: 'absolute' },
    ]);
  });

  it('keeps cost cards at info when the DRG margin is positive and no approval is needed', () => {
    const a = nsclcAssessment();
    const ok = nsclcAssessment({
      drg: { ...a.drg, margin: 3000, overspend: { level: 'none', fraction: 0, threshold: 0.1 } },
      approval: { required: false },
    });
    const cost = renderCards(input({ assessment: ok })).cards.find((c) => c.source.topic?.code === 'cost');
    expect(cost?.indicator).toBe('info');
  });

  it('gives one card per guideline finding, with override reasons and a suggestion that creates the EGFR ServiceRequest', () => {
    const [finding] = byType('finding');
    expect(finding?.indicator).toBe('critical');
    expect(finding?.overrideReasons?.length).toBeGreaterThan(0);
    expect(finding?.overrideReasons?.every((r) => r.display)).toBe(true);
    expect(finding?.selectionBehavior).toBe('at-most-one');
    const action = finding?.suggestions?.[0]?.actions[0];
    expect(action?.type).toBe('create');
    expect(action?.resource).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      intent: 'order',
      code: { coding: [{ system: 'http://loinc.org', code: '69548-6' }] },
      subject: { reference: 'Patient/p1' },
      requester: { reference: 'Practitioner/dr1' },
      encounter: { reference: 'Encounter/e1' },
    });
    expect(finding?.source).toEqual({
      label: expect.stringContaining('CSCO'),
      url: 'https://example.org/csco-nsclc',
      topic: expect.any(Object),
    });
  });

  it('reports the protocol deviation of the matched regimen', () => {
    const [deviation] = byType('deviation');
    expect(deviation?.summary).toContain('Gefitinib is not part of');
    expect(deviation?.indicator).toBe('warning');
  });

  it("shows the cheaper alternatives the assessment offers in one card, one suggestion per option, the first recommended (the display threshold is the pipeline's, not re-applied)", () => {
    const alternatives = byType('alternative');
    expect(alternatives).toHaveLength(1);
    expect(alternatives[0]?.summary).toMatch(/saves ¥31,200 \(52\.7%\) per course/);
    expect(alternatives[0]?.indicator).toBe('info');
    expect(alternatives[0]?.suggestions).toHaveLength(1);
    const shownAll = renderCards(input({ assessment: nsclcAssessmentWithSmallSaving() }));
    expect(shownAll.attributions.filter((a) => a.type === 'alternative')).toHaveLength(1);
    const merged = shownAll.cards.find((c) => c.source.topic?.code === 'alternative');
    expect(merged?.selectionBehavior).toBe('at-most-one');
    expect(merged?.suggestions?.map((s) => s.isRecommended)).toEqual([true, false]);
    expect(merged?.summary).toMatch(/\+1 more option/);
  });

  it('offers short override reasons only on cards that ask the clinician to act, each fitting its card', () => {
    const reasons = (type: string) => byType(type).map((c) => c.overrideReasons?.map((r) => r.code));
    expect(reasons('alternative')).toEqual([['not-available', 'patient-preference', 'clinical-judgement']]);
    expect(reasons('deviation')).toEqual([['clinical-judgement', 'mdt-decision', 'data-incorrect']]);
    expect(reasons('finding')).toEqual([['clinical-judgement', 'already-addressed', 'data-incorrect']]);
    expect(reasons('cost')).toEqual([undefined]);
    expect(reasons('not-assessed')).toEqual([undefined]);
    for (const card of cards)
      for (const r of card.overrideReasons ?? []) {
        expect(r.system).toBe('urn:combo-cost-cds:override-reason');
        expect(r.display?.length).toBeGreaterThan(0);
      }
    // an informational finding with nothing to do carries none
    const a = nsclcAssessment();
    const infoOnly = { ...a.findings[0]!, severity: 'info' as const, action: undefined, ruleId: 'INFO-ONLY' };
    const info = renderCards(input({ assessment: nsclcAssessment({ findings: [infoOnly] }) }));
    const infoCard = info.cards.find((_, i) => info.attributions[i]?.rule === 'INFO-ONLY');
    expect(infoCard?.indicator).toBe('info');
    expect(infoCard?.overrideReasons).toBeUndefined();
  });

  it("cites sources from the assessment's citation table: label and link of the cited source", () => {
    const [alternative] = byType('alternative');
    expect(alternative?.source).toMatchObject({
      label: 'National volume-based procurement, batch 2',
      url: 'https://example.org/vbp',
    });
    const [finding] = byType('finding');
    expect(finding?.detail).toContain('CSCO Guidelines for non-small-cell lung cancer 2024');
  });

  it('replaces the draft order in one click: delete the draft, create the procured product with the same subject, requester and dosage', () => {
    const [alternative] = byType('alternative');
    expect(alternative?.selectionBehavior).toBe('at-most-one');
    const suggestion = alternative?.suggestions?.[0];
    expect(suggestion).toMatchObject({ label: expect.any(String), uuid: expect.any(String), isRecommended: true });
    const [del, create] = suggestion?.actions ?? [];
    expect(del).toEqual({ type: 'delete', description: expect.any(String), resourceId: 'MedicationRequest/mr-pem' });
    expect(create?.type).toBe('create');
    const original = nsclcOrders()[1] as Record<string, unknown>;
    expect(create?.resource).toMatchObject({
      resourceType: 'MedicationRequest',
      status: 'draft',
      intent: 'order',
      subject: original.subject,
      requester: original.requester,
      encounter: original.encounter,
      dosageInstruction: original.dosageInstruction,
      medicationCodeableConcept: {
        coding: expect.arrayContaining([
          { system: 'urn:combo-cost-cds:product', code: 'P-PEM-VBP', display: expect.any(String) },
          expect.objectContaining({ system: 'http://www.whocc.no/atc', code: 'L01BA04' }),
        ]),
      },
    });
    expect(create?.resource?.id).toBeUndefined();
  });

  it('every suggested resource is valid FHIR R4 according to an independent validator (FHIR.js)', () => {
    const all = renderCards(input({ assessment: nsclcAssessmentWithSmallSaving() })).cards;
    const resources = all
      .flatMap((c) => c.suggestions ?? [])
      .flatMap((s) => s.actions)
      .flatMap((a) => (a.resource ? [a.resource] : []));
    expect(resources.map((r) => r.resourceType).sort()).toEqual([
      'MedicationRequest',
      'MedicationRequest',
      'ServiceRequest',
    ]);
    for (const r of resources)
      expect({ resourceType: r.resourceType, errors: fhirR4Errors(r) }).toEqual({
        resourceType: r.resourceType,
        errors: [],
      });
  });

  it('the validator is not a rubber stamp: it rejects a MedicationRequest without intent', () => {
    expect(
      fhirR4Errors({
        resourceType: 'MedicationRequest',
        status: 'draft',
        subject: { reference: 'Patient/p1' },
        medicationCodeableConcept: { text: 'x' },
      }),
    ).not.toEqual([]);
  });

  it("lists what was not assessed in one info card: the pipeline's unassessed codes and the adapter's missing data", () => {
    const [na] = byType('not-assessed');
    expect(na?.indicator).toBe('info');
    expect(na?.detail).toContain('`I10`');
  });
});

describe('language', () => {
  it('writes card text in Simplified Chinese when asked', () => {
    const { cards } = renderCards(input({ language: 'zh' }));
    expect(cards.find((c) => c.source.topic?.code === 'cost')?.summary).toMatch(/预计费用 ¥59,200\/疗程/);
    expect(cards.find((c) => c.summary.includes('吉非替尼'))).toBeDefined();
    expect(schemaErrors(validateResponse, { cards })).toEqual([]);
  });
});

describe('without an assessment', () => {
  it('answers only with the not-assessed card, naming what could not be assessed', () => {
    const { cards } = renderCards(
      input({
        assessment: null,
        notAssessed: [
          {
            where: 'fhirServer:weight',
            reason: { en: 'Could not fetch body weight (timed out).', zh: '无法获取体重（超时）。' },
          },
        ],
      }),
    );
    expect(cards).toHaveLength(1);
    expect(cards[0]?.summary).toContain('no cost assessment made');
    expect(cards[0]?.detail).toContain('Could not fetch body weight');
  });
});

describe('card uuids (UUIDv8 carrying card type and rule)', () => {
  it('are RFC 9562 version 8, deterministic, and decode to their card type and rule', () => {
    const id = cardUuid({ hookInstance: 'h1', type: 'finding', rule: 'G-01', ordinal: 0 });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(cardUuid({ hookInstance: 'h1', type: 'finding', rule: 'G-01', ordinal: 0 })).toBe(id);
    expect(cardUuid({ hookInstance: 'h2', type: 'finding', rule: 'G-01', ordinal: 0 })).not.toBe(id);
    expect(decodeCardUuid(id)).toEqual({ type: 'finding', suggestion: false, rule: 'G-01' });
  });

  it('resolve long rule names through the hash against known candidates', () => {
    const id = cardUuid({
      hookInstance: 'h1',
      type: 'alternative',
      rule: 'consistency-evaluated-generic',
      ordinal: 0,
      suggestion: true,
    });
    expect(decodeCardUuid(id, ['biosimilar', 'consistency-evaluated-generic'])).toMatchObject({
      type: 'alternative',
      suggestion: true,
      rule: 'consistency-evaluated-generic',
    });
    expect(decodeCardUuid(id, ['biosimilar'])?.rule).toBeUndefined();
  });

  it('reject uuids that are not ours', () => {
    expect(decodeCardUuid('4e0a3a1e-3283-4575-ab82-028d55fe2719')).toBeUndefined();
    expect(decodeCardUuid('not-a-uuid')).toBeUndefined();
  });

  it('round-trip any literal rule of up to 11 characters (property test)', () => {
    const ruleChar = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-'.split(''));
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.constantFrom(...CARD_TYPES),
        fc.array(ruleChar, { minLength: 1, maxLength: 11 }),
        fc.nat(1000),
        fc.boolean(),
        (hook, type, chars, ordinal, suggestion) => {
          const rule = chars.join('');
          const decoded = decodeCardUuid(cardUuid({ hookInstance: hook, type, rule, ordinal, suggestion }));
          return decoded?.type === type && decoded.rule === rule && decoded.suggestion === suggestion;
        },
      ),
    );
  });
});

describe('step-down and grouped deviations', () => {
  it('a step-down that stops a drug suggests deleting its draft order only', () => {
    const base = nsclcAssessment();
    const stepDown = {
      ...base.alternatives[0]!,
      id: 'stop-gef',
      basis: 'step-down' as const,
      changes: [{ from: 'L01EB01', to: 'stop', orderRef: 'MedicationRequest/mr-gef' }],
    };
    const { cards, attributions } = renderCards(input({ assessment: nsclcAssessment({ alternatives: [stepDown] }) }));
    const card = cards[attributions.findIndex((a) => a.type === 'alternative')];
    expect(card?.suggestions?.[0]?.actions).toEqual([
      { type: 'delete', description: expect.any(String), resourceId: 'MedicationRequest/mr-gef' },
    ]);
  });

  it('reports several deviations of one kind in one card, with the worst severity', () => {
    const base = nsclcAssessment();
    const missing = (drug: string, severity: 'info' | 'warning' | 'critical') => ({
      kind: 'missing-supportive' as const,
      drug,
      severity,
      message: { en: `${drug} not ordered`, zh: `${drug} 未开具` },
    });
    const a = nsclcAssessment({
      regimen: {
        ...base.regimen,
        deviations: [
          missing('folic acid', 'warning'),
          missing('vitamin B12', 'critical'),
          missing('dexamethasone', 'warning'),
        ],
      },
    });
    const { cards, attributions } = renderCards(input({ assessment: a }));
    const deviations = cards.filter((_, i) => attributions[i]?.type === 'deviation');
    expect(deviations).toHaveLength(1);
    expect(deviations[0]?.indicator).toBe('critical');
    expect(deviations[0]?.summary).toContain('3 deviations');
    expect(deviations[0]?.detail).toContain('vitamin B12 not ordered');
  });
});

describe('hospital card switches and the card limit', () => {
  const topics = (r: ReturnType<typeof renderCards>) => r.cards.map((c) => c.source.topic?.code);

  it('a card type switched off in policies.cdsCards is not sent, but a critical card always is', () => {
    const all = renderCards(input());
    expect(topics(all)).toEqual(expect.arrayContaining(['cost', 'finding', 'alternative']));
    const off = renderCards(input({ cardSwitches: { cost: false, alternative: false, finding: false } }));
    expect(topics(off)).not.toContain('cost');
    expect(topics(off)).not.toContain('alternative');
    // the EGFR finding is critical: switching findings off does not hide it
    expect(off.cards.some((c) => c.source.topic?.code === 'finding' && c.indicator === 'critical')).toBe(true);
    expect(off.cards.some((c) => c.source.topic?.code === 'finding' && c.indicator !== 'critical')).toBe(false);
    expect(off.attributions.map((a) => a.uuid)).toEqual(off.cards.map((c) => c.uuid));
  });

  it('orders critical before warnings before the rest, and cuts at maxCards', () => {
    const rank = { critical: 0, warning: 1, info: 2 } as const;
    const all = renderCards(input({ assessment: nsclcAssessmentWithSmallSaving() }));
    const indicators = all.cards.map((c) => rank[c.indicator]);
    expect(indicators).toEqual([...indicators].sort((a, b) => a - b));
    const two = renderCards(input({ assessment: nsclcAssessmentWithSmallSaving(), maxCards: 2 }));
    expect(two.cards).toHaveLength(2);
    expect(two.cards.map((c) => c.uuid)).toEqual(all.cards.slice(0, 2).map((c) => c.uuid));
    expect(two.cards[1]?.detail).toMatch(/more card\(s\) not shown/);
  });
});
