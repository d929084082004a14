/** REST AssessmentRequest (already schema-valid) → the internal Case. */
import type { components } from '../../generated/api';
import type { Case, CaseBiomarker } from '../../domain/case';
import type { HospitalTier } from '../../knowledge/types';
import { ageAt } from '../../domain/patient-measures';

export type AssessmentRequest = components['schemas']['AssessmentRequest'];
type ProposedComponentBody = components['schemas']['ProposedComponent'];
/** The Proposal schema's anyOf (regimenId or components) makes the generated type opaque; this is its shape. */
interface ProposalBody {
  regimenId?: string;
  components?: ProposedComponentBody[];
  supportive?: ProposedComponentBody[];
  cycles?: number;
  cycleLengthDays?: number;
}

type PatientBody = AssessmentRequest['patient'];
type CaseDefaults = { hospitalTier: HospitalTier; region: string | null };

const UMOL_PER_MG_DL = 88.42;

function observed<T>(value: T, date: string | undefined) {
  return date !== undefined ? { value, date } : { value };
}

export function requestToCase(body: AssessmentRequest, defaults: CaseDefaults): Case {
  const p = body.patient;
  const ctx = body.context;
  const age = p.age ?? (p.birthDate !== undefined ? ageAt(p.birthDate, ctx.asOf) : undefined);
  const biomarkers: CaseBiomarker[] = (p.biomarkers ?? []).map((b) => ({
    gene: b.gene,
    result: b.result,
    ...(b.method !== undefined ? { method: b.method } : {}),
    ...(b.variant !== undefined ? { variant: b.variant } : {}),
    ...(b.clinicalSignificance !== undefined ? { clinicalSignificance: b.clinicalSignificance } : {}),
    ...(b.date !== undefined ? { date: b.date } : {}),
  }));
  const kase: Case = {
    patient: {
      diagnoses: p.diagnoses.map((d, i) => ({
        code: d.code,
        principal: d.principal ?? (i === 0 && !p.diagnoses.some((x) => x.principal)),
      })),
      biomarkers,
      comorbidities: (p.comorbidities ?? []).map((c) => ({
        code: c.code,
        system: c.system ?? 'icd-10',
        ...(c.display !== undefined ? { display: c.display } : {}),
      })),
      allergies: (p.allergies ?? []).map((c) => ({
        code: c.code,
        system: c.system ?? 'atc',
        ...(c.display !== undefined ? { display: c.display } : {}),
      })),
      priorTherapyFailures: (p.priorTherapyFailures ?? []).map((c) => ({
        code: c.code,
        system: c.system ?? 'atc',
        ...(c.display !== undefined ? { display: c.display } : {}),
      })),
    },
    proposal: proposalOf(body.proposal as ProposalBody),
    context: contextOf(ctx, defaults),
  };
  const pt = kase.patient;
  if (body.caseRef !== undefined) kase.caseRef = body.caseRef;
  if (age !== undefined) pt.ageYears = age;
  addObservations(pt, p);
  addPatientState(pt, p);
  return kase;
}

function proposalOf(proposal: ProposalBody): Case['proposal'] {
  return {
    ...(proposal.regimenId !== undefined ? { regimenId: proposal.regimenId } : {}),
    components: (proposal.components ?? []).map((c) => ({ ...c, system: c.system ?? 'atc' })),
    supportive: (proposal.supportive ?? []).map((c) => ({ ...c, system: c.system ?? 'atc' })),
    ...(proposal.cycles !== undefined ? { cycles: proposal.cycles } : {}),
    ...(proposal.cycleLengthDays !== undefined ? { cycleLengthDays: proposal.cycleLengthDays } : {}),
  };
}

function contextOf(ctx: AssessmentRequest['context'], defaults: CaseDefaults): Case['context'] {
  return {
    asOf: ctx.asOf,
    hospitalTier: ctx.hospitalTier ?? defaults.hospitalTier,
    setting: ctx.setting,
    ...(ctx.region !== undefined
      ? { region: ctx.region }
      : defaults.region !== null
        ? { region: defaults.region }
        : {}),
    ...(ctx.insuranceType !== undefined ? { insuranceType: ctx.insuranceType } : {}),
    ...(ctx.drgCode !== undefined ? { drgCode: ctx.drgCode } : {}),
    ...(ctx.procedures !== undefined ? { procedures: ctx.procedures } : {}),
    ...(ctx.encounterDiagnosis !== undefined ? { encounterDiagnosis: ctx.encounterDiagnosis } : {}),
    ...(ctx.horizonMonths !== undefined ? { horizonMonths: ctx.horizonMonths } : {}),
    ...(ctx.incurredCost !== undefined ? { incurredCost: ctx.incurredCost } : {}),
    ...(ctx.daysInHospital !== undefined ? { daysInHospital: ctx.daysInHospital } : {}),
  };
}

/** Dated measurements (creatinine converted to mg/dL). */
function addObservations(pt: Case['patient'], p: PatientBody): void {
  const creatinine = p.serumCreatinine;
  const das = p.scores?.das28;
  if (p.sex !== undefined) pt.sex = p.sex;
  if (p.weight) pt.weightKg = observed(p.weight.value, p.weight.date);
  if (p.height) pt.heightCm = observed(p.height.value, p.height.date);
  if (creatinine)
    pt.serumCreatinineMgDl = observed(
      creatinine.unit === 'umol/L' || creatinine.unit === 'µmol/L'
        ? creatinine.value / UMOL_PER_MG_DL
        : creatinine.value,
      creatinine.date,
    );
  if (p.egfr) pt.egfr = observed(p.egfr.value, p.egfr.date);
  if (p.ecog) pt.ecog = observed(p.ecog.value, p.ecog.date);
  if (p.alt)
    pt.alt = observed(
      {
        value: p.alt.value,
        ...(p.alt.upperLimitOfNormal !== undefined ? { upperLimitOfNormal: p.alt.upperLimitOfNormal } : {}),
      },
      p.alt.date,
    );
  if (p.hba1c) pt.hba1cPercent = observed(p.hba1c.value, p.hba1c.date);
  if (p.stage) pt.stage = observed(p.stage.value, p.stage.date);
  if (das) {
    pt.das28 = observed(
      {
        ...(das.current !== undefined ? { current: das.current } : {}),
        ...(das.baseline !== undefined ? { baseline: das.baseline } : {}),
        ...(das.fallSinceBaseline !== undefined ? { fallSinceBaseline: das.fallSinceBaseline } : {}),
      },
      das.date,
    );
  }
}

/** Treatment state and flags copied as sent. */
function addPatientState(pt: Case['patient'], p: PatientBody): void {
  if (p.treatmentWeek !== undefined) pt.treatmentWeek = p.treatmentWeek;
  if (p.treatmentPhase !== undefined) pt.treatmentPhase = p.treatmentPhase;
  if (p.lineOfTherapy !== undefined) pt.lineOfTherapy = p.lineOfTherapy;
  if (p.riskCategory !== undefined) pt.riskCategory = p.riskCategory;
  if (p.bloodPressureAtTargetYears !== undefined) pt.bloodPressureAtTargetYears = p.bloodPressureAtTargetYears;
  if (p.glycaemiaStable !== undefined) pt.glycaemiaStable = p.glycaemiaStable;
  if (p.fitForIntensiveChemotherapy !== undefined) pt.fitForIntensiveChemotherapy = p.fitForIntensiveChemotherapy;
  if (p.lesionComplexity !== undefined) pt.lesionComplexity = p.lesionComplexity;
  if (p.inFirstRemission !== undefined) pt.inFirstRemission = p.inFirstRemission;
  if (p.pregnant !== undefined) pt.pregnant = p.pregnant;
  if (p.breastfeeding !== undefined) pt.breastfeeding = p.breastfeeding;
  if (p.menopausalStatus !== undefined) pt.menopausalStatus = p.menopausalStatus;
  if (p.birthDate !== undefined) pt.birthDate = p.birthDate;
}
