/** Options re-use the admission's grouping unless they change what the grouper reads. */
import path from 'node:path';
import type { Case } from '../../src/domain/case';
import { loadKnowledgePack } from '../../src/knowledge/load-pack';
import type { KnowledgePack } from '../../src/knowledge/types';
import { assessDrg } from '../../src/pipeline/drg/drg-assessment';
import type { Facts } from '../../src/pipeline/guideline-rules/derive-facts';
import type { ResolvedRegimen } from '../../src/pipeline/resolve/resolved-case';
import { packWith } from '../support/stages';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await loadKnowledgePack(path.join(__dirname, '..', '..', 'rules', 'default'));
});

const kase = (): Case => ({
  patient: {
    ageYears: 62,
    sex: 'male',
    diagnoses: [{ code: 'C34.900x001', principal: true }],
    biomarkers: [],
    comorbidities: [],
    allergies: [],
    priorTherapyFailures: [],
  },
  proposal: { components: [], supportive: [] },
  context: { asOf: '2026-11-23', hospitalTier: 'tertiary', setting: 'inpatient' },
});
const regimen = (route: string, drug: string) =>
  ({ components: [{ route, drug: { code: drug } }], supportive: [], library: null }) as unknown as ResolvedRegimen;
const facts = (classes: string[]) => new Map([['regimen.classes', classes]]) as unknown as Facts;
const costing = { expectedAdmissionCost: 20000, expectedLengthOfStayDays: 3, components: [] };
const assess = (c: Case, f: Facts, r: ResolvedRegimen, cost = costing) =>
  assessDrg(pack, { kase: c, principal: 'C34.900x001', facts: f, regimen: r, costing: cost }).assessment;

it('groups once per distinct record: a cheaper product of the same chemotherapy shares the grouping, a targeted-only option is grouped anew', () => {
  const c = kase();
  const proposal = assess(c, facts(['chemotherapy']), regimen('iv', 'L01BA04'));
  const generic = assess(c, facts(['chemotherapy']), regimen('iv', 'L01BA04'), {
    ...costing,
    expectedAdmissionCost: 15000,
  });
  const targeted = assess(c, facts(['targeted']), regimen('oral', 'L01EB04'));
  expect(generic.grouping).toBe(proposal.grouping);
  expect(proposal.grouping?.drg).toBe('RE13');
  expect(targeted.grouping).not.toBe(proposal.grouping);
  expect(targeted.admissionCoding).toBe('targeted-therapy');
  expect(targeted.grouping?.adrg).toBe('RG1');
  // another case never shares a grouping
  expect(assess(kase(), facts(['chemotherapy']), regimen('iv', 'L01BA04')).grouping).not.toBe(proposal.grouping);
});

it('a grouping is re-used only under the same scheme: the same case under another compiled scheme is grouped anew', () => {
  // A reload whose scheme files are unchanged shares the compiled scheme (and may share groupings);
  // a changed scheme is another object, and its groupings must be its own.
  const scheme = pack.drgScheme;
  if (!scheme) throw new Error('the default pack names a DRG scheme');
  const otherScheme = packWith(pack, { drgScheme: { ...scheme } });
  const c = kase();
  const admission = {
    kase: c,
    principal: 'C34.900x001',
    facts: facts(['chemotherapy']),
    regimen: regimen('iv', 'L01BA04'),
    costing,
  };
  const first = assessDrg(pack, admission).assessment.grouping;
  const again = assessDrg(otherScheme, admission).assessment.grouping;
  expect(again).not.toBe(first);
  expect(again).toEqual(first);
  expect(assessDrg(pack, admission).assessment.grouping).toBe(first);
});
