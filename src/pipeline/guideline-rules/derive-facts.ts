/**
 * The named facts of the catalogue, derived from a resolved case. Patient, diagnosis and context
 * facts are derived once per case; regimen facts once per regimen (the proposal and each
 * candidate), so a candidate is checked against exactly the same rules and patient facts.
 */
import type { CaseBiomarker } from '../../domain/case';
import type { Facts, FactValue } from '../core/facts';
import type { HospitalPolicies, KnowledgePack, Regimen } from '../../knowledge/types';
import type { PricedComponent } from '../drug-cost/cost-regimen';
import { daysBetween, decimalsOf, MEASURE_DECIMALS, roundTo } from '../../domain/patient-measures';
import { classesWithParents, drugClassesWithParents } from '../resolve/codes';
import { packIndex } from '../../knowledge/compile/compiled-pack';
import { protocolDose as protocolDoseOf } from '../resolve/protocol-dose';
import { calculateDose } from '../drug-cost/dose-calculation';
import type { ResolvedCase, ResolvedComponent } from '../resolve/resolved-case';

export type { Facts, FactValue };

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

/** A result read as a status; equivocal and indeterminate results are unknown, never a status. */
function statusOf(result: CaseBiomarker['result']): 'present' | 'absent' | 'positive' | 'negative' | undefined {
  switch (result) {
    case 'IHC 3+':
    case 'amplified':
      return 'positive';
    case 'IHC 0':
    case 'IHC 1+':
    case 'not-amplified':
      return 'negative';
    case 'IHC 2+':
    case 'equivocal':
    case 'indeterminate':
      return undefined;
    default:
      return result;
  }
}

const isIsh = (r: CaseBiomarker) => r.method === 'ISH' || r.result === 'amplified' || r.result === 'not-amplified';
const isIhc = (r: CaseBiomarker) =>
  r.result.startsWith('IHC') || (r.method === 'IHC' && (r.result === 'positive' || r.result === 'negative'));

/**
 * HER2 status by ASCO/CAP 2023: ISH amplified or IHC 3+ → positive; IHC 2+ with ISH not amplified
 * or IHC 1+ → low; IHC 0 → zero; IHC 2+ without a decisive ISH → equivocal; ISH not amplified
 * without IHC → negative (low and zero cannot be told apart). Each method read on its own.
 */
function her2Status(results: readonly CaseBiomarker[]): string | undefined {
  const ish = latest(results.filter(isIsh));
  const ihc = latest(results.filter(isIhc));
  const ishStatus = ish ? statusOf(ish.result) : undefined;
  if (ishStatus === 'positive') return 'positive';
  if (ihc?.result === 'IHC 3+' || (ihc?.method === 'IHC' && ihc.result === 'positive')) return 'positive';
  if (ihc?.result === 'IHC 2+') return ishStatus === 'negative' ? 'low' : 'equivocal';
  if (ihc?.result === 'IHC 1+') return 'low';
  if (ihc?.result === 'IHC 0') return 'zero';
  if (ishStatus === 'negative') return 'negative';
  return undefined;
}

/** ER or PR positive → positive; both recorded negative → negative; anything else unknown. */
function hormoneReceptorStatus(er: string | undefined, pr: string | undefined): string | undefined {
  const positive = (s: string | undefined) => s === 'positive' || s === 'present';
  const negative = (s: string | undefined) => s === 'negative' || s === 'absent';
  if (positive(er) || positive(pr)) return 'positive';
  if (negative(er) && negative(pr)) return 'negative';
  return undefined;
}

/**
 * How one recorded variant reads for a regimen: the first pack entry (in priority order) whose
 * pattern matches and whose drug classes, if it names any, meet the regimen's classes. EGFR T790M
 * reads as resistance for first-generation TKIs and as sensitising for osimertinib.
 */
function classifyVariant(pack: KnowledgePack, marker: CaseBiomarker, regimenClasses: readonly string[]): string {
  if (marker.variant) {
    for (const { entry: v, pattern } of packIndex(pack).variantsByGene.get(marker.gene) ?? []) {
      if (!pattern.test(marker.variant)) continue;
      if (v.appliesToClasses && !v.appliesToClasses.some((c) => regimenClasses.includes(c))) continue;
      return v.class;
    }
  }
  if (marker.clinicalSignificance === 'benign' || marker.clinicalSignificance === 'likely-benign') return 'other';
  return 'unclassified';
}

/** Several variants of one gene (L858R + T790M): resistance wins over sensitising, the safe reading. */
const VARIANT_PRIORITY = ['resistance', 'sensitising', 'other', 'unclassified'];

function variantClassFacts(
  pack: KnowledgePack,
  markers: readonly CaseBiomarker[],
  regimenClasses: readonly string[],
  patient: ReadonlyMap<string, FactValue>,
  facts: Map<string, FactValue>,
): void {
  const byGene = new Map<string, CaseBiomarker[]>();
  for (const m of markers)
    if (m.result === 'present' || m.result === 'positive') byGene.set(m.gene, [...(byGene.get(m.gene) ?? []), m]);
  for (const [gene, present] of byGene) {
    const status = patient.get(`biomarker.${gene}.status`);
    if (status !== 'present' && status !== 'positive') continue;
    const classes = present.map((m) => classifyVariant(pack, m, regimenClasses));
    const winner = VARIANT_PRIORITY.find((c) => classes.includes(c));
    if (winner) facts.set(`biomarker.${gene}.variantClass`, winner);
  }
}

export function derivePatientFacts(
  resolved: ResolvedCase,
  policies: Pick<HospitalPolicies, 'reproductiveAgeYears' | 'recencyDays'>,
): Map<string, FactValue> {
  const kase = resolved.source;
  const p = kase.patient;
  const facts = new Map<string, FactValue>();
  const set = factSetter(facts);
  patientMeasureFacts(set, resolved, policies);
  patientStateFacts(set, p);
  biomarkerFacts(set, facts, resolved);

  set('diagnosis.principal', resolved.principalDiagnosis);
  set(
    'diagnosis.codes',
    p.diagnoses.map((d) => d.code),
  );
  set('diagnosis.condition', resolved.condition.id);
  set('context.setting', kase.context.setting);
  set('context.hospitalTier', kase.context.hospitalTier);
  set('context.daysInHospital', kase.context.daysInHospital);
  return facts;
}

type SetFact = (path: string, value: FactValue | undefined) => void;

/** Sets a fact only when it has a value (and a number only when it is finite). */
function factSetter(facts: Map<string, FactValue>): SetFact {
  return (path, value) => {
    if (value !== undefined && !(typeof value === 'number' && !Number.isFinite(value))) facts.set(path, value);
  };
}

/** Demographics, measurements (at their reported precision), reproductive status, stage and DAS28. */
function patientMeasureFacts(
  set: SetFact,
  resolved: ResolvedCase,
  policies: Pick<HospitalPolicies, 'reproductiveAgeYears' | 'recencyDays'>,
): void {
  const { source: kase, measures } = resolved;
  const p = kase.patient;
  set('patient.ageYears', p.ageYears);
  set('patient.sex', p.sex);
  set('patient.weightKg', p.weightKg?.value);
  set('patient.heightCm', p.heightCm?.value);
  // Measures at the precision they are reported in (a rule at 30 reads 29.96 as 30.0, like a lab).
  const reported = (value: number | undefined, digits: number) =>
    value === undefined ? undefined : roundTo(value, digits);
  set('patient.bsaM2', reported(measures.bsaM2, MEASURE_DECIMALS.bsaM2));
  set(
    'patient.creatinineClearanceMlMin',
    reported(measures.creatinineClearanceMlMin, MEASURE_DECIMALS.creatinineClearanceMlMin),
  );
  set(
    'patient.egfr',
    measures.basis.egfr?.basis === 'sent' ? measures.egfr : reported(measures.egfr, MEASURE_DECIMALS.egfr),
  );
  set('patient.ecog', p.ecog?.value);
  set('patient.altRatioToUln', reported(measures.altRatioToUln, MEASURE_DECIMALS.altRatioToUln));
  const outsideReproductiveAge =
    p.sex === 'male' ||
    (p.sex === 'female' &&
      p.ageYears !== undefined &&
      (p.ageYears < policies.reproductiveAgeYears.min || p.ageYears > policies.reproductiveAgeYears.max));
  set('patient.pregnant', p.pregnant ?? (outsideReproductiveAge ? false : undefined));
  set('patient.breastfeeding', p.breastfeeding ?? (outsideReproductiveAge ? false : undefined));
  set('patient.menopausalStatus', p.menopausalStatus);
  set('patient.priorTherapyFailures', [...resolved.priorTherapyFailures]);
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
    // A difference of two measurements, at their precision: 5.6 − 4.4 is 1.2, not 1.1999999.
    const fall =
      das.baseline !== undefined && das.current !== undefined
        ? roundTo(das.baseline - das.current, Math.max(decimalsOf(das.baseline), decimalsOf(das.current)))
        : undefined;
    set('patient.das28Fall', das.fallSinceBaseline ?? fall);
    // A dated score within the labs recency window: positive evidence that a remission is current.
    const date = p.das28?.date;
    if (date !== undefined) {
      const age = daysBetween(date, kase.context.asOf);
      set('patient.das28Recent', age >= 0 && age <= policies.recencyDays.labs);
    }
  }
}

/** Treatment state, risk, comorbidities and clinician-recorded flags, as sent. */
function patientStateFacts(set: SetFact, p: ResolvedCase['source']['patient']): void {
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
}

/** Biomarker statuses (latest results decide), HER2, hormone-receptor and RAS status. */
function biomarkerFacts(set: SetFact, facts: ReadonlyMap<string, FactValue>, resolved: ResolvedCase): void {
  const byGene = new Map<string, CaseBiomarker[]>();
  for (const b of resolved.biomarkers) byGene.set(b.gene, [...(byGene.get(b.gene) ?? []), b]);
  for (const [gene, results] of byGene) {
    // The latest results decide; results of the same date that disagree (present by NGS, absent by PCR) are unknown.
    const latestDate = latest(results)?.date ?? '';
    const statuses = new Set(results.filter((r) => (r.date ?? '') === latestDate).map((r) => statusOf(r.result)));
    if (statuses.size !== 1) continue;
    const status = [...statuses][0];
    set(`biomarker.${gene}.status`, status);
    // Absent: no variant of the gene can exist, so no variant can make a targeted drug fit.
    if (status === 'absent' || status === 'negative') set(`biomarker.${gene}.variantClass`, 'none');
  }
  if (byGene.has('ERBB2')) set('patient.her2Status', her2Status(byGene.get('ERBB2') ?? []));
  set(
    'patient.hormoneReceptorStatus',
    hormoneReceptorStatus(
      facts.get('biomarker.ESR1.status') as string | undefined,
      facts.get('biomarker.PGR.status') as string | undefined,
    ),
  );
  const ras = ['KRAS', 'NRAS'].map((g) => facts.get(`biomarker.${g}.status`));
  if (ras.some((s) => s === 'present' || s === 'positive')) set('patient.rasWildType', false);
  else if (ras.every((s) => s === 'absent' || s === 'negative')) set('patient.rasWildType', true);
}

/** Regimen facts over the patient facts: the proposal's, or a candidate's. */
export function withRegimenFacts(
  patientFacts: ReadonlyMap<string, FactValue>,
  pack: KnowledgePack,
  resolved: ResolvedCase,
  regimen: { components: readonly ResolvedComponent[]; cycleLengthDays: number; library: Regimen | null },
  priced: readonly PricedComponent[],
): Facts {
  const { components, library } = regimen;
  const facts = new Map<string, FactValue>();
  const therapeutic = components.filter((c) => c.role === 'therapeutic');
  facts.set('regimen.id', library?.id ?? 'none');
  facts.set(
    'regimen.drugs',
    therapeutic.map((c) => c.drug.code),
  );
  const regimenClasses = classesWithParents(
    pack,
    therapeutic.flatMap((c) => c.drug.classes),
  );
  facts.set('regimen.classes', regimenClasses);
  // Every ordered drug, supportive included: what safety limits by drug or class are checked against.
  facts.set(
    'regimen.allDrugs',
    components.map((c) => c.drug.code),
  );
  facts.set(
    'regimen.allClasses',
    classesWithParents(
      pack,
      components.flatMap((c) => c.drug.classes),
    ),
  );
  facts.set('regimen.classesWithSeveralDrugs', classesWithSeveralDrugs(pack, therapeutic));
  variantClassFacts(pack, resolved.biomarkers, regimenClasses, patientFacts, facts);
  facts.set('regimen.agentCount', therapeutic.length);
  facts.set('regimen.routes', [...new Set(therapeutic.map((c) => c.route))]);
  if (library) facts.set('regimen.intensity', library.intensity);
  for (const c of components) {
    const perWeek = roundTo(((c.administrationsPerCycle * c.timesPerAdministration) / regimen.cycleLengthDays) * 7, 2);
    facts.set(`regimen.administrationsPerWeek.${c.drug.code}`, perWeek);
  }
  for (const p of priced)
    if (p.dose.unit === 'mg')
      facts.set(`regimen.doseMg.${p.component.drug.code}`, roundTo(p.dose.perAdministration, 2));
  const ratios = protocolDoseRatios(pack, resolved, priced, library, regimen.cycleLengthDays);
  if (library ?? resolved.regimen.library) {
    for (const [drug, ratio] of ratios) facts.set(`regimen.protocolDoseRatio.${drug}`, ratio);
    const critical = [...ratios].filter(([, ratio]) => ratio >= pack.policies.criticalDoseRatio).map(([drug]) => drug);
    facts.set('regimen.drugsAtCriticalDoseRatio', critical);
    facts.set('regimen.criticalDoseCount', critical.length);
  }
  const { drugs, products, classes } = resolved.allergyTargets;
  const conflicts = components
    .filter(
      (c) =>
        drugs.has(c.drug.code) ||
        c.phases.some((ph) => products.has(ph.product.code)) ||
        drugClassesWithParents(pack, c.drug).some((k) => classes.has(k)),
    )
    .map((c) => c.drug.code);
  facts.set('patient.allergyConflicts', conflicts);
  // An allergy the service could not read leaves "no conflict" undecided: no option is known safe from it.
  if (conflicts.length > 0 || resolved.allergyTargets.unreadable === 0)
    facts.set('patient.allergyConflictCount', conflicts.length);
  return new LayeredFacts(patientFacts, facts);
}

function classesWithSeveralDrugs(pack: KnowledgePack, therapeutic: readonly ResolvedComponent[]): string[] {
  const drugsByClass = new Map<string, Set<string>>();
  for (const c of therapeutic) {
    for (const k of drugClassesWithParents(pack, c.drug))
      drugsByClass.set(k, (drugsByClass.get(k) ?? new Set()).add(c.drug.code));
  }
  return [...drugsByClass].filter(([, drugs]) => drugs.size >= 2).map(([k]) => k);
}

/**
 * Each drug's dose over the protocol's dose for this patient (therapeutic and supportive drugs), the
 * larger of the ratio per administration and the ratio of dose intensity (amount per day), in the same unit
 * (mg/m², mg/kg and AUC worked out in mg with the same measures; IU with IU), so a dose rounded to
 * flat mg is compared like the dose it came from.
 */
export function protocolDoseRatios(
  pack: KnowledgePack,
  resolved: ResolvedCase,
  priced: readonly PricedComponent[],
  library: Regimen | null,
  cycleLengthDays: number,
): Map<string, number> {
  const ratios = new Map<string, number>();
  // A candidate that matches no library regimen (a step-down) keeps the proposal's protocol doses.
  const libraries = [library, resolved.regimen.library].filter((r): r is Regimen => r !== null);
  for (const p of priced) {
    const code = p.component.drug.code;
    const found = libraries
      .map((r) => ({
        regimen: r,
        protocol:
          p.component.role === 'therapeutic'
            ? r.components.find((c) => c.drug === code)
            : r.supportive.find((c) => c.drug === code),
      }))
      .find((x) => x.protocol !== undefined);
    if (!found?.protocol) continue;
    const { regimen, protocol } = found;
    // Both uncapped and unrounded: neither a label cap (vincristine 2 mg) nor rounding to whole vials
    // may hide an order at twice the protocol dose; an option keeps the ratio of the order it came from.
    const weight = resolved.source.patient.weightKg?.value;
    const cap = pack.policies.calvertClearanceCapMlMin;
    let perDose: number;
    try {
      const ordered = calculateDose(
        { ...p.component.dose, maxMg: undefined, roundedToMg: undefined },
        resolved.measures,
        weight,
        cap,
      );
      const expected = calculateDose(
        { ...protocolDoseOf(protocol.dose), maxMg: undefined },
        resolved.measures,
        weight,
        cap,
      );
      if (expected.unit !== ordered.unit || !(expected.perAdministration > 0)) continue;
      perDose = ordered.perAdministration / expected.perAdministration;
    } catch {
      continue; // the protocol's dose basis needs a measure this case lacks: no comparison
    }
    // Dose intensity: the same dose given more often (pemetrexed three times in a 21-day cycle) is an overdose too.
    const orderedPerDay = (p.component.administrationsPerCycle * p.component.timesPerAdministration) / cycleLengthDays;
    const protocolPerDay =
      (protocol.administrationsPerCycle *
        ('timesPerAdministration' in protocol ? (protocol.timesPerAdministration ?? 1) : 1)) /
      regimen.cycleLengthDays;
    const intensity = perDose * (orderedPerDay / protocolPerDay);
    ratios.set(code, roundTo(Math.max(perDose, intensity), 2));
  }
  return ratios;
}
