/**
 * Dose rounding: a body-size or AUC dose rounded down to whole vials when that stays within the
 * hospital's tolerance (default ±10 %) and opens fewer vials. Tablets are not rounded here.
 */
import type { KnowledgePack } from '../../knowledge/types';
import { calculateDose } from '../drug-cost/dose-calculation';
import { isSingleUse, productLine, roundDownToWholeUnits } from '../drug-cost/unit-selection';
import type { ResolvedCase, ResolvedComponent } from '../resolve/resolved-case';
import type { Candidate } from './candidate';

export function doseRoundingCandidates(pack: KnowledgePack, resolved: ResolvedCase): Candidate[] {
  const tolerance = pack.policies.doseRoundingTolerance;
  const out: Candidate[] = [];
  for (const component of resolved.regimen.components) {
    const product = component.phases[0]?.product;
    if (
      !product ||
      component.phases.length !== 1 ||
      !isSingleUse(product) ||
      component.dose.unit === 'mg' ||
      !['mg/m2', 'mg/kg', 'AUC'].includes(component.dose.unit)
    )
      continue;
    const dose = calculateDose(
      component.dose,
      resolved.measures,
      resolved.source.patient.weightKg?.value,
      pack.policies.calvertClearanceCapMlMin,
    );
    const rounded = roundDownToWholeUnits(productLine(pack, product), dose.perAdministration, tolerance);
    if (!rounded) continue;
    const change = (1 - rounded.amount / dose.perAdministration) * 100;
    // The ordered value and unit stay (rules compare them with the protocol, so a rounded option
    // cannot hide a dose error behind a flat mg amount); only the amount given is rounded.
    const replacement: ResolvedComponent = { ...component, dose: { ...component.dose, roundedToMg: rounded.amount } };
    const vials = rounded.picks.map((p) => `${p.count} × ${p.product.strength.value} mg`).join(' + ');
    out.push({
      id: `round:${component.drug.code}`,
      basis: 'dose-rounding',
      description: {
        en: `${component.drug.name.en}: round ${dose.perAdministration.toFixed(0)} mg down to ${rounded.amount} mg (−${change.toFixed(1)}%, ${vials}), within the ±${Math.round(tolerance * 100)}% dose-rounding policy`,
        zh: `${component.drug.name.zh}：剂量由${dose.perAdministration.toFixed(0)} mg取整为${rounded.amount} mg（−${change.toFixed(1)}%，${vials}），在±${Math.round(tolerance * 100)}%取整范围内`,
      },
      changes: [
        {
          from: `${component.drug.code} ${dose.perAdministration.toFixed(0)} mg`,
          to: `${component.drug.code} ${rounded.amount} mg`,
          detail: dose.calculation,
          ...(component.orderRef !== undefined ? { orderRef: component.orderRef } : {}),
        },
      ],
      regimen: {
        ...resolved.regimen,
        components: resolved.regimen.components.map((c) => (c === component ? replacement : c)),
      },
      evidenceLevel: 'policy',
      source: pack.policies.doseRoundingSource ?? pack.policies.genericSubstitution.source,
      constraints: [
        {
          en: `Dose rounding within ±${Math.round(tolerance * 100)}% of the calculated dose is a hospital policy; the prescriber confirms.`,
          zh: `在计算剂量±${Math.round(tolerance * 100)}%内取整为医院政策，需处方医生确认。`,
        },
      ],
      list: 'alternatives',
      sameMolecule: true,
      changesDrug: component.drug.code,
    });
  }
  return out;
}
