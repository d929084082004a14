/**
 * The default pack's tariff prices every DRG its inpatient regimens' admissions can group to:
 * every national principal code of the regimen's condition, coded as the pack codes the
 * admission, without complications, with a CC and with an MCC.
 */
import path from 'node:path';
import { loadKnowledgePack } from '../../src/knowledge/load-pack';
import type { KnowledgePack, Regimen } from '../../src/knowledge/types';
import { admissionCodingFor } from '../../src/pipeline/drg/drg-assessment';
import { groupRecord } from '../../src/pipeline/drg/grouper/group-record';
import type { ResolvedRegimen } from '../../src/pipeline/resolve/resolved-case';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await loadKnowledgePack(path.join(__dirname, '..', '..', 'rules', 'default'));
});

/** The regimen's drug classes with their broader classes, as the rules see them. */
function classesOf(regimen: Regimen): string[] {
  const out = new Set<string>();
  for (const c of regimen.components) {
    for (let k of pack.drugs.get(c.drug)?.classes ?? []) {
      for (let guard = 0; k && guard < 10; guard++) {
        out.add(k);
        k = pack.drugClasses.get(k)?.parent ?? '';
      }
    }
  }
  return [...out];
}

function asResolved(regimen: Regimen): ResolvedRegimen {
  return {
    components: regimen.components.map((c) => ({ route: c.route, drug: { code: c.drug } })),
    library: regimen,
  } as unknown as ResolvedRegimen;
}

const CC = 'J18.900'; // pneumonia: a CC
const MCC = 'I50.900'; // heart failure: an MCC

it('prices every DRG an inpatient regimen admission groups to, with and without CC/MCC', () => {
  const scheme = pack.drgScheme;
  expect(scheme).toBeDefined();
  if (!scheme) return;
  const priced = new Set(pack.drgTariffs.groups.map((g) => g.code));
  const reached = new Map<string, string>();
  let records = 0;
  for (const regimen of pack.regimens.values()) {
    if (regimen.setting !== 'inpatient') continue;
    const coding = admissionCodingFor(pack, asResolved(regimen), classesOf(regimen));
    expect({ regimen: regimen.id, coded: coding !== undefined }).toEqual({ regimen: regimen.id, coded: true });
    if (!coding) continue;
    const prefixes = pack.manifest.conditions.find((c) => c.id === regimen.condition)?.icd10Prefixes ?? [];
    const principals = [...scheme.diagnosisNames.keys()].filter((d) => prefixes.some((p) => d.startsWith(p)));
    expect(principals.length).toBeGreaterThan(0);
    for (const principal of principals) {
      for (const extra of [[], [CC], [MCC]]) {
        const diagnoses = coding.encounterDiagnosis
          ? [coding.encounterDiagnosis, principal, ...extra]
          : [principal, ...extra];
        const r = groupRecord(scheme, {
          gender: '1',
          age: '60',
          ageDays: '',
          weight: '',
          diagnoses,
          procedures: coding.procedures,
        });
        records++;
        if (r.status === 'SUCCESS' && !reached.has(r.drg))
          reached.set(r.drg, `${regimen.id}: ${diagnoses.join(' ')} / ${coding.procedures.join(' ')}`);
      }
    }
  }
  expect(records).toBeGreaterThan(100);
  const unpriced = [...reached].filter(([drg]) => !priced.has(drg)).map(([drg, example]) => `${drg} (e.g. ${example})`);
  expect(unpriced).toEqual([]);
  // The chemotherapy admission reaches all three severities.
  expect([...reached.keys()]).toEqual(expect.arrayContaining(['RE11', 'RE13']));
});

it('refuses a tariff code that is not a DRG of the scheme (the guard above relies on it)', async () => {
  const { schemeViolations } = await import('../../src/knowledge/drg-tariff-integrity');
  const tariffs = {
    ...pack.drgTariffs,
    groups: [...pack.drgTariffs.groups, { ...pack.drgTariffs.groups[0]!, code: 'RE1-LUNG-CHEMO' }],
  };
  expect(schemeViolations(tariffs, pack.drgScheme!)).toEqual([
    expect.objectContaining({ pointer: `/groups/${tariffs.groups.length - 1}/code` }),
  ]);
  expect(schemeViolations(pack.drgTariffs, pack.drgScheme!)).toEqual([]);
});
