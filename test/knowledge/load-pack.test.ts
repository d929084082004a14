import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledgePack } from '../../src/knowledge/load-pack';
import type { KnowledgePack } from '../../src/knowledge/types';
import { DEFAULT_PACK_DIR } from './helpers';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await loadKnowledgePack(DEFAULT_PACK_DIR);
});

describe('the default knowledge pack', () => {
  it('loads, covering NSCLC and rheumatoid arthritis at least', () => {
    const conditions = pack.manifest.conditions.map((c) => c.id);
    expect(conditions).toEqual(expect.arrayContaining(['nsclc', 'rheumatoid-arthritis']));
    expect(pack.regimens.get('nsclc-pem-carbo-pembro')?.condition).toBe('nsclc');
    expect(pack.regimens.get('ra-adalimumab-mtx')?.condition).toBe('rheumatoid-arthritis');
  });

  it('resolves the older ATC codes Chinese drug dictionaries still send', () => {
    expect(pack.atcAliases.get('L01XE02')).toBe('L01EB01'); // gefitinib
    expect(pack.atcAliases.get('L01XE35')).toBe('L01EB04'); // osimertinib
    expect(pack.atcAliases.get('L01XC07')).toBe('L01FG01'); // bevacizumab
    expect(pack.atcAliases.get('L04AA29')).toBe('L04AF01'); // tofacitinib
    expect(pack.atcAliases.get('L04AB04')).toBeUndefined(); // adalimumab's code is still current
    expect(pack.drugs.get('L01EB01')?.name.en).toBe('gefitinib');
  });

  it('contains every drug codes.md lists, each with at least one product', () => {
    // The shared codes.md when it stands beside the repo (as in CI), else the committed snapshot of its list.
    const shared = path.resolve(__dirname, '..', '..', '..', 'shared', 'domain', 'codes.md');
    const snapshot = path.join(__dirname, 'fixtures', 'codes-md-drugs.txt');
    const text = existsSync(shared) ? readFileSync(shared, 'utf8') : readFileSync(snapshot, 'utf8');
    const section = existsSync(shared) ? text.slice(text.indexOf('## Drugs the default pack must contain')) : text;
    const atcCodes = [...new Set([...section.matchAll(/\b([A-Z]\d{2}[A-Z]{2}\d{2})\b/g)].map((m) => m[1] as string))];
    expect(atcCodes.length).toBeGreaterThanOrEqual(40); // 42 listings, docetaxel and bevacizumab twice;
    const missing = [...atcCodes, 'DEV-DES', 'DEV-BMS'].filter(
      (code) => (pack.productsByDrug.get(code) ?? []).length === 0 || !pack.drugs.has(code),
    );
    expect(missing).toEqual([]);
  });

  it('keeps the pinned adalimumab prices: 26 originator doses a year cost 150,000; biosimilar A is 30 % cheaper', () => {
    const originator = pack.products.get('P-ADALIMUMAB-O-40');
    const biosimilar = pack.products.get('P-ADALIMUMAB-BA-40');
    expect(originator?.price.amount).toBe(5769.23);
    expect(originator?.unitsPerPack).toBe(1);
    expect(Math.round((originator?.price.amount ?? 0) * 26)).toBe(150000);
    expect(biosimilar?.price.amount).toBe(4038.46);
    expect(biosimilar?.referenceProduct).toBe('P-ADALIMUMAB-O-40');
    expect(pack.policies.biosimilarSwitch).toEqual({ allowed: true, afterInductionWeeks: 12, source: 'digest-S-02' });
  });

  it('pays 35,000 for a chemotherapy admission with a CC (RE13) at a tertiary hospital', () => {
    expect(pack.regimens.get('nsclc-pem-carbo')?.drgGroup).toBe('RE1');
    const group = pack.drgTariffs.groups.find((g) => g.code === 'RE13');
    expect(group?.name.zh).toBe('恶性增生性疾患的化学治疗和/或其他治疗，伴并发症或合并症');
    expect(pack.drgTariffs.baseRate * (group?.relativeWeight ?? 0) * pack.drgTariffs.tierCoefficients.tertiary).toBe(
      35000,
    );
    expect(group?.dailyCostStandard).toBe(8000);
    expect(pack.drgTariffs.tierCoefficients).toEqual({ tertiary: 1, secondary: 0.92, primary: 0.75 });
    expect(pack.drgTariffs.approvalThresholds.find((t) => t.id === 'G-73')?.amount).toBe(50000);
  });

  it('covers every condition of the brief with at least one regimen', () => {
    const expected = [
      'nsclc',
      'rheumatoid-arthritis',
      'breast-cancer',
      'colorectal-cancer',
      'aml',
      'lymphoma',
      'type-2-diabetes',
      'hypertension',
      'coronary-intervention',
    ];
    expect(pack.manifest.conditions.map((c) => c.id)).toEqual(expected);
    const withRegimens = new Set([...pack.regimens.values()].map((r) => r.condition));
    expect(expected.filter((c) => !withRegimens.has(c))).toEqual([]);
  });

  it('keeps the digest bare-metal-stent switch, disabled with the reason a clinician can check', () => {
    const bms = pack.regimenSwitches.find((s) => s.from === 'pci-des' && s.to === 'pci-bms');
    expect(bms?.enabled).toBe(false);
    expect(bms?.disabledReason).toMatch(/ESC\/EACTS/);
  });

  it('pays the CAR-T product outside the DRG group of its admission', () => {
    expect(pack.drgTariffs.carveOutDrugs).toEqual(['L01XL03']);
    expect(
      pack.drgTariffs.groups.some((g) => g.code.startsWith(pack.regimens.get('dlbcl-axicel')?.drgGroup ?? '?')),
    ).toBe(true);
  });

  it('reads EGFR T790M as resistance for first-generation TKIs and as sensitising for osimertinib', () => {
    const t790m = pack.variantClasses.filter((v) => v.gene === 'EGFR' && new RegExp(v.pattern, 'i').test('p.T790M'));
    expect(t790m.map((v) => [v.class, v.appliesToClasses])).toEqual([
      ['resistance', ['egfr-tki-first-generation']],
      ['sensitising', ['egfr-tki-third-generation']],
    ]);
    const exon20 = pack.variantClasses.find(
      (v) => v.gene === 'EGFR' && new RegExp(v.pattern, 'i').test('p.D770_N771insSVD'),
    );
    expect(exon20?.class).toBe('resistance');
    const exon19 = pack.variantClasses.find(
      (v) => v.gene === 'EGFR' && new RegExp(v.pattern, 'i').test('p.E746_A750del'),
    );
    expect(exon19?.class).toBe('sensitising');
  });

  it('marks every price illustrative unless it names a source', () => {
    for (const product of pack.products.values()) {
      if (product.price.basis === 'sourced') expect(pack.sources.has(product.price.source ?? '')).toBe(true);
      else expect(product.price.basis).toBe('illustrative');
    }
  });

  it('is immutable: objects are frozen and maps refuse changes', () => {
    expect(Object.isFrozen(pack)).toBe(true);
    expect(Object.isFrozen(pack.regimens.get('ra-mtx')?.components)).toBe(true);
    expect(() => (pack.drugs as Map<string, unknown>).set('X', {})).toThrow(TypeError);
    expect(() => (pack.rules as unknown[]).push({})).toThrow(TypeError);
  });

  it('fingerprints the files: the same files give the same digest', async () => {
    expect(pack.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await loadKnowledgePack(DEFAULT_PACK_DIR)).digest).toBe(pack.digest);
  });
});
