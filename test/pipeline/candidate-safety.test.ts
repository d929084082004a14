/**
 * A candidate's safety check reuses the proposal's outcome of a rule only when every fact the rule
 * reads is unchanged, re-evaluates it otherwise, and leaves out rules its drugs cannot trigger.
 */
import type { FactValue } from '../../src/pipeline/core/facts';
import type { GuidelineRule, KnowledgePack } from '../../src/knowledge/types';
import { evaluateRules } from '../../src/pipeline/guideline-rules/evaluate-rules';
import { candidateSafetyCheck } from '../../src/pipeline/safety/candidate-safety';

const rule = (id: string, r: Pick<GuidelineRule, 'appliesWhen' | 'when'>): GuidelineRule =>
  ({ id, safety: true, severity: 'critical', ...r }) as GuidelineRule;

const doseLimit = rule('D1-DOSE', {
  appliesWhen: { fact: 'regimen.drugs', op: 'includes', value: 'D1' },
  when: { fact: 'regimen.doseMg.D1', op: 'gt', value: 100 },
});
const allergy = rule('ALLERGY', {
  appliesWhen: { fact: 'regimen.agentCount', op: 'gte', value: 1 },
  when: { fact: 'patient.allergyConflictCount', op: 'gte', value: 1 },
});
/** A hand-built pack: compiled on the spot by packIndex. */
const pack = { rules: [doseLimit, allergy] } as unknown as KnowledgePack;

const facts = (f: Record<string, FactValue>) => new Map(Object.entries(f));
const proposalFacts = facts({
  'regimen.drugs': ['D1'],
  'regimen.agentCount': 1,
  'regimen.doseMg.D1': 50,
  'patient.allergyConflictCount': 0,
});
const proposal = { facts: proposalFacts, outcomes: evaluateRules(pack, proposalFacts) };
const check = candidateSafetyCheck(pack, proposal);
const outcomeOf = (id: string, outcomes: ReturnType<typeof check>) => outcomes.find((o) => o.rule.id === id);

describe('candidate safety check', () => {
  it('reuses the proposal outcome of a rule whose facts are all unchanged', () => {
    const outcomes = check(facts({ ...Object.fromEntries(proposalFacts) }));
    expect(outcomeOf('D1-DOSE', outcomes)).toBe(outcomeOf('D1-DOSE', proposal.outcomes));
    expect(outcomeOf('ALLERGY', outcomes)).toBe(outcomeOf('ALLERGY', proposal.outcomes));
  });

  it('re-evaluates a rule when a fact it reads changes (a higher dose, an allergy conflict)', () => {
    const outcomes = check(
      facts({ ...Object.fromEntries(proposalFacts), 'regimen.doseMg.D1': 150, 'patient.allergyConflictCount': 1 }),
    );
    expect(outcomeOf('D1-DOSE', outcomes)).toMatchObject({ applies: true, value: true });
    expect(outcomeOf('ALLERGY', outcomes)).toMatchObject({ applies: true, value: true });
  });

  it('re-evaluates a rule when a fact it reads goes missing: undecided, never passed', () => {
    const { 'regimen.doseMg.D1': _dose, ...rest } = Object.fromEntries(proposalFacts);
    expect(outcomeOf('D1-DOSE', check(facts(rest)))).toMatchObject({
      value: undefined,
      missing: ['regimen.doseMg.D1'],
    });
  });

  it('does not evaluate a rule the candidate’s drugs cannot trigger', () => {
    const outcomes = check(
      facts({ 'regimen.drugs': ['D2'], 'regimen.agentCount': 1, 'patient.allergyConflictCount': 0 }),
    );
    expect(outcomes.map((o) => o.rule.id)).toEqual(['ALLERGY']);
  });
});
