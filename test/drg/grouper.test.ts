/**
 * The grouper against the scheme README: each MDC entry kind, ADRG condition kind and split kind,
 * CC/MCC exclusions, input checks and newborn weight bands, on the national CHS-DRG 1.1 tables.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileScheme, type CompiledScheme } from '../../src/knowledge/drg-scheme/compile-scheme';
import { groupRecord } from '../../src/pipeline/drg/grouper/group-record';
import { num } from '../../src/domain/grouper-record';
import type { SchemeFiles } from '../../src/knowledge/drg-scheme/scheme-files';
import { SCHEME_DIR, adult, nationalScheme, newborn } from './helpers';

let scheme: CompiledScheme;
beforeAll(async () => {
  scheme = await nationalScheme();
});

const drgOf = (r: Parameters<typeof groupRecord>[1]) => groupRecord(scheme, r).drg;
const matchedKinds = (r: Parameters<typeof groupRecord>[1]) =>
  groupRecord(scheme, r)
    .trace.filter((t) => t.held)
    .map((t) => `${t.stage}:${t.kind}`);

describe('a chemotherapy admission (Z51.103 + 99.2503) splits on the secondary diagnoses', () => {
  it('groups to RE15 when no secondary diagnosis is a CC or MCC', () => {
    expect(drgOf(adult(['Z51.103', 'I10.x00'], ['99.2503']))).toBe('RE15');
  });
  it('groups to RE13 with a CC (pneumonia J18.900)', () => {
    const r = groupRecord(scheme, adult(['Z51.103', 'J18.900'], ['99.2503']));
    expect(r.drg).toBe('RE13');
    expect(r.complications.cc.map((c) => c.code)).toEqual(['J18.900']);
  });
  it('groups to RE11 with an MCC (post-chemotherapy myelosuppression D61.101)', () => {
    const r = groupRecord(scheme, adult(['Z51.103', 'J18.900', 'D61.101'], ['99.2503']));
    expect([r.status, r.mdc, r.adrg, r.drg]).toEqual(['SUCCESS', 'MDCR', 'RE1', 'RE11']);
    expect(r.complications.mcc).toEqual([{ code: 'D61.101', position: 2, level: 'mcc', group: '41' }]);
  });
  it('does not count a CC or MCC in the exclusion group of the principal diagnosis', () => {
    // Z51.101 is a CC and Z51.000 an MCC, both in exclusion group 222, the group of Z51.103.
    const r = groupRecord(scheme, adult(['Z51.103', 'Z51.101', 'Z51.000'], ['99.2503']));
    expect(r.complications.exclusionGroup).toBe('222');
    expect(r.complications.excluded.map((c) => c.code)).toEqual(['Z51.101', 'Z51.000']);
    expect(r.drg).toBe('RE15');
  });
  it('counts only secondary diagnoses: the same CC as principal splits nothing', () => {
    expect(drgOf(adult(['Z51.103'], ['99.2503']))).toBe('RE15');
  });
  it('enters MDC A on the OR procedure 99.2503, matches none of its ADRGs and falls through to MDC R', () => {
    const trace = groupRecord(scheme, adult(['Z51.103'], ['99.2503'])).trace;
    expect(trace.map((t) => `${t.stage}:${t.code}:${t.held}`)).toEqual([
      'check:input-checks:true',
      'mdc:MDCA:true',
      'adrg:MDCA:false',
      'mdc:MDCR:true',
      'adrg:RE1:true',
      'drg:RE11:false',
      'drg:RE13:false',
      'drg:RE15:true',
    ]);
  });
  it('reads the first procedure only: 99.2503 in second place is not the main procedure', () => {
    expect(drgOf(adult(['Z51.103'], ['00.0100', '99.2503']))).not.toMatch(/^RE1/);
  });
});

describe('ADRG condition kinds', () => {
  it('two_proc_lists: one procedure of each list, in any position (AC1)', () => {
    expect(matchedKinds(adult(['K74.600'], ['52.8000', '55.6100']))).toContain('adrg:two_proc_lists');
    expect(drgOf(adult(['K74.600'], ['52.8000', '55.6100']))).toBe('AC19');
    expect(drgOf(adult(['K74.600'], ['52.8000']))).not.toBe('AC19');
  });
  it('principal_dx_and_proc_categories: category 1, or categories 2 and 3 (JA2)', () => {
    const cats = Object.entries(
      JSON.parse(readFileSync(path.join(SCHEME_DIR, 'adrgs.json'), 'utf8')).find(
        (a: { code: string }) => a.code === 'JA2',
      ).condition.procedure_categories as Record<string, string>,
    );
    const first = (label: string) => cats.find(([, c]) => c === label)?.[0] as string;
    const r = (procs: string[]) => groupRecord(scheme, adult(['C50.000x001'], procs, { gender: '2' }));
    expect(r([first('1')]).adrg).toBe('JA2');
    expect(r([first('2'), first('3')]).adrg).toBe('JA2');
    expect(r([first('3')]).adrg).not.toBe('JA2');
  });
  it('any_dx_and_first_proc_or: an HIV diagnosis with an OR main procedure (YC1)', () => {
    expect(groupRecord(scheme, adult(['B20.001'], ['99.2503'])).adrg).toBe('YC1');
    expect(groupRecord(scheme, adult(['B20.001'], ['00.0100'])).adrg).not.toBe('YC1');
  });
  it('first_proc_or inside an MDC (SB1) and principal_dx (BR1)', () => {
    expect(matchedKinds(adult(['I60.000'], []))).toContain('adrg:principal_dx');
    expect(groupRecord(scheme, adult(['I60.000'], [])).adrg).toBe('BR1');
  });
});

describe('MDC entry kinds', () => {
  it('multiple_trauma: injuries in two body regions enter MDC Z; one region does not', () => {
    const two = groupRecord(scheme, adult(['S01.801', 'S21.101'], []));
    expect(two.trace.find((t) => t.stage === 'mdc')?.code).toBe('MDCZ');
    expect(two.adrg).toBe('ZZ1'); // no_or_proc: no procedure at all
    expect(groupRecord(scheme, adult(['S01.801', 'S01.800x011'], [])).trace.some((t) => t.code === 'MDCZ')).toBe(false);
  });
  it('multiple_trauma: a region label as principal passes, as published (README §6.4)', () => {
    expect(groupRecord(scheme, adult(['胸部创伤', 'S01.801', 'S21.101'], [])).mdc).toBe('MDCZ');
  });
  it('principal_dx_and_sex: a female genital diagnosis enters MDC N only for a female record', () => {
    const dx = JSON.parse(readFileSync(path.join(SCHEME_DIR, 'mdcs.json'), 'utf8')).find(
      (m: { code: string }) => m.code === 'N',
    ).entry.diagnoses[0] as string;
    expect(groupRecord(scheme, adult([dx], [], { gender: '2' })).trace.some((t) => t.code === 'MDCN')).toBe(true);
    expect(groupRecord(scheme, adult([dx], [], { gender: '女' })).trace.some((t) => t.code === 'MDCN')).toBe(true);
    expect(groupRecord(scheme, adult([dx], [], { gender: '1' })).trace.some((t) => t.code === 'MDCN')).toBe(false);
  });
  it('an unknown principal diagnosis is ungroupable (0000)', () => {
    const r = groupRecord(scheme, adult(['NOT-A-CODE'], []));
    expect([r.status, r.mdc, r.adrg, r.drg]).toEqual(['FAIL', '0000', '00', '0000']);
  });
});

describe('newborns (MDC P)', () => {
  it('bands the birth weight: <1500 PS1, [1500,2000) PS2, [2000,2500) PS3, ≥2500 PS4', () => {
    const band = (w: string) => groupRecord(scheme, newborn(['P07.200'], '3', w)).adrg;
    expect([band('1499'), band('1500'), band('1999'), band('2000'), band('2499'), band('2500')]).toEqual([
      'PS1',
      'PS2',
      'PS2',
      'PS3',
      'PS3',
      'PS4',
    ]);
  });
  it('principal_dx_newborn needs age in days ≤ 28: day 28 is PR1, day 29 falls to the catch-all PV1', () => {
    expect(groupRecord(scheme, newborn(['P22.000'], '28', '3000')).adrg).toBe('PR1');
    expect(groupRecord(scheme, newborn(['P22.000'], '29', '3000')).adrg).toBe('PV1');
  });
  it('a non-numeric weight passes the check but fits no band (README §6.3)', () => {
    expect(groupRecord(scheme, newborn(['P07.200'], '3', 'abc')).adrg).toBe('PV1');
  });
  it('MDC P needs age 0 years', () => {
    expect(groupRecord(scheme, { ...newborn(['P22.000'], '10', '3000'), age: '1' }).mdc).not.toBe('MDCP');
  });
});

describe('input checks', () => {
  it('refuses a record without sex', () => {
    const r = groupRecord(scheme, adult(['Z51.103'], ['99.2503'], { gender: '' }));
    expect([r.status, r.failure?.id, r.drg]).toEqual(['CHECK_FAILED', 'sex_missing', '0000']);
  });
  it('refuses a newborn without birth weight; blank age and age in days read as 0', () => {
    expect(groupRecord(scheme, newborn(['P22.000'], '', '')).failure?.id).toBe('newborn_weight_missing');
    expect(groupRecord(scheme, adult(['P22.000'], [], { age: '' })).failure?.id).toBe('newborn_weight_missing');
    expect(groupRecord(scheme, newborn(['P22.000'], '', '3000')).status).toBe('SUCCESS');
  });
  it('refuses a record without diagnoses', () => {
    expect(groupRecord(scheme, adult([], [])).failure?.id).toBe('diagnoses_missing');
  });
  it('reads numbers as the published grouper does: blank 0, decimals, otherwise NaN', () => {
    expect([num(''), num(' '), num('3000'), num(' 1.5e3 '), num('-2')]).toEqual([0, 0, 3000, 1500, -2]);
    expect(num('abc')).toBeNaN();
    expect(num('0x10')).toBeNaN();
  });
});

describe('scheme data switches', () => {
  function filesWith(change: (f: SchemeFiles) => void): SchemeFiles {
    const read = (f: string) => JSON.parse(readFileSync(path.join(SCHEME_DIR, f), 'utf8'));
    const files: SchemeFiles = {
      manifest: read('scheme.json'),
      mdcs: read('mdcs.json'),
      adrgs: read('adrgs.json'),
      drgs: read('drgs.json'),
      cc: read('cc.json'),
      mcc: read('mcc.json'),
      ccExclusions: read('cc-exclusions.json'),
      orProcedures: read('or-procedures.json'),
      checks: read('checks.json'),
      diagnosisNames: {},
      procedureNames: {},
    };
    change(files);
    return files;
  }
  it('returns QY where a scheme enables the ambiguous-record check', () => {
    const variant = compileScheme(filesWith((f) => f.mdcs.forEach((m) => (m.qy_check.enabled = m.code === 'R'))));
    const r = groupRecord(variant, adult(['C92.000'], ['36.0601']));
    expect([r.status, r.mdc, r.adrg, r.drg]).toEqual(['QY', 'MDCR', 'QY', 'RQY']);
    expect(groupRecord(scheme, adult(['C92.000'], ['36.0601'])).drg).toBe('RR15'); // QY off: on to the medical ADRGs
  });
  it('refuses a scheme whose ADRG names a DRG the tables lack', () => {
    expect(() => compileScheme(filesWith((f) => (f.drgs = f.drgs.filter((d) => d.code !== 'RE13'))))).toThrow(
      /DRG RE13 of ADRG RE1 is not in drgs.json/,
    );
  });
  it('translates codes when a variant switches translation on, first occurrence in the live list (README §4.1)', () => {
    const variant = compileScheme(
      filesWith((f) => {
        f.manifest.translation = true;
        f.diagnosisMap = { 'Z51.103': 'Z51.103', 'C34.9': 'C34.900' };
        f.procedureMap = { '99.2503': '99.2503' };
      }),
    );
    expect(groupRecord(variant, adult(['Z51.103', 'C34.9'], ['99.2503'])).drg).toBe('RE13');
    expect(groupRecord(variant, adult(['Z51.103', 'X'], ['99.2503'])).status).toBe('ZD_NOT_MAPPING');
    expect(groupRecord(variant, adult(['Z51.103'], [''])).status).toBe('SS_NOT_MAPPING');
  });
});

describe('the answer says which CC/MCC moved the group', () => {
  it('names the DRG the record gets without them, the same as grouping the record without them', async () => {
    const { groupForApi } = await import('../../src/pipeline/drg/grouping');
    const read = (f: string) => JSON.parse(readFileSync(path.join(SCHEME_DIR, f), 'utf8'));
    const principals = (read('mdcs.json') as { entry: { diagnoses?: string[] } }[]).flatMap(
      (m) => m.entry.diagnoses ?? [],
    );
    const cc = Object.keys(read('cc.json'));
    const mcc = Object.keys(read('mcc.json'));
    const or = read('or-procedures.json') as string[];
    let seed = 7;
    const pick = <T>(list: readonly T[]): T =>
      list[(seed = (seed * 1103515245 + 12345) % 2147483648) % list.length] as T;
    let moved = 0;
    for (let i = 0; i < 3000; i++) {
      const diagnoses = [pick(principals), ...Array.from({ length: i % 5 }, (_, k) => (k % 2 ? pick(mcc) : pick(cc)))];
      const record = adult(diagnoses, i % 3 ? [pick(or)] : []);
      const g = groupForApi(scheme, record);
      if (!g.splitBy || g.splitBy.level === 'none') continue;
      moved++;
      const drop = new Set(g.splitBy.codes);
      const expected = groupRecord(scheme, {
        ...record,
        diagnoses: diagnoses.filter((d, k) => k === 0 || !drop.has(d)),
      }).drg;
      expect({ diagnoses, drgWithout: g.splitBy.drgWithout }).toEqual({ diagnoses, drgWithout: expected });
    }
    expect(moved).toBeGreaterThan(300);
  });
});
