/** Importing a city's DRG weight table: good tables become the tariff, bad lines are refused by number. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importDrgTariff } from '../../src/knowledge/drg-tariff-import';
import { loadKnowledgePack } from '../../src/knowledge/load-pack';
import type { KnowledgePack } from '../../src/knowledge/types';
import { importTariffCommand } from '../../tools/import-drg-tariff';

const RULES = path.join(__dirname, '..', '..', 'rules');
let pack: KnowledgePack;
beforeAll(async () => {
  pack = await loadKnowledgePack(path.join(RULES, 'default'));
});

const CITY = [
  'code,name,weight,baseRate:urban-employee,baseRate:urban-rural-resident',
  'RE11,"恶性增生性疾患的化学治疗和/或其他治疗，伴严重并发症或合并症",1.52,11000,9500',
  'RE13,,1.21,11000,',
  'ES11,呼吸系统结核，伴严重并发症或合并症,1.9,,',
].join('\n');

describe('importDrgTariff', () => {
  it('keys the weights by DRG code, with base rates per insurance type, citing the source', () => {
    const r = importDrgTariff(CITY, pack.drgTariffs, pack.drgScheme!, { source: 'city-2026', replace: false });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const re11 = r.tariffs.groups.find((g) => g.code === 'RE11');
    expect(re11).toMatchObject({
      relativeWeight: 1.52,
      illustrative: false,
      source: 'city-2026',
      baseRates: { 'urban-employee': 11000, 'urban-rural-resident': 9500 },
    });
    expect(r.tariffs.groups.find((g) => g.code === 'RE13')?.name.zh).toBe(
      '恶性增生性疾患的化学治疗和/或其他治疗，伴并发症或合并症',
    );
    expect(r.tariffs.groups.find((g) => g.code === 'ES11')?.relativeWeight).toBe(1.9);
    expect(r.imported).toBe(3);
    expect(r.kept).toContain('RE15');
  });

  it('refuses codes not in the scheme version, bad weights and repeats, with their line numbers', () => {
    const csv = ['code,name,weight', 'RE13,x,1.2', 'RE1-LUNG-CHEMO,x,3.5', 'RE15,x,-1', 'RE13,x,1.3', 'ZZ99,x,1'].join(
      '\n',
    );
    const r = importDrgTariff(csv, pack.drgTariffs, pack.drgScheme!, { source: 's', replace: false });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(r.errors[0]?.message).toMatch(/'RE1-LUNG-CHEMO' is not a DRG of chs-drg 1\.1/);
  });

  it('needs the code, name and weight columns', () => {
    const r = importDrgTariff('drg,weight\nRE13,1', pack.drgTariffs, pack.drgScheme!, { source: 's', replace: false });
    expect(r.ok ? [] : r.errors.map((e) => e.line)).toEqual([1]);
  });
});

describe('npm run pack:import-drg-tariff', () => {
  function packCopy(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'drg-import-'));
    cpSync(path.join(RULES, 'default'), path.join(dir, 'default'), { recursive: true });
    cpSync(path.join(RULES, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
    cpSync(path.join(RULES, 'drg-schemes'), path.join(dir, 'drg-schemes'), { recursive: true });
    return path.join(dir, 'default');
  }

  it('writes a tariff that passes pack:check, and refuses a bad table without touching the pack', async () => {
    const dir = packCopy();
    const csv = path.join(dir, '..', 'city.csv');
    writeFileSync(csv, CITY);
    const log: string[] = [];
    expect(
      await importTariffCommand(
        [
          csv,
          '--pack',
          dir,
          '--source',
          'city-2026',
          '--citation',
          'City healthcare security bureau, DRG weights 2026',
        ],
        (l) => log.push(l),
      ),
    ).toBe(0);
    expect(log.join('\n')).toMatch(/pack-check: default .* OK/);
    const imported = await loadKnowledgePack(dir);
    expect(imported.drgTariffs.groups.find((g) => g.code === 'RE13')?.relativeWeight).toBe(1.21);
    expect(imported.sources.get('city-2026')?.citation).toMatch(/City healthcare security bureau/);

    const before = readFileSync(path.join(dir, 'drg-tariffs.json'), 'utf8');
    writeFileSync(csv, 'code,name,weight\nRE13,x,1.2\nNOPE,x,1\n');
    const refused: string[] = [];
    expect(await importTariffCommand([csv, '--pack', dir], (l) => refused.push(l))).toBe(1);
    expect(refused.join('\n')).toMatch(/line 3: 'NOPE' is not a DRG/);
    expect(readFileSync(path.join(dir, 'drg-tariffs.json'), 'utf8')).toBe(before);
  });
});
