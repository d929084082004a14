/**
 * The project's import graph and the layering rules it must follow: a pipeline stage imports the
 * core, itself and the stages before it (the orchestrator's STAGES order); nothing in the pipeline
 * imports the HTTP layer or an adapter; the knowledge and domain layers import no pipeline stage.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ImportEdge {
  /** Importing file, relative to src/ (e.g. `pipeline/drg/drg-assessment.ts`). */
  from: string;
  /** Imported module, relative to src/, without extension (e.g. `pipeline/core/money`). */
  to: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;

export function importGraph(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        for (const m of text.matchAll(IMPORT)) {
          const spec = m[1] as string;
          edges.push({
            from: path.relative(srcDir, full),
            to: path.relative(srcDir, path.resolve(path.dirname(full), spec)),
          });
        }
      }
    }
  };
  walk(srcDir);
  return edges;
}

/** The layer a module belongs to: `pipeline/<stage>`, `pipeline` (the orchestrator) or a top folder. */
function layerOf(modulePath: string): { top: string; stage?: string } {
  const parts = modulePath.split('/');
  const top = parts[0] ?? '';
  if (top === 'pipeline' && parts.length > 2) return { top, stage: parts[1] };
  return { top };
}

const NEVER_FROM_PIPELINE = new Set(['http', 'adapters', 'observability', 'runtime', 'main', 'main.ts']);
const BELOW_PIPELINE = new Set(['knowledge', 'domain', 'generated', 'config']);

/** Every edge that breaks the layering, with why. */
export function layeringViolations(edges: readonly ImportEdge[], stages: readonly string[]): string[] {
  const order = new Map(stages.map((s, i) => [s, i]));
  const problems: string[] = [];
  for (const { from, to } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (a.top === 'pipeline') {
      if (NEVER_FROM_PIPELINE.has(b.top)) problems.push(`${from} imports ${to}: the pipeline never imports ${b.top}/`);
      if (a.stage === undefined || b.top !== 'pipeline' || b.stage === undefined) continue;
      const ia = order.get(a.stage);
      if (ia === undefined && a.stage !== 'core') {
        problems.push(`${from}: stage folder ${a.stage} is not in the orchestrator's STAGES`);
        continue;
      }
      if (b.stage === 'core' || b.stage === a.stage) continue;
      if (a.stage === 'core' || ia === undefined) {
        problems.push(`${from} imports ${to}: the core imports no stage`);
        continue;
      }
      const ib = order.get(b.stage);
      if (ib === undefined) problems.push(`${from} imports ${to}: ${b.stage} is not a stage`);
      else if (ib > ia) problems.push(`${from} imports ${to}: stage ${a.stage} comes before ${b.stage}`);
    } else if (BELOW_PIPELINE.has(a.top) && (b.top === 'pipeline' || NEVER_FROM_PIPELINE.has(b.top))) {
      problems.push(`${from} imports ${to}: ${a.top}/ sits below the pipeline and the HTTP layer`);
    }
  }
  return problems;
}
