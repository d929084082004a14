import path from 'node:path';
import { STAGES } from '../../src/pipeline/assess';
import { importGraph, layeringViolations } from '../support/import-graph';

const SRC = path.join(__dirname, '../../src');

describe('the pipeline flows one way', () => {
  it('no stage imports a later stage, the HTTP layer or an adapter; knowledge and domain import no stage', () => {
    expect(layeringViolations(importGraph(SRC), STAGES)).toEqual([]);
  });

  it('every stage folder is in the orchestrator’s list, and the list names only folders that exist', () => {
    const folders = new Set(
      importGraph(SRC)
        .map((e) => e.from.split('/'))
        .filter((p) => p[0] === 'pipeline' && p.length > 2)
        .map((p) => p[1] as string),
    );
    folders.delete('core');
    expect([...folders].sort()).toEqual([...STAGES].sort());
  });

  it.each([
    [{ from: 'pipeline/drg/drg-assessment.ts', to: 'pipeline/response/assessment-view' }, /comes before response/],
    [{ from: 'pipeline/resolve/resolve-case.ts', to: 'http/problem' }, /never imports http/],
    [{ from: 'pipeline/safety/verdict.ts', to: 'adapters/cds-hooks/cards' }, /never imports adapters/],
    [{ from: 'pipeline/core/money.ts', to: 'pipeline/drug-cost/cost-regimen' }, /core imports no stage/],
    [{ from: 'knowledge/load-pack.ts', to: 'pipeline/guideline-rules/fact-catalogue' }, /below the pipeline/],
    [{ from: 'pipeline/quotes/q.ts', to: 'pipeline/core/money' }, /not in the orchestrator/],
  ])('finds a deliberately wrong import: %o', (edge, why) => {
    const problems = layeringViolations([edge], STAGES);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(why);
  });

  it('allows the core, the same stage and earlier stages', () => {
    const allowed = [
      { from: 'pipeline/options/price-options.ts', to: 'pipeline/alternatives/candidate' },
      { from: 'pipeline/options/price-options.ts', to: 'pipeline/options/build-option' },
      { from: 'pipeline/drg/drg-assessment.ts', to: 'pipeline/core/money' },
      { from: 'pipeline/assess.ts', to: 'pipeline/response/assessment-view' },
    ];
    expect(layeringViolations(allowed, STAGES)).toEqual([]);
  });
});
