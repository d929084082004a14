/**
 * Clinical scores and facts without a widely used LOINC code (urn:combo-cost-cds:score): DAS28,
 * risk category, lesion complexity, treatment phase and week, line of therapy, years at blood
 * pressure target, and yes/no facts. A value that is not readable is said.
 */
import type { CasePatient } from '../../../domain/case';
import { SCORE_CODES } from '../code-systems';
import { type FhirIssues, optNumber } from '../fhir-read';
import type { NotAssessed } from '../not-assessed';
import { type ObsRecord, type ObservationReader, conceptText, quantityOf } from './observation-values';
import { round, t } from './reading';

const RISK: readonly string[] = ['low', 'favourable', 'intermediate', 'high', 'adverse'];
const PHASES: readonly string[] = ['new', 'induction', 'consolidation', 'maintenance'];

/** The value of a score observation, read as the score needs it. */
interface ScoreValue {
  code: string;
  rec: ObsRecord;
  num: () => number | undefined;
  str: () => string | undefined;
  bool: () => boolean | undefined;
}

/** Whether the value was read into the patient (false: it is not readable). */
type ScoreReader = (value: ScoreValue, patient: CasePatient) => boolean;

export const readScore: ObservationReader = (rec, patient, issues, notAssessed) => {
  const code = rec.kind.slice('score:'.length);
  const reader = SCORE_READERS[code];
  if (!reader) return;
  if (!reader(scoreValue(rec, code, issues), patient)) notReadable(code, rec, notAssessed);
};

function scoreValue(rec: ObsRecord, code: string, issues: FhirIssues): ScoreValue {
  const o = rec.r.resource;
  return {
    code,
    rec,
    num: () =>
      quantityOf(rec, issues)?.value ??
      (o.valueDecimal !== undefined ? optNumber(o, 'valueDecimal', rec.r.path, issues) : undefined),
    str: () => {
      const v = conceptText(o, rec.r.path, issues);
      return (v?.codes.find((c) => c.code)?.code ?? v?.text)?.toLowerCase();
    },
    bool: () => (typeof o.valueBoolean === 'boolean' ? o.valueBoolean : undefined),
  };
}

function notReadable(code: string, rec: ObsRecord, notAssessed: NotAssessed[]): void {
  notAssessed.push({
    where: rec.r.path,
    reason: t(`Score ${code} has no readable value; not assessed.`, `评分 ${code} 的值无法读取，未评估。`),
  });
}

/** DAS28 now and at baseline; the fall since baseline when both are known. */
const readDas28: ScoreReader = ({ code, rec, num }, patient) => {
  const v = num();
  if (v === undefined || v < 0 || v > 10) return false;
  const das = patient.das28 ?? { value: {} };
  if (code === SCORE_CODES.das28) {
    das.value.current = v;
    if (rec.date) das.date = rec.date;
  } else das.value.baseline = v;
  if (das.value.current !== undefined && das.value.baseline !== undefined)
    das.value.fallSinceBaseline = round(das.value.baseline - das.value.current, 2);
  patient.das28 = das;
  return true;
};

const readRiskCategory: ScoreReader = ({ str }, patient) => {
  const v = str();
  if (!v || !RISK.includes(v)) return false;
  patient.riskCategory = v as CasePatient['riskCategory'];
  return true;
};

const readLesionComplexity: ScoreReader = ({ str }, patient) => {
  const v = str();
  if (v !== 'simple' && v !== 'complex') return false;
  patient.lesionComplexity = v;
  return true;
};

const readTreatmentPhase: ScoreReader = ({ str }, patient) => {
  const v = str();
  if (!v || !PHASES.includes(v)) return false;
  patient.treatmentPhase = v as CasePatient['treatmentPhase'];
  return true;
};

const readCount: ScoreReader = ({ code, num }, patient) => {
  const v = num();
  if (v === undefined || v < 0) return false;
  if (code === SCORE_CODES.treatmentWeek) patient.treatmentWeek = Math.floor(v);
  else if (code === SCORE_CODES.lineOfTherapy) {
    if (v < 1) return false;
    patient.lineOfTherapy = Math.floor(v);
  } else patient.bloodPressureAtTargetYears = v;
  return true;
};

const readYesNo: ScoreReader = ({ code, bool }, patient) => {
  const v = bool();
  if (v === undefined) return false;
  if (code === SCORE_CODES.glycaemiaStable) patient.glycaemiaStable = v;
  else if (code === SCORE_CODES.fitForIntensiveChemotherapy) patient.fitForIntensiveChemotherapy = v;
  else patient.inFirstRemission = v;
  return true;
};

const SCORE_READERS: Readonly<Record<string, ScoreReader>> = {
  [SCORE_CODES.das28]: readDas28,
  [SCORE_CODES.das28Baseline]: readDas28,
  [SCORE_CODES.riskCategory]: readRiskCategory,
  [SCORE_CODES.lesionComplexity]: readLesionComplexity,
  [SCORE_CODES.treatmentPhase]: readTreatmentPhase,
  [SCORE_CODES.treatmentWeek]: readCount,
  [SCORE_CODES.lineOfTherapy]: readCount,
  [SCORE_CODES.bloodPressureAtTargetYears]: readCount,
  [SCORE_CODES.glycaemiaStable]: readYesNo,
  [SCORE_CODES.fitForIntensiveChemotherapy]: readYesNo,
  [SCORE_CODES.inFirstRemission]: readYesNo,
};
