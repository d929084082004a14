/**
 * The property the oracle judges an answer by:
 * 1. every offered option (alternatives, therapyChanges, preferredOptions) has NO violated and NO
 *    unknown label constraint for its own drugs, doses and schedule;
 * 2. every constraint the proposal violates has a finding of the required severity that names one
 *    of its drugs (ATC code or INN), and every unknown one a finding that names the missing input;
 * 3. a plausible request is answered (200), never refused or crashed.
 * It returns the problems as readable lines, so a counterexample is the lead's worklist entry.
 */
import request from 'supertest';
import type http from 'node:http';
import { DRUG_CLASSES, DRUG_CLASS_NAMES, DRUG_NAMES, type DrugClass } from './label-constraints';
import {
  checkRegimen,
  optionComponents,
  proposalComponents,
  type OptionLike,
  type OracleRequest,
  type OracleViolation,
  type ProposalLike,
} from './oracle';
import { ceilingsForDiagnosis, type LibraryRegimen } from './protocol';

interface FindingLike {
  ruleId?: string;
  severity: string;
  [key: string]: unknown;
}

interface AssessmentLike {
  findings: FindingLike[];
  alternatives: OptionLike[];
  therapyChanges?: OptionLike[];
  preferredOptions: OptionLike[];
}

const SEVERITY_RANK: Readonly<Record<string, number>> = { info: 0, warning: 1, critical: 2 };

/** How a finding may name a missing input (field name, or what it measures). */
const INPUT_PATTERNS: Readonly<Record<string, RegExp>> = {
  pregnant: /pregnan/i,
  breastfeeding: /breast-?feeding|lactat|nursing/i,
  serumCreatinine: /creatinine|egfr|clearance|renal/i,
  weight: /weight|clearance/i,
  age: /\bage|birth/i,
  sex: /\bsex\b|gender/i,
  alt: /\balt\b|altRatio|transaminase|liver|hepatic/i,
  'alt.upperLimitOfNormal': /upper ?limit|uln/i,
  menopausalStatus: /menopaus/i,
  schedule: /schedule|frequency|administrations|weekly|daily/i,
  // the derived measures themselves: "no eGFR" names what is missing as well as "no creatinine"
  egfr: /egfr/i,
  crcl: /clearance|crcl/i,
  ageYears: /\bage/i,
  altUln: /\balt\b|altRatio|transaminase/i,
};

/** A finding names a drug by ATC code, by INN, or by a class the drug belongs to ("JAK inhibitor at 65 or over"). */
function namesDrug(finding: FindingLike, drugs: readonly string[]): boolean {
  const raw = JSON.stringify(finding);
  const text = raw.toLowerCase();
  const byClass = (d: string) =>
    (Object.keys(DRUG_CLASSES) as DrugClass[]).some(
      (k) => DRUG_CLASSES[k].includes(d) && DRUG_CLASS_NAMES[k].test(raw),
    );
  return drugs.some(
    (d) =>
      text.includes(d.toLowerCase()) || (DRUG_NAMES[d] !== undefined && text.includes(DRUG_NAMES[d])) || byClass(d),
  );
}

function namesInput(finding: FindingLike, inputs: readonly string[]): boolean {
  const text = JSON.stringify(finding);
  return inputs.some((i) => (INPUT_PATTERNS[i] ?? new RegExp(i, 'i')).test(text));
}

const describe = (v: OracleViolation) =>
  `${v.constraintId} [${v.status}] ${v.drugs.join('+')} (${v.detail}${v.missing.length ? `; missing ${v.missing.join(', ')}` : ''})`;

export interface Judged {
  status: number;
  problems: string[];
}

export function judgeAssessment(
  req: OracleRequest & { proposal: ProposalLike },
  a: AssessmentLike,
  library: readonly LibraryRegimen[],
): string[] {
  const problems: string[] = [];
  const principal = req.patient.diagnoses.find((d) => d.principal) ?? req.patient.diagnoses[0];
  const ceilings = ceilingsForDiagnosis(library, principal?.code ?? '');
  const proposal = proposalComponents(req.proposal, library);
  for (const v of checkRegimen(req, proposal, ceilings)) {
    if (v.status === 'violated') {
      const needed = SEVERITY_RANK[v.proposalFinding]!;
      const ok = a.findings.some((f) => (SEVERITY_RANK[f.severity] ?? -1) >= needed && namesDrug(f, v.drugs));
      if (!ok) problems.push(`proposal: no ${v.proposalFinding} finding for ${describe(v)}`);
    } else if (!a.findings.some((f) => namesInput(f, v.measure ? [...v.missing, v.measure] : v.missing))) {
      problems.push(`proposal: no finding names the missing input for ${describe(v)}`);
    }
  }
  const lists: [string, OptionLike[]][] = [
    ['alternatives', a.alternatives ?? []],
    ['therapyChanges', a.therapyChanges ?? []],
    ['preferredOptions', a.preferredOptions ?? []],
  ];
  for (const [list, options] of lists) {
    for (const option of options) {
      const violations = checkRegimen(req, optionComponents(option, proposal, library), ceilings);
      for (const v of violations) problems.push(`${list} offers ${option.id} (${option.basis}): ${describe(v)}`);
    }
  }
  return problems;
}

interface ProblemLike {
  detail?: string;
  title?: string;
  errors?: { pointer?: string }[];
  invalidParams?: { pointer?: string; name?: string }[];
}

/** Inputs without which a dose cannot be computed: refusing (422 naming it) offers nothing unsafe. */
const DOSING_INPUTS: Readonly<Record<string, (p: Record<string, unknown>) => boolean>> = {
  height: (p) => p.height === undefined,
  weight: (p) => p.weight === undefined,
  sex: (p) => p.sex !== 'male' && p.sex !== 'female',
  serumCreatinine: (p) => p.serumCreatinine === undefined,
  age: (p) => p.age === undefined && p.birthDate === undefined,
};

/**
 * A 422 is accepted when every field it names is a dosing input the case really lacks (the service
 * cannot compute the dose, so it offers nothing); a 422 for a present, plausible value is a problem.
 */
function refusesForMissingInput(body: Record<string, unknown>, problem: ProblemLike): boolean {
  const patient = (body.patient ?? {}) as Record<string, unknown>;
  const text = `${problem.detail ?? ''} ${JSON.stringify(problem.errors ?? problem.invalidParams ?? [])}`;
  const named = [...text.matchAll(/\/patient\/(\w+)/g)].map((m) => m[1]!);
  return named.length > 0 && named.every((field) => DOSING_INPUTS[field]?.(patient) === true);
}

/** POST the case and judge the answer. */
export async function assessAndJudge(
  app: http.Server,
  auth: Record<string, string>,
  body: Record<string, unknown>,
  library: readonly LibraryRegimen[],
): Promise<Judged> {
  const res = await request(app).post('/v1/assessments').set(auth).send(body);
  if (res.status === 422 && refusesForMissingInput(body, res.body as ProblemLike)) return { status: 422, problems: [] };
  if (res.status !== 200) {
    const problem = res.body as ProblemLike;
    return {
      status: res.status,
      problems: [
        `HTTP ${res.status} for a plausible request: ${problem.detail ?? problem.title ?? ''} ${JSON.stringify(problem.errors ?? problem.invalidParams ?? '')}`,
      ],
    };
  }
  return {
    status: 200,
    problems: judgeAssessment(
      body as unknown as OracleRequest & { proposal: ProposalLike },
      res.body as AssessmentLike,
      library,
    ),
  };
}
