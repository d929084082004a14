/** Model features for one (patient, regimen) pair, from the resolved case and the regimen's facts. */
import type { KnowledgePack } from '../../knowledge/types';
import type { ModelInput } from '../../model/types';
import type { Facts } from '../core/facts';
import { classesWithParents } from '../resolve/codes';
import type { ResolvedCase, ResolvedRegimen } from '../resolve/resolved-case';

/** Solid tumours and lymphomas are staged; leukaemias (C91–C95) and non-cancer conditions send stage 0 ("not staged"). */
function staged(principal: string): boolean {
  return principal.startsWith('C') && !/^C9[1-5]/.test(principal);
}

/**
 * @param modelClasses the drug classes the model counts agents by (its manifest's regimen classes),
 *   so a hospital's own model with other classes works too.
 */
export function modelInput(
  pack: KnowledgePack,
  resolved: ResolvedCase,
  regimen: ResolvedRegimen,
  facts: Facts,
  modelClasses: readonly string[],
): ModelInput {
  const p = resolved.source.patient;
  const therapeutic = regimen.components;
  const classCounts: Record<string, number> = {};
  for (const c of therapeutic) {
    const withParents = classesWithParents(pack, c.drug.classes);
    for (const k of modelClasses) if (withParents.includes(k)) classCounts[k] = (classCounts[k] ?? 0) + 1;
  }
  const routes = [...new Set(therapeutic.map((c) => c.route))];
  const only = routes.length === 1 ? routes[0] : undefined;
  const route: ModelInput['route'] = only === 'iv' || only === 'oral' || only === 'sc' ? only : 'mixed';
  const stage = facts.get('patient.stageNumber');
  const input: ModelInput = {
    condition: resolved.condition.id,
    hospitalTier: resolved.source.context.hospitalTier,
    agentCount: therapeutic.length,
    classCounts,
    route,
    intensity: regimen.library?.intensity ?? regimen.averagesFrom?.intensity ?? 'standard',
    febrileNeutropeniaRisk:
      regimen.library?.febrileNeutropeniaRisk ?? regimen.averagesFrom?.febrileNeutropeniaRisk ?? 0,
    cycles: regimen.cycles,
    horizonMonths: resolved.source.context.horizonMonths ?? 12,
  };
  if (p.ageYears !== undefined) input.ageYears = p.ageYears;
  if (p.sex === 'male' || p.sex === 'female') input.sex = p.sex;
  if (resolved.measures.bsaM2 !== undefined) input.bsaM2 = resolved.measures.bsaM2;
  if (p.ecog) input.ecog = p.ecog.value;
  if (p.egfr) input.egfrMlMin = p.egfr.value;
  else if (resolved.measures.creatinineClearanceMlMin !== undefined)
    input.egfrMlMin = resolved.measures.creatinineClearanceMlMin;
  if (resolved.measures.altRatioToUln !== undefined) input.altRatioToUln = resolved.measures.altRatioToUln;
  input.comorbidityCount = p.comorbidities.length;
  if (typeof stage === 'number') input.stage = stage;
  else if (!staged(resolved.principalDiagnosis)) input.stage = 0;
  if (p.lineOfTherapy !== undefined) input.lineOfTherapy = p.lineOfTherapy;
  return input;
}
