import { lintKnowledgePack, type LintKind } from '../../src/knowledge/lint-pack';
import { loadKnowledgePack } from '../../src/knowledge/load-pack';
import type { KnowledgePack } from '../../src/knowledge/types';
import { DEFAULT_PACK_DIR, draftOf, type DraftPack } from './helpers';

let pack: KnowledgePack;
beforeAll(async () => {
  pack = await loadKnowledgePack(DEFAULT_PACK_DIR);
});

/** Lints a copy of the default pack after one authoring mistake. */
function lintAfter(mistake: (draft: DraftPack) => void): { kind: LintKind; file: string; pointer: string }[] {
  const draft = draftOf(pack);
  mistake(draft);
  return lintKnowledgePack(draft as unknown as KnowledgePack).map(({ kind, file, pointer }) => ({
    kind,
    file,
    pointer,
  }));
}

function indexOf<V>(map: ReadonlyMap<string, V>, key: string): number {
  return [...map.keys()].indexOf(key);
}

describe('the pack linter', () => {
  it('finds nothing to complain about in the default pack', () => {
    expect(lintKnowledgePack(pack)).toEqual([]);
  });

  it('flags a rule, a regimen, a switch and a substitution group without a source', () => {
    const problems = lintAfter((d) => {
      d.rules[0]!.source = '';
      d.regimens.get('ra-mtx')!.source = 'no-such-source';
      d.regimenSwitches[0]!.source = '';
      d.substitutionGroups[0]!.source = '';
    });
    const regimen = indexOf(pack.regimens, 'ra-mtx');
    expect(problems).toEqual([
      { kind: 'missing-source', file: 'regimens.json', pointer: `/${regimen}/source` },
      { kind: 'missing-source', file: 'regimen-switches.json', pointer: '/0/source' },
      { kind: 'missing-source', file: 'substitution-groups.json', pointer: '/0/source' },
      { kind: 'missing-source', file: 'rules.json', pointer: '/0/source' },
    ]);
  });

  it('flags a price marked neither illustrative nor sourced, and a sourced price without a source id', () => {
    const problems = lintAfter((d) => {
      const [first, second] = [...d.products.values()];
      (first!.price as { basis: string }).basis = 'list';
      second!.price.basis = 'sourced';
    });
    expect(problems).toEqual([
      { kind: 'price-unmarked', file: 'formulary.json', pointer: '/products/0/price/basis' },
      { kind: 'price-unmarked', file: 'formulary.json', pointer: '/products/1/price/source' },
    ]);
  });

  it('flags a substitution group that mixes molecules without a therapeutic-equivalence basis', () => {
    const problems = lintAfter((d) => {
      d.substitutionGroups[0]!.members.push('P-DOCETAXEL-VBP-80');
    });
    expect(problems).toEqual([
      { kind: 'mixed-molecule-group', file: 'substitution-groups.json', pointer: '/0/members' },
    ]);

    const accepted = lintAfter((d) => {
      const group = d.substitutionGroups[0]!;
      group.members.push('P-DOCETAXEL-VBP-80');
      group.basis = 'therapeutic-equivalence';
      group.equivalenceBasis = 'illustrative: taxane class equivalence for this test';
    });
    expect(accepted).toEqual([]);
  });

  it('flags a regimen drug (component or supportive) that has no product', () => {
    const problems = lintAfter((d) => {
      d.productsByDrug.delete('L04AX03'); // methotrexate
    });
    const withMtx = [...pack.regimens.values()].filter((r) => r.components.some((c) => c.drug === 'L04AX03'));
    expect(withMtx.length).toBeGreaterThan(0);
    expect(problems).toHaveLength(withMtx.length);
    expect(problems.every((p) => p.kind === 'drug-without-product' && /\/components\/\d+\/drug$/.test(p.pointer))).toBe(
      true,
    );

    const supportive = lintAfter((d) => {
      d.productsByDrug.delete('B03BA01'); // vitamin B12, supportive with pemetrexed
    });
    expect(supportive.length).toBeGreaterThan(0);
    expect(supportive.every((p) => p.kind === 'drug-without-product' && p.pointer.includes('/supportive/'))).toBe(true);
  });

  it('flags a rule reading a fact path the catalogue does not have', () => {
    const problems = lintAfter((d) => {
      d.rules[1]!.when = {
        all: [
          { fact: 'patient.ecog', op: 'gte', value: 3 },
          { fact: 'patient.karnofsky', op: 'lt', value: 50 },
        ],
      };
    });
    expect(problems).toEqual([{ kind: 'unknown-fact', file: 'rules.json', pointer: '/1/when/all/1/fact' }]);
  });

  it('flags comparisons that can never hold for the fact type', () => {
    const problems = lintAfter((d) => {
      d.rules[1]!.when = {
        any: [
          { fact: 'patient.ecog', op: 'eq', value: 'three' },
          { fact: 'patient.sex', op: 'eq', value: 'F' },
          { fact: 'regimen.classes', op: 'eq', value: 'chemotherapy' },
        ],
      };
    });
    expect(problems.map((p) => `${p.kind} ${p.pointer}`)).toEqual([
      'fact-type-mismatch /1/when/any/0',
      'fact-type-mismatch /1/when/any/1',
      'fact-type-mismatch /1/when/any/2',
    ]);
  });

  it("keeps 'critical' for safety rules and 'illustrative' for digest-only evidence", () => {
    const g10 = pack.rules.findIndex((r) => r.id === 'G-10');
    const problems = lintAfter((d) => {
      d.rules[g10]!.severity = 'critical';
      d.rules[g10]!.evidenceLevel = 'A';
    });
    expect(problems).toEqual([
      { kind: 'evidence-level', file: 'rules.json', pointer: `/${g10}/evidenceLevel` },
      { kind: 'critical-not-safety', file: 'rules.json', pointer: `/${g10}/safety` },
    ]);
  });
});
