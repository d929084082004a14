/**
 * A safety limit by drug or class holds for every drug the order gives — a supportive drug as much
 * as a regimen component: a contraindication on dexamethasone must stop an order that lists it as
 * the antiemetic premedication, not only one that lists it as a component. (Before the fix the
 * compiled contraindication read `regimen.drugs`, the therapeutic drugs only, and a supportive
 * dexamethasone passed as "safe".)
 */
import type { components } from '../../../src/generated/api';
import { compileContraindication } from '../../../src/knowledge/compile-contraindications';
import type { Contraindication, KnowledgePack } from '../../../src/knowledge/types';
import { assessCase } from '../../../src/pipeline/assess';
import { AS_OF, CARBOPLATIN, PEMETREXED, nsclcPatient, type AssessmentRequest } from '../../support/cases';
import { caseOf, defaultPack, packWith } from '../../support/stages';

const DEXAMETHASONE = 'H02AB02';

/** A limit on dexamethasone that holds for every adult (illustrative: the point is where it is checked). */
const dexamethasoneLimit: Contraindication = {
  id: 'TEST-DEXAMETHASONE-LIMIT',
  kind: 'history',
  drugs: [DEXAMETHASONE],
  severity: 'critical',
  when: { fact: 'patient.ageYears', op: 'gte', value: 18 },
  title: { en: 'Dexamethasone contraindicated (test limit)', zh: '地塞米松禁忌（测试限制）' },
  message: { en: 'Test limit on dexamethasone.', zh: '地塞米松测试限制。' },
  source: 'label-pemetrexed',
  evidenceLevel: 'illustrative',
};

type Supportive = components['schemas']['ProposedComponent'][];
const order = (supportive: Supportive): AssessmentRequest => ({
  patient: nsclcPatient(),
  proposal: { components: [{ ...PEMETREXED }, { ...CARBOPLATIN }], supportive, cycles: 4 },
  context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'inpatient' },
});
const withDexamethasone = order([
  { code: DEXAMETHASONE, system: 'atc', dose: { value: 4, unit: 'mg' }, route: 'oral' },
]);

let pack: KnowledgePack;
beforeAll(async () => {
  const base = await defaultPack();
  pack = packWith(base, { rules: [...base.rules, compileContraindication(dexamethasoneLimit)] });
});

const assess = (p: KnowledgePack, request: AssessmentRequest) =>
  assessCase(
    caseOf(request),
    { pack: p, model: null, generation: 1 },
    {
      explain: true,
      requestId: 't',
      serviceVersion: 't',
    },
  );

describe('safety limits on supportive drugs', () => {
  it('a limit on a drug ordered as supportive makes the proposal unsafe and names the drug', async () => {
    const answer = await assess(pack, withDexamethasone);
    expect(answer.safety.status).toBe('unsafe');
    expect(answer.safety.unsafe).toContain('TEST-DEXAMETHASONE-LIMIT');
    const finding = answer.findings.find((f) => f.ruleId === 'TEST-DEXAMETHASONE-LIMIT');
    expect(finding).toMatchObject({ severity: 'critical', drugs: [DEXAMETHASONE] });
  });

  it('no option that still gives the supportive drug is offered as safe', async () => {
    const answer = await assess(pack, withDexamethasone);
    expect([...answer.alternatives, ...answer.preferredOptions, ...answer.therapyChanges]).toEqual([]);
  });

  it('the same order without the supportive drug is not touched by the limit', async () => {
    const answer = await assess(pack, order([]));
    expect(answer.safety.unsafe).not.toContain('TEST-DEXAMETHASONE-LIMIT');
    expect(answer.findings.map((f) => f.ruleId)).not.toContain('TEST-DEXAMETHASONE-LIMIT');
  });

  it('keyed on the therapeutic drugs only (the old compilation), the limit would miss it: the broken guard is caught', async () => {
    const compiled = compileContraindication(dexamethasoneLimit);
    const therapeuticOnly = {
      ...compiled,
      appliesWhen: { fact: 'regimen.drugs', op: 'includes', value: DEXAMETHASONE },
    } as const;
    const broken = packWith(await defaultPack(), { rules: [...(await defaultPack()).rules, therapeuticOnly] });
    const answer = await assess(broken, withDexamethasone);
    expect(answer.safety.unsafe).not.toContain('TEST-DEXAMETHASONE-LIMIT');
  });
});
