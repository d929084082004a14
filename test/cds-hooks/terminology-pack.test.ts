/**
 * terminology.json (issue 11): schema and integrity checks, shown failing on deliberately broken
 * mappings, and the sourced, verified content the adapter relies on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PackValidationError, buildKnowledgePack } from '../../src/knowledge/load-pack';
import { PACK_FILES, type PackFileName } from '../../src/knowledge/pack-files';

const DIR = path.join(__dirname, '..', '..', 'rules', 'default');

function texts(): Partial<Record<PackFileName, string>> {
  return Object.fromEntries(PACK_FILES.map(({ file }) => [file, fs.readFileSync(path.join(DIR, file), 'utf8')]));
}

function violations(edit: (t: Record<string, unknown[]>) => void): string[] {
  const all = texts();
  const term = JSON.parse(all['terminology.json'] ?? '{}') as Record<string, unknown[]>;
  edit(term);
  try {
    buildKnowledgePack({ ...all, 'terminology.json': JSON.stringify(term) }, 'test');
  } catch (e) {
    expect(e).toBeInstanceOf(PackValidationError);
    return (e as PackValidationError).violations.map((v) => `${v.file} ${v.pointer}: ${v.message}`);
  }
  return [];
}

describe('terminology.json', () => {
  it('the default pack loads with it, and every RxNorm and SNOMED CT entry is verified and sourced', () => {
    const pack = buildKnowledgePack(texts(), 'default');
    const t = pack.terminology;
    expect(t?.rxnorm.length).toBeGreaterThan(10);
    expect(t?.rxnorm.every((r) => r.verified && pack.sources.has(r.source))).toBe(true);
    expect(t?.conditions.filter((c) => c.system === 'snomed').every((c) => c.verified)).toBe(true);
    expect(t?.nhsaDrugCodes.every((n) => n.illustrative)).toBe(true);
  });

  it('refuses an unknown drug, an unknown source, a duplicate RxNorm code, an unknown condition and a prefix SNOMED match', () => {
    const found = violations((t) => {
      t.rxnorm?.push({
        rxcui: '2555',
        tty: 'IN',
        drug: 'L01XA01',
        name: 'dup',
        source: 'cpic-drug-list',
        verified: true,
      });
      t.rxnorm?.push({ rxcui: '1', tty: 'IN', drug: 'Z99ZZ99', name: 'x', source: 'no-such-source', verified: false });
      t.conditions?.push({
        system: 'snomed',
        code: '1',
        match: 'prefix',
        icd10: 'C34',
        condition: 'no-such-condition',
        source: 'cpic-drug-list',
        verified: false,
      });
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/duplicate RxNorm code '2555'/),
        expect.stringMatching(/unknown drug 'Z99ZZ99'/),
        expect.stringMatching(/unknown source 'no-such-source'/),
        expect.stringMatching(/unknown condition 'no-such-condition'/),
        expect.stringMatching(/SNOMED CT codes are matched exactly/),
      ]),
    );
  });

  it('refuses an entry without a source or verification flag (schema)', () => {
    const found = violations((t) => {
      t.rxnorm?.push({ rxcui: '3', tty: 'IN', drug: 'L01XA01', name: 'x' });
    });
    expect(found.some((v) => v.startsWith('terminology.json /rxnorm/'))).toBe(true);
  });
});
