/** `provenance.rulesEvaluated`: how many rules of which pack were evaluated; their ids with explain. */
import type { components } from '../../generated/api';

type RulesEvaluated = components['schemas']['Provenance']['rulesEvaluated'];

export function rulesEvaluatedView(ruleIds: readonly string[], packDigest: string, explain: boolean): RulesEvaluated {
  return { count: ruleIds.length, packDigest, ...(explain ? { ids: [...ruleIds] } : {}) };
}
