/**
 * The named facts of the catalogue, derived from a resolved case. Patient, diagnosis and context
 * facts are derived once per case; regimen facts once per regimen (the proposal and each
 * candidate), so a candidate is checked against exactly the same rules and patient facts.
 */
import type { CaseBiomarker } from '../../domain/case';
import type { KnowledgePack, Regimen } from '../../knowledge/types';
import { classesWithParents } from '../resolve/codes';
import type { ResolvedCase, ResolvedComponent } from '../resolve/resolved-case';

export type FactValue = string | number | boolean | readonly string[];
/** Named facts as rules read them. */
export interface Facts {
  get(path: string): FactValue | undefined;
}

/**
 * A regimen's facts over the patient's: the proposal and each candidate share one patient layer
 * and add a handful of regimen facts, so checking ten candidates copies nothing.
 */
class LayeredFacts implements Facts {
  constructor(
    private readonly base: ReadonlyMap<string, FactValue>,
    readonly own: Map<string, FactValue>,
  ) {}

  get(path: string): FactValue | undefined {
    const value = this.own.get(path);
    return value !== undefined ? value : this.base.get(path);
  }
}

const ROMAN: Record<string, number> = { IV: 4, III: 3, II: 2, I: 1, '0': 0, '4': 4, '3': 3, '2': 2, '1': 1 };

export function stageNumber(stage: string): number | undefined {
  const m = /^\s*(?:stage\s*)?(IV|III|II|I|0|[1-4])/i.exec(stage);
  return m?.[1] ? ROMAN[m[1].toUpperCase()] : undefined;
}

function latest(results: readonly CaseBiomarker[]): CaseBiomarker | undefined {
  return [...results].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))[0];
}

function statusOf(result: CaseBiomarker['result']): string {
  switch (result) {
    case 'IHC 3+':
      return 'positive';
    case 'IHC 2+':
      return 'equivocal';
    case 'IHC 0':
    case 'IHC 1+':
      return 'negative';
    default:
      return result;
  }
}

function her2Status(results: readonly CaseBiomarker[]): string | undefined {
  const ihc = latest(results.filter((r) => r.result.startsWith('IHC')));
  const ish = latest(results.filter((r) => r.method === 'ISH' && (r.result === 'positive' || r.result === 'negative')));
  if (ihc?.result === 'IHC 3+') return 'positive';
  if (ihc?.result === 'IHC 2+') return ish ? (ish.result === 'positive' ? 'positive' : 'low') : 'equivocal';
  if (ihc?.result === 'IHC 1+') return 'low';
  if (ihc?.result === 'IHC 0') return 'zero';
  if (ish?.result === 'positive') return 'positive';
  return undefined;
}

/**
 * How one recorded variant reads for a regimen: the first pack entry (in priority order) whose
 * pattern matches and whose drug classes, if it names any, meet the regimen's classes. EGFR T790M
 * reads as resistance for first-generation TKIs and as sensitising for osimertinib.
 */
const patterns = new WeakMap<object, RegExp>();

function patternOf(v: { pattern: string }): RegExp {
  let re = patterns.get(v);
  if (!re) {
    re = new RegExp(v.pattern, 'i');
    patterns.set(v, re);
  }
  return re;
}

function classifyVariant(pack: KnowledgePack, marker: CaseBiomarker, regimenClasses: readonly string[]): string {
  if (marker.variant) {
    for (const v of pack.variantClasses) {
      if (v.gene !== marker.gene || !patternOf(v).test(marker.variant)) continue;
      if (v.appliesToClasses && !v.appliesToClasses.some((c) => regimenClasses.includes(c))) continue;
      return v.class;
    }
  }
  if (marker.clinicalSignificance === 'benign' || marker.clinicalSignificance === 'likely-benign') return 'other';
  return 'unclassified';
}

/** Several variants of one gene (L858R + T790M): resistance wins over sensitising, the safe reading. */
const VARIANT_PRIORITY = ['resistance', 'sensitising', 'other', 'unclassified'];

function variantClassFacts(pack: KnowledgePack, markers: readonly CaseBiomarker[], regimenClasses: readonly string[], patient: ReadonlyMap<string, FactValue>, facts: Map<string, FactValue>): void {
  const byGene = new Map<string, CaseBiomarker[]>();
  for (const m of markers) if (m.result === 'present' || m.result === 'positive') byGene.set(m.gene, [...(byGene.get(m.gene) ?? []), m]);
  for (const [gene, present] of byGene) {
    const status = patient.get(`biomarker.${gene}.status`);
    if (status !== 'present' && status !== 'positive') continue;
    const classes = present.map((m) => classifyVariant(pack, m, regimenClasses));
    const winner = VARIANT_PRIORITY.find((c) => classes.includes(c));
    if (winner) facts.set(`biomarker.${gene}.variantClass`, winner);
  }
}

export function derivePatientFacts(resolved: ResolvedCase): Map<string, FactValue> {
  const { source: kase, measures } = resolved;
  const p = kase.patient;
  const facts = new Map<string, FactValue>();
  const set = (path: string, value: FactValue | undefined) => {
    if (value !== undefined && !(typeof value === 'number' && !Number.isFinite(value))) facts.set(path, value);
  };
  set('patient.ageYears', p.ageYears);
  set('patient.sex', p.sex);
  set('patient.weightKg', p.weightKg?.value);
  set('patient.heightCm', p.heightCm?.value);
  set('patient.bsaM2', measures.bsaM2);
  set('patient.creatinineClearanceMlMin', measures.creatinineClearanceMlMin);
  set('patient.egfr', p.egfr?.value);
  set('patient.ecog', p.ecog?.value);
  set('patient.altRatioToUln', measures.altRatioToUln);
  set('patient.hba1cPercent', p.hba1cPercent?.value);
  if (p.stage) {
    set('patient.stage', p.stage.value);
    const n = stageNumber(p.stage.value);
    set('patient.stageNumber', n);
    set('patient.metastatic', n === 4 || /M1/i.test(p.stage.value));
  }
  const das = p.das28?.value;
  if (das) {
    set('patient.das28', das.current);
    set('patient.das28Fall', das.fallSinceBaseline ?? (das.baseline !== undefined && das.current !== undefined ? das.baseline - das.current : undefined));
  }
  set('patient.treatmentWeek', p.treatmentWeek);
  set('patient.treatmentPhase', p.treatmentPhase);
  set('patient.lineOfTherapy', p.lineOfTherapy);
  set('patient.riskCategory', p.riskCategory);
  const comorbidities = p.comorbidities.map((c) => c.code);
  set('patient.comorbidities', comorbidities);
  set('patient.comorbidityCount', comorbidities.length);
  set('patient.bloodPressureAtTargetYears', p.bloodPressureAtTargetYears);
  set('patient.glycaemiaStable', p.glycaemiaStable);
  set('patient.fitForIntensiveChemotherapy', p.fitForIntensiveChemotherapy);
  set('patient.lesionComplexity', p.lesionComplexity);
  set('patient.inFirstRemission', p.inFirstRemission);

  const byGene = new Map<string, CaseBiomarker[]>();
  for (const b of p.biomarkers) byGene.set(b.gene, [...(byGene.get(b.gene) ?? []), b]);
  for (const [gene, results] of byGene) {
    const ish = latest(results.filter((r) => r.method === 'ISH'));
    const chosen = gene === 'ERBB2' && ish ? ish : latest(results);
    if (!chosen) continue;
    set(`biomarker.${gene}.status`, statusOf(chosen.result));
  }
  if (byGene.has('ERBB2')) {
    const status = her2Status(byGene.get('ERBB2') ?? []);
    set('patient.her2Status', status);
  }
  const ras = ['KRAS', 'NRAS'].map((g) => facts.get(`biomarker.${g}.status`));
  if (ras.some((s) => s === 'present' || s === 'positive')) set('patient.rasWildType', false);
  else if (ras.every((s) => s === 'absent' || s === 'negative')) set('patient.rasWildType', true);

  set('diagnosis.principal', resolved.principalDiagnosis);
  set('diagnosis.codes', p.diagnoses.map((d) => d.code));
  set('diagnosis.condition', resolved.condition.id);
  set('context.setting', kase.context.setting);
  set('context.hospitalTier', kase.context.hospitalTier);
  set('context.daysInHospital', kase.context.daysInHospital);
  return facts;
}

/** Regimen facts over the patient facts: the proposal's, or a candidate's. */
export function withRegimenFacts(
  patientFacts: ReadonlyMap<string, FactValue>,
  pack: KnowledgePack,
  resolved: ResolvedCase,
  components: readonly ResolvedComponent[],
  library: Regimen | null,
): Facts {
  const facts = new Map<string, FactValue>();
  const therapeutic = components.filter((c) => c.role === 'therapeutic');
  facts.set('regimen.id', library?.id ?? 'none');
  facts.set('regimen.drugs', therapeutic.map((c) => c.drug.code));
  const regimenClasses = classesWithParents(pack, therapeutic.flatMap((c) => c.drug.classes));
  facts.set('regimen.classes', regimenClasses);
  variantClassFacts(pack, resolved.source.patient.biomarkers, regimenClasses, patientFacts, facts);
  facts.set('regimen.agentCount', therapeutic.length);
  facts.set('regimen.routes', [...new Set(therapeutic.map((c) => c.route))]);
  if (library) facts.set('regimen.intensity', library.intensity);
  const { drugs, products, classes } = resolved.allergyTargets;
  const conflicts = components
    .filter(
      (c) =>
        drugs.has(c.drug.code) ||
        c.phases.some((ph) => products.has(ph.product.code)) ||
        classesWithParents(pack, c.drug.classes).some((k) => classes.has(k)),
    )
    .map((c) => c.drug.code);
  facts.set('patient.allergyConflicts', conflicts);
  return new LayeredFacts(patientFacts, facts);
}
