/**
 * Money properties over every regimen of the default pack, ordered by regimen id for an adult
 * with every common input recorded: no alternative costs more than the proposal; every component's
 * cost is its dispensed units × unit price (a pharmacist can redo it); a regimen switch lists every
 * drug it adds or stops and leaves the doses of the drugs it keeps as ordered.
 */
import { requestToCase } from '../../src/adapters/rest/request-to-case';
import type { RuntimeSnapshot } from '../../src/http/app-context';
import { assessCase, UnresolvableCaseError, type Assessment } from '../../src/pipeline/assess';
import { switchedRegimen } from '../../src/pipeline/alternatives/switched-regimen';
import { resolveCase } from '../support/resolve';
import type { ResolvedComponent } from '../../src/pipeline/resolve/resolved-case';
import { defaultSnapshot } from '../support/test-app';
import { AS_OF, type AssessmentRequest } from '../support/cases';

let snapshot: RuntimeSnapshot;
const answers: { regimen: string; a: Assessment }[] = [];
let refused = 0;

function request(regimenId: string, icd10: string, line: number): AssessmentRequest {
  const on = { date: '2026-11-20' };
  return {
    caseRef: `money-${regimenId}`,
    patient: {
      age: 60,
      sex: 'male',
      weight: { value: 70, unit: 'kg', ...on },
      height: { value: 170, unit: 'cm', ...on },
      serumCreatinine: { value: 0.9, unit: 'mg/dL', ...on },
      ecog: { value: 1, ...on },
      alt: { value: 30, upperLimitOfNormal: 40, ...on },
      diagnoses: [{ code: icd10.length === 3 ? `${icd10}.9` : icd10, principal: true }],
      lineOfTherapy: line,
      biomarkers: [],
    },
    proposal: { regimenId },
    context: { asOf: AS_OF, hospitalTier: 'tertiary', setting: 'inpatient', insuranceType: 'urban-employee' },
  };
}

beforeAll(async () => {
  snapshot = await defaultSnapshot();
  for (const regimen of snapshot.pack.regimens.values()) {
    const icd10 = regimen.indications[0];
    if (!icd10) continue;
    const kase = requestToCase(request(regimen.id, icd10, regimen.linesOfTherapy?.[0] ?? 1), {
      hospitalTier: 'tertiary',
      region: null,
    });
    try {
      answers.push({
        regimen: regimen.id,
        a: await assessCase(kase, snapshot, { explain: true, requestId: 't', serviceVersion: 't' }),
      });
    } catch (error) {
      if (!(error instanceof UnresolvableCaseError)) throw error;
      refused += 1;
    }
  }
}, 120_000);

describe('money over every regimen of the pack', () => {
  it('assesses most regimens (the properties below are not vacuous)', () => {
    expect(answers.length).toBeGreaterThanOrEqual(30);
    expect(refused).toBeLessThan(answers.length);
  });

  it('shows no alternative that costs as much as or more than the proposal', () => {
    for (const { a } of answers) {
      for (const o of a.alternatives)
        expect([o.id, o.expectedCost.perCourse < a.expectedCost.perCourse]).toEqual([o.id, true]);
    }
  });

  it('costs every component as dispensed units × unit price × administrations (single-use and tablets)', () => {
    let checked = 0;
    for (const { a } of answers) {
      for (const cost of [a.expectedCost, ...a.alternatives.map((o) => o.expectedCost)]) {
        for (const c of cost.components!) {
          const perAdministration = (c.dispensed ?? []).reduce((s, d) => s + d.count * d.unitPrice, 0);
          const multiDose = c.dose.calculation.includes('per cycle (multi-dose units)');
          if (multiDose || cost.components!.length === 0) continue;
          expect([c.drug.code, c.costPerCycle]).toEqual([
            c.drug.code,
            expect.closeTo(perAdministration * c.administrationsPerCycle, 1),
          ]);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('lists every drug a regimen switch adds or stops, and keeps the ordered dose of every drug it keeps', () => {
    let switches = 0;
    for (const { a } of answers) {
      const ordered = new Map(a.expectedCost.components.map((c) => [c.drug.code, c]));
      for (const o of [...a.alternatives, ...a.preferredOptions, ...(a.therapyChanges ?? [])].filter((x) =>
        x.id.startsWith('switch:'),
      )) {
        switches += 1;
        const changed = (drug: string) => o.changes.some((ch) => ch.from.startsWith(drug) || ch.to.startsWith(drug));
        const offered = new Map(o.expectedCost.components!.map((c) => [c.drug.code, c]));
        for (const drug of offered.keys())
          if (!ordered.has(drug)) expect([o.id, drug, changed(drug)]).toEqual([o.id, drug, true]);
        for (const drug of ordered.keys())
          if (!offered.has(drug)) expect([o.id, drug, changed(drug)]).toEqual([o.id, drug, true]);
        for (const [drug, c] of offered) {
          const before = ordered.get(drug);
          if (before && !changed(drug))
            expect([o.id, drug, c.dose.ordered, c.dose.basis]).toEqual([
              o.id,
              drug,
              before.dose.ordered,
              before.dose.basis,
            ]);
        }
      }
    }
    expect(switches).toBeGreaterThan(0);
  });

  it('builds every switch of the pack from the proposal: each drug added or stopped is a listed change, every kept drug is the ordered component itself', () => {
    const pack = snapshot.pack;
    let built = 0;
    for (const sw of pack.regimenSwitches) {
      const from = pack.regimens.get(sw.from);
      const to = pack.regimens.get(sw.to);
      const icd10 = from?.indications[0];
      if (!from || !to || !icd10) continue;
      const resolved = resolveCase(
        requestToCase(request(from.id, icd10, from.linesOfTherapy?.[0] ?? 1), {
          hospitalTier: 'tertiary',
          region: null,
        }),
        pack,
      );
      const switched = switchedRegimen(pack, resolved.regimen, from, to);
      if (!switched) continue;
      built += 1;
      const all = (list: { components: ResolvedComponent[]; supportive: ResolvedComponent[] }) => [
        ...list.components,
        ...list.supportive,
      ];
      const before = all(resolved.regimen);
      const after = all(switched.regimen);
      const listed = (c: ResolvedComponent) =>
        switched.changes.some((ch) => ch.from.startsWith(c.drug.code) || ch.to.startsWith(c.drug.code));
      for (const c of after) {
        const kept = before.find((b) => b.drug.code === c.drug.code && b.role === c.role);
        if (kept) expect([sw.id, c.drug.code, c === kept || listed(c)]).toEqual([sw.id, c.drug.code, true]);
        else expect([sw.id, c.drug.code, listed(c)]).toEqual([sw.id, c.drug.code, true]);
      }
      for (const b of before) {
        if (!after.some((c) => c.drug.code === b.drug.code && c.role === b.role))
          expect([sw.id, b.drug.code, listed(b)]).toEqual([sw.id, b.drug.code, true]);
      }
    }
    expect(built).toBeGreaterThanOrEqual(10);
  });
});
