/**
 * The MDT review page link: `<base>/mdt/#case=<base64url of the REST AssessmentRequest JSON>`.
 * The case travels in the fragment, which browsers never send to a server, so no patient data
 * reaches our (or any proxy's) access logs. The request carries no caseRef and no identifiers.
 */
import type { Case } from '../../domain/case';
import type { components } from '../../generated/api';

type AssessmentRequest = components['schemas']['AssessmentRequest'];

/** The internal Case back in the REST API's request shape (the inverse of the REST adapter). */
export function caseToAssessmentRequest(kase: Case): AssessmentRequest {
  const p = kase.patient;
  const patient: AssessmentRequest['patient'] = {
    diagnoses: p.diagnoses.map((d) => ({ code: d.code, system: 'icd-10' as const, principal: d.principal })),
  };
  if (p.ageYears !== undefined) patient.age = p.ageYears;
  if (p.sex) patient.sex = p.sex;
  if (p.weightKg)
    patient.weight = { value: p.weightKg.value, unit: 'kg', ...(p.weightKg.date ? { date: p.weightKg.date } : {}) };
  if (p.heightCm)
    patient.height = { value: p.heightCm.value, unit: 'cm', ...(p.heightCm.date ? { date: p.heightCm.date } : {}) };
  if (p.serumCreatinineMgDl)
    patient.serumCreatinine = {
      value: p.serumCreatinineMgDl.value,
      unit: 'mg/dL',
      ...(p.serumCreatinineMgDl.date ? { date: p.serumCreatinineMgDl.date } : {}),
    };
  if (p.egfr)
    patient.egfr = { value: p.egfr.value, unit: 'mL/min/{1.73_m2}', ...(p.egfr.date ? { date: p.egfr.date } : {}) };
  if (p.ecog) patient.ecog = { value: p.ecog.value, ...(p.ecog.date ? { date: p.ecog.date } : {}) };
  if (p.alt)
    patient.alt = {
      value: p.alt.value.value,
      ...(p.alt.value.upperLimitOfNormal !== undefined ? { upperLimitOfNormal: p.alt.value.upperLimitOfNormal } : {}),
      ...(p.alt.date ? { date: p.alt.date } : {}),
    };
  if (p.hba1cPercent)
    patient.hba1c = {
      value: p.hba1cPercent.value,
      unit: '%',
      ...(p.hba1cPercent.date ? { date: p.hba1cPercent.date } : {}),
    };
  if (p.stage) patient.stage = { value: p.stage.value.slice(0, 16), ...(p.stage.date ? { date: p.stage.date } : {}) };
  if (p.biomarkers.length > 0) patient.biomarkers = p.biomarkers.map((b) => ({ ...b }));
  if (p.das28) patient.scores = { das28: { ...p.das28.value, ...(p.das28.date ? { date: p.das28.date } : {}) } };
  if (p.treatmentWeek !== undefined) patient.treatmentWeek = p.treatmentWeek;
  if (p.treatmentPhase) patient.treatmentPhase = p.treatmentPhase;
  if (p.lineOfTherapy !== undefined) patient.lineOfTherapy = p.lineOfTherapy;
  if (p.riskCategory) patient.riskCategory = p.riskCategory;
  if (p.comorbidities.length > 0) patient.comorbidities = p.comorbidities.map((c) => ({ ...c }));
  if (p.allergies.length > 0) patient.allergies = p.allergies.map((c) => ({ ...c }));
  if (p.bloodPressureAtTargetYears !== undefined) patient.bloodPressureAtTargetYears = p.bloodPressureAtTargetYears;
  if (p.glycaemiaStable !== undefined) patient.glycaemiaStable = p.glycaemiaStable;
  if (p.fitForIntensiveChemotherapy !== undefined) patient.fitForIntensiveChemotherapy = p.fitForIntensiveChemotherapy;
  if (p.lesionComplexity) patient.lesionComplexity = p.lesionComplexity;
  if (p.inFirstRemission !== undefined) patient.inFirstRemission = p.inFirstRemission;

  const component = (c: Case['proposal']['components'][number]) => ({
    code: c.code,
    system: c.system,
    ...(c.dose ? { dose: { ...c.dose } } : {}),
    ...(c.route ? { route: c.route } : {}),
    ...(c.administrationsPerCycle !== undefined ? { administrationsPerCycle: c.administrationsPerCycle } : {}),
    ...(c.timesPerAdministration !== undefined ? { timesPerAdministration: c.timesPerAdministration } : {}),
    ...(c.orderRef ? { orderRef: c.orderRef } : {}),
  });
  const proposal: AssessmentRequest['proposal'] = {
    ...(kase.proposal.regimenId ? { regimenId: kase.proposal.regimenId } : {}),
    components: kase.proposal.components.map(component),
    ...(kase.proposal.supportive.length > 0 ? { supportive: kase.proposal.supportive.map(component) } : {}),
    ...(kase.proposal.cycles !== undefined ? { cycles: kase.proposal.cycles } : {}),
    ...(kase.proposal.cycleLengthDays !== undefined ? { cycleLengthDays: kase.proposal.cycleLengthDays } : {}),
  } as AssessmentRequest['proposal'];

  const c = kase.context;
  const context: AssessmentRequest['context'] = {
    asOf: c.asOf,
    setting: c.setting,
    hospitalTier: c.hospitalTier,
    ...(c.region ? { region: c.region } : {}),
    ...(c.insuranceType ? { insuranceType: c.insuranceType } : {}),
    ...(c.drgCode ? { drgCode: c.drgCode } : {}),
    ...(c.horizonMonths !== undefined ? { horizonMonths: c.horizonMonths } : {}),
    ...(c.incurredCost !== undefined ? { incurredCost: c.incurredCost } : {}),
    ...(c.daysInHospital !== undefined ? { daysInHospital: c.daysInHospital } : {}),
  };
  return { patient, proposal, context };
}

export function mdtLink(baseUrl: string, kase: Case): string {
  const json = JSON.stringify(caseToAssessmentRequest(kase));
  return `${baseUrl.replace(/\/+$/, '')}/mdt/#case=${Buffer.from(json, 'utf8').toString('base64url')}`;
}
