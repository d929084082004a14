/**
 * The regimen-match stage builds the regimen that will be costed: the named or matched library
 * regimen, each component's product and dose (ordered, or the protocol's), the protocol's required
 * supportive drugs when the order lists none, and the course (cycles, cycle length) — with every
 * assumption it makes stated, and a 422 naming the field when a dose or a dosing input is missing.
 */
import type { KnowledgePack } from '../../../src/knowledge/types';
import { UnresolvableCaseError } from '../../../src/pipeline/core/pipeline-issue';
import { matchRegimen } from '../../../src/pipeline/regimen-match/build-regimen';
import { resolveInputs } from '../../../src/pipeline/resolve/resolve-case';
import { AS_OF, CARBOPLATIN, PEMETREXED, nsclcPatient, type AssessmentRequest } from '../../support/cases';
import { caseOf, defaultPack, regimenIn } from '../../support/stages';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await defaultPack();
});

const request = (
  proposal: AssessmentRequest['proposal'],
  patient: Partial<AssessmentRequest['patient']> = {},
): AssessmentRequest => ({
  patient: nsclcPatient(patient),
  proposal,
  context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'inpatient' },
});
const build = (r: AssessmentRequest) => matchRegimen(pack, resolveInputs(caseOf(r), pack));
const issuesOf = (r: AssessmentRequest) => {
  try {
    build(r);
  } catch (error) {
    if (error instanceof UnresolvableCaseError) return error.errors;
    throw error;
  }
  throw new Error('expected the regimen to be refused');
};

describe('the regimen as it will be costed', () => {
  it('a named regimen ordered without components is its protocol: doses and cycles from the library', () => {
    const library = regimenIn(pack, 'nsclc-pem-carbo');
    const { regimen } = build(request({ regimenId: 'nsclc-pem-carbo', components: [] }));
    expect(regimen.library?.id).toBe('nsclc-pem-carbo');
    expect(regimen.components.map((c) => [c.drug.code, c.dose.value, c.dose.from])).toEqual(
      library.components.map((p) => [p.drug, p.dose.value, 'protocol']),
    );
    expect(regimen.cycles).toBe(library.cycles);
    expect(regimen.cycleLengthDays).toBe(library.cycleLengthDays);
  });

  it('supportive drugs not listed: the protocol’s required ones are costed, and the answer says so', () => {
    const library = regimenIn(pack, 'nsclc-pem-carbo');
    const resolved = build(request({ regimenId: 'nsclc-pem-carbo', components: [] }));
    const required = library.supportive.filter(
      (s) => s.requiredWhen === 'always' || library.febrileNeutropeniaRisk >= pack.policies.highFebrileNeutropeniaRisk,
    );
    expect(resolved.regimen.supportive.map((s) => s.drug.code).sort()).toEqual(required.map((s) => s.drug).sort());
    expect(resolved.regimen.supportiveListed).toBe(false);
    expect(resolved.assumptions.join(' ')).toMatch(/required supportive drugs of nsclc-pem-carbo are costed/);
  });

  it('ordered components keep the ordered dose; the supportive list the order gave is the one costed', () => {
    const resolved = build(
      request({ components: [{ ...PEMETREXED, dose: { value: 450, unit: 'mg/m2' } }, { ...CARBOPLATIN }] }),
    );
    expect(resolved.regimen.library?.id).toBe('nsclc-pem-carbo');
    expect(resolved.regimen.components.find((c) => c.drug.code === 'L01BA04')?.dose).toMatchObject({
      value: 450,
      from: 'order',
    });
    // Ordered components count as a listed order: missing supportive drugs are deviations, not assumed.
    expect(resolved.regimen.supportiveListed).toBe(true);
    expect(resolved.regimen.supportive).toEqual([]);
  });

  it('a molecule ordered without a product is costed with the pack’s default product, stated as an assumption', () => {
    const resolved = build(request({ components: [{ ...PEMETREXED }, { ...CARBOPLATIN }] }));
    expect(resolved.regimen.components.every((c) => !c.productExplicit)).toBe(true);
    expect(resolved.assumptions.filter((a) => /ordered by molecule/.test(a))).toHaveLength(2);
  });

  it('components matching no library regimen borrow the closest regimen’s averages, and say which', () => {
    const resolved = build(request({ components: [{ ...PEMETREXED }], cycles: 2 }));
    expect(resolved.regimen.library).toBeNull();
    expect(resolved.regimen.averagesFrom).not.toBeNull();
    expect(resolved.regimen.cycles).toBe(2);
    expect(resolved.assumptions.join(' ')).toContain(`closest regimen, ${resolved.regimen.averagesFrom?.id}`);
  });
});

describe('what it refuses, naming the field', () => {
  it('a named regimen whose components are other drugs', () => {
    expect(issuesOf(request({ regimenId: 'nsclc-pem-carbo', components: [{ ...PEMETREXED }] }))).toEqual([
      expect.objectContaining({ pointer: '/proposal/components', code: 'regimen-mismatch' }),
    ]);
  });

  it('a component without a dose when no library regimen gives one', () => {
    const { dose: _dose, ...pemetrexedWithoutDose } = PEMETREXED;
    expect(issuesOf(request({ components: [pemetrexedWithoutDose] }))).toEqual([
      expect.objectContaining({ pointer: '/proposal/components/0/dose', code: 'missing-dose' }),
    ]);
  });

  it('a mg/m² dose without the height for the body-surface area, and an AUC dose without creatinine', () => {
    const issues = issuesOf(
      request(
        { components: [{ ...PEMETREXED }, { ...CARBOPLATIN }] },
        { height: undefined, serumCreatinine: undefined },
      ),
    );
    expect(issues.map((i) => [i.pointer, i.code])).toEqual([
      ['/patient/height', 'missing-dosing-input'],
      ['/patient/serumCreatinine', 'missing-dosing-input'],
    ]);
  });
});
