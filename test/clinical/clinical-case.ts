/**
 * The shape of one clinical case of the corpus: a patient and an order sent through the REST API, the
 * label or guideline the expectation comes from, and what a pharmacist expects to see in the answer,
 * stated on observables (HTTP status, finding severities for ATC codes, drugs in the offered options),
 * never on rule ids (the pack assigns those).
 */
import type { components } from '../../src/generated/api';

export type Condition =
  | 'nsclc'
  | 'breast-cancer'
  | 'colorectal-cancer'
  | 'aml'
  | 'lymphoma'
  | 'rheumatoid-arthritis'
  | 'type-2-diabetes'
  | 'hypertension'
  | 'coronary-intervention';

export type Severity = 'info' | 'warning' | 'critical';

/** Where the expectation comes from. `verified` says whether the search tool returned the cited text. */
export interface ClinicalSource {
  document: string;
  section: string;
  year: number;
  url?: string;
  /** false: recalled from the label but the stored text could not be retrieved; the case says so. */
  verified: boolean;
  /** true when the number is the source digest's anecdote or a hospital setting, not a label. */
  illustrative?: boolean;
}

/** Biomarker results as the issue-10 API takes them (ISH amplified / not amplified, indeterminate). */
export type CorpusBiomarkerResult =
  | components['schemas']['Biomarker']['result']
  | 'indeterminate'
  | 'amplified'
  | 'not-amplified';

export interface CorpusBiomarker {
  gene: string;
  result: CorpusBiomarkerResult;
  method?: 'IHC' | 'ISH' | 'NGS' | 'PCR' | 'other';
  variant?: string;
  clinicalSignificance?: components['schemas']['Biomarker']['clinicalSignificance'];
  date?: string;
}

type RestPatient = components['schemas']['Patient'];

/** The patient of the issue-10 API: the current one plus pregnancy, breastfeeding and menopausal status. */
export type CorpusPatient = Omit<RestPatient, 'biomarkers'> & {
  biomarkers?: CorpusBiomarker[];
  pregnant?: boolean;
  breastfeeding?: boolean;
  menopausalStatus?: 'premenopausal' | 'perimenopausal' | 'postmenopausal';
};

export interface CorpusRequest {
  caseRef?: string;
  patient: CorpusPatient;
  proposal: {
    regimenId?: string;
    components?: components['schemas']['ProposedComponent'][];
    cycles?: number;
    cycleLengthDays?: number;
  };
  context: components['schemas']['Context'];
}

export interface FindingExpectation {
  severity: Severity;
  /** The ATC (or device) code the finding must name; without it any finding of that severity counts. */
  atc?: string;
  /** Default: a more severe finding also satisfies the expectation. */
  exactly?: boolean;
}

export interface Expectations {
  /** HTTP status of a single assessment (default 200); a list when either is a correct reading. */
  status?: number | number[];
  /** For a 4xx: JSON pointers the problem's `errors` must name (a deeper pointer counts). */
  problemFields?: string[];
  /** For a batch: the status of each slot, and the pointers named in a slot's problem. */
  batch?: { statuses: number[]; problemFields?: Record<number, string[]> };
  /** Findings (or regimen deviations) that must be present. */
  findings?: FindingExpectation[];
  /** No finding or deviation of the proposal is critical. */
  noCriticalFinding?: boolean;
  /** A finding of the proposal names this missing input (case-insensitive pattern). */
  missingInputFinding?: string;
  /** With `?explain=true`: an excluded candidate names this missing input (case-insensitive pattern). */
  excludedForMissingInput?: string;
  /** ATC codes that no offered option (alternatives, therapy changes, preferred options) may contain. */
  notOffered?: string[];
  /** ATC codes that no cheaper "equivalent" may contain (a therapy change is judged by `notOffered`). */
  notInAlternatives?: string[];
  /** No offered option may contain both drugs of a pair. */
  forbiddenPairs?: [string, string][];
  /** Each ATC code appears in some cheaper equivalent (positive control: the corpus cannot pass by offering nothing). */
  alternativesInclude?: string[];
  /** Each ATC code appears in some guideline-preferred option. */
  preferredInclude?: string[];
  /** No option de-escalates (basis step-down). */
  noStepDown?: boolean;
  /** Codes that must be listed as not assessed / must not be. */
  unassessed?: string[];
  notUnassessed?: string[];
  /** A finding reads this input (key of `inputs`, case-insensitive substring) / no finding reads it. */
  findingReads?: string;
  noFindingReads?: string;
  /** The proposal's calculated dose per administration for a drug (mg), within 0.5 mg. */
  proposalDoseMg?: { atc: string; mg: number };
  /**
   * The proposal overdoses this drug: no offered option of the same regimen (product swap, dose rounding)
   * may give 75 % or more of the proposal's amount per administration. A switch to another regimen takes
   * that regimen's protocol dose and is not judged here.
   */
  noOptionRepeatsDose?: string;
  /** No offered option gives this drug more often than this many times a week. */
  maxAdministrationsPerWeek?: { atc: string; perWeek: number };
}

export interface ClinicalCase {
  id: string;
  title: string;
  condition: Condition;
  source: ClinicalSource;
  /** A single assessment, or a batch (`batch` set) sent to /v1/assessments/batch. */
  request?: CorpusRequest | Record<string, unknown>;
  batch?: (CorpusRequest | Record<string, unknown>)[];
  explain?: boolean;
  expect: Expectations;
}
