import type { Case } from '../../src/domain/case';
import type { KnowledgePack } from '../../src/knowledge/types';
import { matchRegimen } from '../../src/pipeline/regimen-match/build-regimen';
import { resolveInputs } from '../../src/pipeline/resolve/resolve-case';
import type { ResolvedCase } from '../../src/pipeline/resolve/resolved-case';

/** The resolve and regimen-match stages, as the orchestrator runs them. */
export const resolveCase = (kase: Case, pack: KnowledgePack): ResolvedCase =>
  matchRegimen(pack, resolveInputs(kase, pack));
