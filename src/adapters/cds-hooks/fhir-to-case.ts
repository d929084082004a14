/**
 * FHIR R4 (CDS Hooks context + prefetch) → the internal Case the REST API also produces.
 *
 * Pure: (hook context, prefetched or fetched resources, configuration) → { case, notAssessed,
 * orders }. Prefetch is read by resource type, never by its key. Malformed FHIR sent by the client
 * throws HttpProblem 400 naming every bad element by its FHIR path; malformed data the service
 * fetched itself is reported as not assessed instead (the client cannot fix our fetch).
 *
 * Each FHIR resource has its reader in `fhir/` (draft orders, patient, observations, conditions,
 * allergies, encounter, coverage, procedures); this module only composes them.
 */
import type { Case, CaseContext, CasePatient } from '../../domain/case';
import { problems } from '../../http/problem';
import { FhirIssues } from './fhir-read';
import { readAllergies } from './fhir/allergy-intolerance';
import { readConditions } from './fhir/conditions';
import { readCoverage } from './fhir/coverage';
import { pickAsOf, todayIn } from './fhir/dates';
import { readDraftOrders } from './fhir/draft-orders';
import { readEncounterResource } from './fhir/encounter';
import { flattenFhirValue, readHookContext } from './fhir/hook-context';
import { readObservations } from './fhir/observations';
import { readPatientResource } from './fhir/patient';
import { readProcedures } from './fhir/procedures';
import { type Reading, t } from './fhir/reading';
import type { FhirToCaseConfig, FhirToCaseResult, HookContext, HookName, SourcedResource } from './fhir/types';
import type { NotAssessed } from './not-assessed';

export type {
  DraftOrder,
  FhirToCaseConfig,
  FhirToCaseResult,
  HookContext,
  HookName,
  ServiceProviderOverride,
  SourcedResource,
} from './fhir/types';
export type { NotAssessed } from './not-assessed';
export { ageAt, todayIn } from './fhir/dates';
export { flattenFhirValue, readHookContext } from './fhir/hook-context';
export { normaliseStage } from './fhir/observation-findings';
export { timingAbbreviation } from './fhir/timing';

/** The hook's context, validated once per call; a context that is not valid FHIR R4 for the hook is a 400. */
export function parseHookContext(hook: HookName, raw: unknown): HookContext {
  const issues = new FhirIssues();
  const context = readHookContext(hook, raw, issues);
  if (!context || !issues.empty)
    throw problems.badRequest('The CDS Hooks context is not valid FHIR R4 for this hook.', issues.errors);
  return context;
}

export function fhirToCase(
  hook: HookName,
  context: HookContext,
  resources: readonly SourcedResource[],
  config: FhirToCaseConfig,
): FhirToCaseResult {
  const issues = new FhirIssues();
  // Resources the service fetched itself are checked with their own issue list: their problems
  // are reported as not assessed, never as the client's 400.
  const fetchedIssues = new FhirIssues();
  const draftResources = flattenFhirValue(context.draftOrders, 'context.draftOrders', 'request', issues);
  const reading: Reading = {
    config,
    issues,
    issuesFor: (r) => (r.origin === 'request' ? issues : fetchedIssues),
    notAssessed: [],
    medications: medicationsById([...draftResources, ...resources]),
  };
  const asOf = pickAsOf(draftResources, context, issues) ?? todayIn(config.timeZone, config.now);

  const { proposal, orders } = readDraftOrders(hook, context, draftResources, reading);
  const patient = readPatientData(resources, draftResources, { context, asOf, reading });
  const caseContext = readCaseContext(resources, { context, asOf, reading });

  if (!issues.empty)
    throw problems.badRequest(
      'The CDS Hooks request contains malformed FHIR R4; each element is named.',
      issues.errors,
    );
  const notAssessed = reading.notAssessed;
  notAssessed.push(...fetchedDataNotes(fetchedIssues));
  const relevant = orders.some((o) => o.selected);
  if (proposal.components.length === 0 && orders.length > 0) {
    notAssessed.push({
      where: 'context.draftOrders',
      reason: t(
        'No draft order names a drug or device the service can read; the regimen was not assessed.',
        '草稿医嘱中没有可识别的药品或器械，未评估方案。',
      ),
    });
  }
  const kase: Case | null =
    relevant && proposal.components.length > 0 ? { patient, proposal, context: caseContext } : null;
  return { case: kase, notAssessed, orders, context, relevant };
}

interface Step {
  context: HookContext;
  asOf: string;
  reading: Reading;
}

const ofType = (resources: readonly SourcedResource[], type: string) =>
  resources.filter((r) => r.resource.resourceType === type);

/** Patient, Observation, Condition and AllergyIntolerance → the Case's patient. */
function readPatientData(
  resources: readonly SourcedResource[],
  draftResources: readonly SourcedResource[],
  { context, asOf, reading }: Step,
): CasePatient {
  const patient: CasePatient = {
    diagnoses: [],
    biomarkers: [],
    comorbidities: [],
    allergies: [],
    priorTherapyFailures: [],
  };
  readPatientResource(resources, context.patientId, asOf, { patient, reading });
  readObservations(ofType(resources, 'Observation'), patient, reading);
  readConditions(ofType(resources, 'Condition'), draftResources, patient, reading);
  readAllergies(ofType(resources, 'AllergyIntolerance'), patient, reading);
  return patient;
}

/** Encounter, Coverage and (for an admission) Procedure → the Case's context. */
function readCaseContext(resources: readonly SourcedResource[], { context, asOf, reading }: Step): CaseContext {
  const { config } = reading;
  const caseContext: CaseContext = {
    asOf,
    hospitalTier: config.defaultHospitalTier,
    setting: 'outpatient',
    ...(config.defaultRegion ? { region: config.defaultRegion } : {}),
  };
  readEncounterResource(ofType(resources, 'Encounter'), context.encounterId, { asOf, ctx: caseContext, reading });
  readCoverage(ofType(resources, 'Coverage'), caseContext, reading);
  if (caseContext.setting === 'inpatient')
    readProcedures(ofType(resources, 'Procedure'), context.encounterId, caseContext, reading);
  return caseContext;
}

function medicationsById(resources: readonly SourcedResource[]): Map<string, SourcedResource> {
  const medications = new Map<string, SourcedResource>();
  for (const r of resources) {
    if (r.resource.resourceType === 'Medication' && typeof r.resource.id === 'string')
      medications.set(`Medication/${r.resource.id}`, r);
  }
  return medications;
}

/** Malformed data the service fetched itself: not the client's 400, but not assessed. */
function fetchedDataNotes(fetchedIssues: FhirIssues): NotAssessed[] {
  return fetchedIssues.errors.map((e) => ({
    where: e.pointer,
    reason: t(
      `Data fetched from the FHIR server is malformed: ${e.message}`,
      '从 FHIR 服务器获取的数据格式错误，该项未采用。',
    ),
  }));
}
