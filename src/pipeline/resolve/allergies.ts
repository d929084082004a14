/**
 * Recorded allergies → what they forbid: drug codes, product codes and drug classes. An allergy to
 * an ATC group (L01XA) names every formulary drug in it; an allergy to a drug of a class whose
 * members cross-react (drug-classes.json `allergyCrossReactive`, e.g. platinum compounds) names the
 * whole class. An allergy the service cannot read is not dropped: it is listed as not assessed, and
 * no option is known to be safe from it (the allergy rule stays undecided).
 */
import type { CodedConcept } from '../../domain/case';
import { packIndex } from '../../knowledge/compile/compiled-pack';
import type { Drug, KnowledgePack } from '../../knowledge/types';
import { classesWithParents, drugByAtc, drugByName, resolveMedicationCode, rxnormTarget } from './codes';
import type { UnassessedItem } from './resolved-case';

export interface AllergyTargets {
  drugs: Set<string>;
  products: Set<string>;
  classes: Set<string>;
  /** Recorded allergies that could not be read (listed in `unassessed`). */
  unreadable: number;
}

/** ATC levels 1–4 (anatomical group to chemical subgroup): L, L01, L01X, L01XA. */
const ATC_GROUP = /^[A-Z](\d{2}([A-Z]{1,2})?)?$/;

function drugByRxnorm(pack: KnowledgePack, code: string): Drug | undefined {
  const target = rxnormTarget(pack, code);
  if (target)
    return target.system === 'atc'
      ? pack.drugs.get(target.code)
      : pack.drugs.get(pack.products.get(target.code)?.drug ?? '');
  const r = resolveMedicationCode(pack, code, 'rxnorm');
  return 'error' in r ? undefined : r.drug;
}

export function resolveAllergies(
  pack: KnowledgePack,
  allergies: readonly CodedConcept[],
  unassessed: UnassessedItem[],
): AllergyTargets {
  const targets: AllergyTargets = { drugs: new Set(), products: new Set(), classes: new Set(), unreadable: 0 };
  const addDrug = (drug: Drug) => {
    targets.drugs.add(drug.code);
    for (const k of classesWithParents(pack, drug.classes))
      if (pack.drugClasses.get(k)?.allergyCrossReactive) targets.classes.add(k);
  };
  allergies.forEach((a, i) => {
    const system = a.system.toLowerCase();
    const notRead = (en: string, zh: string) => {
      targets.unreadable += 1;
      unassessed.push({
        code: a.code,
        system: a.system,
        where: `patient.allergies[${i}]`,
        reason: { en: `${en}; no option is offered until it is coded`, zh: `${zh}；编码明确前不提供替代方案` },
      });
    };
    if (system === 'atc' || system === 'http://www.whocc.no/atc') {
      const drug = drugByAtc(pack, a.code);
      const group = drug || !ATC_GROUP.test(a.code) ? [] : (packIndex(pack).drugsByCodePrefix.get(a.code) ?? []);
      if (drug) addDrug(drug);
      else if (group.length > 0) group.forEach(addDrug);
      else notRead('ATC code not in the formulary', '过敏 ATC 编码不在药品目录中');
    } else if (system === 'product' || system === 'his') {
      const code = system === 'his' ? pack.hisCodes.get(a.code) : a.code;
      const product = code !== undefined ? pack.products.get(code) : undefined;
      const drug = product ? pack.drugs.get(product.drug) : undefined;
      if (product && drug) {
        targets.products.add(product.code);
        for (const k of classesWithParents(pack, drug.classes))
          if (pack.drugClasses.get(k)?.allergyCrossReactive) targets.classes.add(k);
      } else notRead('product code not in the formulary', '过敏药品编码不在药品目录中');
    } else if (system === 'drug-class') {
      if (pack.drugClasses.has(a.code)) targets.classes.add(a.code);
      else notRead('drug class not in the pack', '过敏药物类别不在知识包中');
    } else if (system === 'rxnorm' || system === 'http://www.nlm.nih.gov/research/umls/rxnorm') {
      const drug = drugByRxnorm(pack, a.code);
      if (drug) addDrug(drug);
      else notRead('RxNorm code not mapped to a formulary drug', '过敏 RxNorm 编码未对应药品目录中的药品');
    } else if (system === 'text') {
      const drug = drugByName(pack, a.display ?? a.code);
      if (drug) addDrug(drug);
      else notRead('allergy text does not name a formulary drug', '过敏描述未指明药品目录中的药品');
    } else {
      notRead(
        'allergy code not recognised (use ATC, product, HIS, RxNorm, drug-class codes or a drug name as text)',
        '过敏编码无法识别（请使用 ATC、药品、HIS、RxNorm、药物类别编码或药品名称）',
      );
    }
  });
  return targets;
}
