/**
 * FHIR R4 (CDS Hooks context + prefetch) → the internal Case the REST API also produces.
 *
 * Pure: (hook context, prefetched or fetched resources, configuration) → { case, notAssessed,
 * orders }. Prefetch is read by resource type, never by its key. Malformed FHIR sent by the client
 * throws HttpProblem 400 naming every bad element by its FHIR path; malformed data the service
 * fetched itself is reported as not assessed instead (the client cannot fix our fetch).
 */
import type { NotAssessed } from './not-assessed';
import { referencedPatient } from './patient-identity';
import type {
  Case,
  CaseBiomarker,
  CaseContext,
  CasePatient,
  CaseProposal,
  CodedConcept,
  DoseUnit,
  Observed,
  ProposedComponent,
} from '../../domain/case';
import { problems } from '../../http/problem';
import type { HospitalTier, LocalizedText } from '../../knowledge/types';
import { KNOWN_GENES } from '../../knowledge/fact-catalogue';
import { LOINC, SCORE_CODES, SYSTEMS, canonicalSystem } from './code-systems';
import {
  type CodingValue,
  FhirIssues,
  type Json,
  type JsonObject,
  type QuantityValue,
  child,
  isObject,
  optArray,
  optDate,
  optNumber,
  optObject,
  optString,
  readCodeableConcept,
  readCoding,
  readQuantity,
  referenceId,
  ucumOf,
} from './fhir-read';

export type HookName = 'order-select' | 'order-sign';

/** One resource from the prefetch (or fetched from the FHIR server), with where it came from. */
export interface SourcedResource {
  resource: JsonObject;
  /** FHIR path in the request, e.g. `prefetch.observations.entry[2].resource`, or the fetch URL. */
  path: string;
  origin: 'request' | 'fhir-server';
}

export type { NotAssessed } from './not-assessed';

export interface ServiceProviderOverride {
  hospitalTier?: HospitalTier;
  region?: string;
}

export interface FhirToCaseConfig {
  defaultHospitalTier: HospitalTier;
  defaultRegion: string | null;
  /** System URI of the hospital's HIS item codes. */
  hisSystem: string;
  /** Every HIS code system of the deployment (several HIS share one item-code table); default [hisSystem]. */
  hisSystems?: readonly string[];
  /** RxNorm code → pack drug (ATC) or product, from the pack's terminology.json. */
  mapRxnorm?: (rxcui: string) => { system: 'atc' | 'product'; code: string } | undefined;
  /** NHSA national drug code → pack product. */
  mapNhsa?: (code: string) => string | undefined;
  /** A SNOMED CT or ICD-10-CM diagnosis → the ICD-10 code the pipeline is given. */
  mapCondition?: (system: 'snomed' | 'icd-10-cm', code: string) => string | undefined;
  /** Per `Encounter.serviceProvider` (reference `Organization/x`, its id, or identifier value). */
  serviceProviders: ReadonlyMap<string, ServiceProviderOverride>;
  /** IANA time zone of the service, for "today" when an order carries no authoredOn. */
  timeZone: string;
  now: Date;
  /** ICD-10 prefixes of the pack's conditions, used to pick the principal diagnosis. */
  conditionPrefixes: readonly string[];
  /** Insurance scheme ids known to the payer policy (Coverage.type codes). */
  insuranceTypes: readonly string[];
  /** Whether a proposed component is a supportive drug (premedication, antiemetic …) rather than therapy. */
  isSupportive?: (component: ProposedComponent) => boolean;
}

/** A draft order as the cards need it: to replace, delete or annotate it. */
export interface DraftOrder {
  ref: string | undefined; // 'MedicationRequest/abc'
  resourceType: 'MedicationRequest' | 'DeviceRequest';
  resource: JsonObject;
  selected: boolean;
  path: string;
  /** Index into case.proposal.components / supportive, when it became one. */
  component?: { list: 'components' | 'supportive'; index: number };
  /** The code the component carries (system as in the Case). */
  code?: { system: ProposedComponent['system']; code: string };
}

export interface HookContext {
  userId?: string;
  patientId: string;
  encounterId?: string;
  selections: string[];
  draftOrders: JsonObject;
}

export interface FhirToCaseResult {
  /** Null when no selected draft order is a MedicationRequest or DeviceRequest we can assess. */
  case: Case | null;
  notAssessed: NotAssessed[];
  orders: DraftOrder[];
  context: HookContext;
  /** Whether the selections include a medication or device order at all. */
  relevant: boolean;
}

const t = (en: string, zh: string): LocalizedText => ({ en, zh });

/** Validates the hook-specific context (order-select / order-sign, FHIR R4). */
export function readHookContext(hook: HookName, raw: unknown, issues: FhirIssues): HookContext | undefined {
  if (!isObject(raw)) {
    issues.add('context', 'is required and must be a JSON object');
    return undefined;
  }
  const userId = optString(raw, 'userId', 'context', issues);
  if (raw.userId === undefined) issues.add('context.userId', 'is required (e.g. Practitioner/123)');
  const patientId = optString(raw, 'patientId', 'context', issues);
  if (raw.patientId === undefined) issues.add('context.patientId', 'is required');
  const encounterId = optString(raw, 'encounterId', 'context', issues);
  const selections: string[] = [];
  if (hook === 'order-select' && raw.selections === undefined)
    issues.add('context.selections', 'is required for order-select');
  optArray(raw, 'selections', 'context', issues).forEach((s, i) => {
    if (typeof s !== 'string' || !/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(s))
      issues.add(`context.selections[${i}]`, 'must be a relative reference such as MedicationRequest/123');
    else selections.push(s);
  });
  const draftOrders = optObject(raw, 'draftOrders', 'context', issues);
  if (raw.draftOrders === undefined)
    issues.add('context.draftOrders', 'is required (a FHIR R4 Bundle of the draft orders)');
  if (draftOrders) {
    if (draftOrders.resourceType !== 'Bundle') issues.add('context.draftOrders.resourceType', 'must be "Bundle"');
    if (!Array.isArray(draftOrders.entry))
      issues.add('context.draftOrders.entry', 'must be an array of Bundle entries');
  }
  if (!patientId || !draftOrders) return undefined;
  return { ...(userId ? { userId } : {}), patientId, ...(encounterId ? { encounterId } : {}), selections, draftOrders };
}

/** Flattens a prefetch value (a Bundle, a single resource, or null) into resources with their paths. */
export function flattenFhirValue(
  value: Json | undefined,
  path: string,
  origin: SourcedResource['origin'],
  issues: FhirIssues,
): SourcedResource[] {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) {
    issues.add(path, 'must be a FHIR resource, a Bundle, or null');
    return [];
  }
  if (typeof value.resourceType !== 'string') {
    issues.add(child(path, 'resourceType'), 'is required');
    return [];
  }
  if (value.resourceType !== 'Bundle') return [{ resource: value, path, origin }];
  const out: SourcedResource[] = [];
  optArray(value, 'entry', path, issues).forEach((entry, i) => {
    const ep = child(child(path, 'entry'), i);
    if (!isObject(entry)) {
      issues.add(ep, 'must be a Bundle entry object');
      return;
    }
    if (entry.resource === undefined) return; // e.g. a search entry with only a response
    out.push(...flattenFhirValue(entry.resource, child(ep, 'resource'), origin, issues));
  });
  return out;
}

// ---------------------------------------------------------------------------------------------

export function fhirToCase(
  hook: HookName,
  rawContext: unknown,
  resources: readonly SourcedResource[],
  config: FhirToCaseConfig,
): FhirToCaseResult {
  const issues = new FhirIssues();
  const context = readHookContext(hook, rawContext, issues);
  if (!context || !issues.empty)
    throw problems.badRequest('The CDS Hooks context is not valid FHIR R4 for this hook.', issues.errors);

  const notAssessed: NotAssessed[] = [];
  // Resources the service fetched itself are checked with their own issue list: their problems
  // are reported as not assessed, never as the client's 400.
  const fetchedIssues = new FhirIssues();
  const issuesFor = (r: SourcedResource): FhirIssues => (r.origin === 'request' ? issues : fetchedIssues);

  const draftResources = flattenFhirValue(context.draftOrders, 'context.draftOrders', 'request', issues);
  const medications = new Map<string, SourcedResource>();
  for (const r of [...draftResources, ...resources]) {
    if (r.resource.resourceType === 'Medication' && typeof r.resource.id === 'string')
      medications.set(`Medication/${r.resource.id}`, r);
  }

  const byType = (type: string) => resources.filter((r) => r.resource.resourceType === type);
  const asOfFromOrders = pickAsOf(draftResources, context, issues);
  const asOf = asOfFromOrders ?? todayIn(config.timeZone, config.now);

  // Orders ----------------------------------------------------------------------------------
  const proposal: CaseProposal = { components: [], supportive: [] };
  const orders: DraftOrder[] = [];
  const selected = new Set(context.selections);
  const refsInBundle = new Set<string>();
  const timings: { order: DraftOrder; component: ProposedComponent; timing: TimingInfo }[] = [];
  for (const r of draftResources) {
    const type = r.resource.resourceType;
    const id = typeof r.resource.id === 'string' ? r.resource.id : undefined;
    if (id && typeof type === 'string') refsInBundle.add(`${type}/${id}`);
    if (type !== 'MedicationRequest' && type !== 'DeviceRequest') continue;
    const status = typeof r.resource.status === 'string' ? r.resource.status : undefined;
    if (status && ['cancelled', 'entered-in-error', 'stopped', 'completed', 'revoked'].includes(status)) continue;
    const ref = id ? `${type}/${id}` : undefined;
    const orderPatient = referencedPatient(r.resource.subject);
    if (orderPatient !== undefined && orderPatient !== context.patientId) {
      notAssessed.push({
        where: child(r.path, 'subject'),
        reason: t(
          'A draft order is for another patient than the patient of this hook call; it was not assessed.',
          '一条草稿医嘱属于其他患者（非本次调用的患者），未评估。',
        ),
      });
      continue;
    }
    const order: DraftOrder = {
      ref,
      resourceType: type,
      resource: r.resource,
      selected: hook === 'order-sign' || (ref !== undefined && selected.has(ref)),
      path: r.path,
    };
    orders.push(order);
    const parsed =
      type === 'MedicationRequest'
        ? readMedicationRequest(r, medications, config, issues, notAssessed)
        : readDeviceRequest(r, config, issues, notAssessed);
    if (!parsed) continue;
    const component: ProposedComponent = { ...parsed.component, ...(ref ? { orderRef: ref } : {}) };
    const list = config.isSupportive?.(component) ? 'supportive' : 'components';
    proposal[list].push(component);
    order.component = { list, index: proposal[list].length - 1 };
    order.code = { system: component.system, code: component.code };
    if (parsed.timing) timings.push({ order, component, timing: parsed.timing });
  }
  context.selections.forEach((s, i) => {
    if (!refsInBundle.has(s)) issues.add(`context.selections[${i}]`, `names ${s}, which is not in context.draftOrders`);
  });
  applyTimings(timings, proposal, notAssessed);

  // Patient and observations -----------------------------------------------------------------
  const patient: CasePatient = {
    diagnoses: [],
    biomarkers: [],
    comorbidities: [],
    allergies: [],
    priorTherapyFailures: [],
  };
  const patients = byType('Patient').filter((r) => r.resource.id === undefined || r.resource.id === context.patientId);
  const patientResource = patients[0];
  if (patientResource) readPatient(patientResource, asOf, patient, issuesFor(patientResource), notAssessed);
  else
    notAssessed.push({
      where: 'Patient',
      reason: t('No Patient resource: age and sex were not assessed.', '未获得患者基本信息：未评估年龄和性别。'),
    });

  readObservations(byType('Observation'), patient, issuesFor, notAssessed);
  readConditions(byType('Condition'), draftResources, patient, config, issuesFor, notAssessed);
  readAllergies(byType('AllergyIntolerance'), patient, config, issuesFor, notAssessed);

  // Context ------------------------------------------------------------------------------------
  const caseContext: CaseContext = {
    asOf,
    hospitalTier: config.defaultHospitalTier,
    setting: 'outpatient',
    ...(config.defaultRegion ? { region: config.defaultRegion } : {}),
  };
  const encounters = byType('Encounter');
  const encounter =
    encounters.find((e) => context.encounterId !== undefined && e.resource.id === context.encounterId) ??
    (encounters.length === 1 ? encounters[0] : undefined);
  if (encounter) readEncounter(encounter, asOf, caseContext, config, issuesFor(encounter), notAssessed);
  else
    notAssessed.push({
      where: 'Encounter',
      reason: t(
        'No Encounter: the setting was taken as outpatient, so no DRG payment was assessed.',
        '未获得就诊信息：按门诊处理，未评估 DRG 支付。',
      ),
    });
  readCoverage(byType('Coverage'), caseContext, config, issuesFor, notAssessed);
  if (caseContext.setting === 'inpatient')
    readProcedures(byType('Procedure'), context.encounterId, caseContext, issuesFor, notAssessed);

  if (!issues.empty)
    throw problems.badRequest(
      'The CDS Hooks request contains malformed FHIR R4; each element is named.',
      issues.errors,
    );
  for (const e of fetchedIssues.errors)
    notAssessed.push({
      where: e.pointer,
      reason: t(
        `Data fetched from the FHIR server is malformed: ${e.message}`,
        '从 FHIR 服务器获取的数据格式错误，该项未采用。',
      ),
    });

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

// ---------------------------------------------------------------------------------------------
// Dates

/** Today's date (YYYY-MM-DD) in the given IANA time zone. */
export function todayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function pickAsOf(draft: readonly SourcedResource[], context: HookContext, issues: FhirIssues): string | undefined {
  const selected = new Set(context.selections);
  const candidates = draft.filter(
    (r) => r.resource.resourceType === 'MedicationRequest' || r.resource.resourceType === 'DeviceRequest',
  );
  const ordered = [
    ...candidates.filter((r) => selected.has(`${String(r.resource.resourceType)}/${String(r.resource.id)}`)),
    ...candidates,
  ];
  for (const r of ordered) {
    const key = r.resource.resourceType === 'MedicationRequest' ? 'authoredOn' : 'authoredOn';
    const d = optDate(r.resource, key, r.path, issues);
    if (d && d.length >= 10) return d.slice(0, 10);
  }
  return undefined;
}

function dateOnly(value: string): string {
  if (value.length === 4) return `${value}-01-01`;
  if (value.length === 7) return `${value}-01`;
  return value.slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(dateOnly(to)) - Date.parse(dateOnly(from))) / 86_400_000);
}

export function ageAt(birthDate: string, asOf: string): number {
  const [by, bm, bd] = dateOnly(birthDate).split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = dateOnly(asOf).split('-').map(Number) as [number, number, number];
  let age = ay - by;
  if (am < bm || (am === bm && ad < bd)) age -= 1;
  return age;
}

// ---------------------------------------------------------------------------------------------
// Orders

interface TimingInfo {
  periodDays?: number | undefined;
  frequency: number;
  count?: number;
  boundsDays?: number;
  path: string;
}

const PERIOD_UNIT_DAYS: Record<string, number> = {
  s: 1 / 86400,
  min: 1 / 1440,
  h: 1 / 24,
  d: 1,
  wk: 7,
  mo: 30,
  a: 365,
};

/**
 * HL7 v3 GTSAbbreviation codes (as bound to Timing.code in R4: BID, TID, QID, AM, PM, QD, QOD, Q4H,
 * Q6H, WK, MO …) and the QnD / QnW / QnH forms oncology orders use (Q3W = every 21 days).
 */
export function timingAbbreviation(raw: string): { frequency: number; periodDays: number } | undefined {
  const code = raw.trim().toUpperCase();
  const fixed: Record<string, { frequency: number; periodDays: number }> = {
    QD: { frequency: 1, periodDays: 1 },
    AM: { frequency: 1, periodDays: 1 },
    PM: { frequency: 1, periodDays: 1 },
    BED: { frequency: 1, periodDays: 1 },
    BID: { frequency: 2, periodDays: 1 },
    TID: { frequency: 3, periodDays: 1 },
    QID: { frequency: 4, periodDays: 1 },
    QOD: { frequency: 1, periodDays: 2 },
    WK: { frequency: 1, periodDays: 7 },
    QW: { frequency: 1, periodDays: 7 },
    BIW: { frequency: 2, periodDays: 7 },
    TIW: { frequency: 3, periodDays: 7 },
    MO: { frequency: 1, periodDays: 30 },
  };
  if (fixed[code]) return fixed[code];
  const m = /^Q(\d{1,3})(H|D|W|WK|M|MO)$/.exec(code);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n <= 0) return undefined;
  const unitDays = m[2] === 'H' ? 1 / 24 : m[2] === 'D' ? 1 : m[2] === 'W' || m[2] === 'WK' ? 7 : 30;
  return { frequency: 1, periodDays: n * unitDays };
}

const UCUM_DOSE: Record<string, { unit: DoseUnit; factor: number }> = {
  mg: { unit: 'mg', factor: 1 },
  g: { unit: 'mg', factor: 1000 },
  ug: { unit: 'µg', factor: 1 },
  µg: { unit: 'µg', factor: 1 },
  mcg: { unit: 'µg', factor: 1 },
  'mg/m2': { unit: 'mg/m2', factor: 1 },
  'mg/m^2': { unit: 'mg/m2', factor: 1 },
  'mg/kg': { unit: 'mg/kg', factor: 1 },
  '[iU]': { unit: 'IU', factor: 1 },
  '[IU]': { unit: 'IU', factor: 1 },
  U: { unit: 'unit', factor: 1 },
  '{unit}': { unit: 'unit', factor: 1 },
  '{dose}': { unit: 'dose', factor: 1 },
  '{AUC}': { unit: 'AUC', factor: 1 },
  'mg/mL.min': { unit: 'AUC', factor: 1 },
  'mg.min/mL': { unit: 'AUC', factor: 1 },
};

const ROUTES: Record<string, ProposedComponent['route']> = {
  // SNOMED CT route of administration
  '47625008': 'iv',
  '26643006': 'oral',
  '34206005': 'sc',
  '78421000': 'im',
  // HL7 v3 RouteOfAdministration
  IVINJ: 'iv',
  IVINFUS: 'iv',
  IV: 'iv',
  PO: 'oral',
  SQ: 'sc',
  SC: 'sc',
  IM: 'im',
  // plain text
  iv: 'iv',
  intravenous: 'iv',
  oral: 'oral',
  sc: 'sc',
  subcutaneous: 'sc',
  im: 'im',
  intramuscular: 'im',
};

interface ParsedOrder {
  component: Omit<ProposedComponent, 'orderRef'>;
  timing?: TimingInfo;
}

/**
 * The code of an ordered drug, most specific first: the pack's product, a HIS item (any of the
 * deployment's HIS systems), an NHSA drug code, ATC, then RxNorm (translated to a pack drug or
 * product through terminology.json when it is there; an unmapped RxNorm code is passed on as is).
 */
function pickCode(
  codings: CodingValue[],
  config: FhirToCaseConfig,
): { system: ProposedComponent['system']; code: string } | undefined {
  const find = (system: string) => codings.find((x) => canonicalSystem(x.system) === system && x.code)?.code;
  const product = find(SYSTEMS.product);
  if (product) return { system: 'product', code: product };
  for (const his of config.hisSystems ?? [config.hisSystem]) {
    const code = find(his);
    if (code) return { system: 'his', code };
  }
  const nhsa = find(SYSTEMS.nhsaDrug);
  const nhsaProduct = nhsa ? config.mapNhsa?.(nhsa) : undefined;
  if (nhsaProduct) return { system: 'product', code: nhsaProduct };
  const atc = find(SYSTEMS.atc);
  if (atc) return { system: 'atc', code: atc };
  const rx = codings.filter((x) => canonicalSystem(x.system) === SYSTEMS.rxnorm && x.code).map((x) => x.code as string);
  for (const code of rx) {
    const mapped = config.mapRxnorm?.(code);
    if (mapped) return mapped;
  }
  if (rx[0]) return { system: 'rxnorm', code: rx[0] };
  const device = find(SYSTEMS.device);
  if (device) return { system: 'device', code: device };
  return undefined;
}

function medicationCodings(
  r: SourcedResource,
  medications: ReadonlyMap<string, SourcedResource>,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
): { codings: CodingValue[]; text?: string; where: string } | undefined {
  const res = r.resource;
  if (res.medicationCodeableConcept !== undefined) {
    const cc = readCodeableConcept(res.medicationCodeableConcept, child(r.path, 'medicationCodeableConcept'), issues);
    return cc ? { ...cc, where: child(r.path, 'medicationCodeableConcept') } : undefined;
  }
  const mref = optObject(res, 'medicationReference', r.path, issues);
  if (mref) {
    const ref = optString(mref, 'reference', child(r.path, 'medicationReference'), issues);
    let med: JsonObject | undefined;
    let medPath = '';
    if (ref?.startsWith('#')) {
      optArray(res, 'contained', r.path, issues).forEach((c, i) => {
        if (isObject(c) && c.resourceType === 'Medication' && c.id === ref.slice(1)) {
          med = c;
          medPath = child(child(r.path, 'contained'), i);
        }
      });
    } else if (ref) {
      const found = medications.get(`Medication/${referenceId(ref, 'Medication') ?? ''}`);
      if (found) {
        med = found.resource;
        medPath = found.path;
      }
    }
    if (!med) {
      // Not contained and not fetched (no FHIR access, or the server did not have it): this order
      // is not assessed; the hook is still answered.
      if (ref)
        notAssessed.push({
          where: child(child(r.path, 'medicationReference'), 'reference'),
          reason: t(
            'The ordered Medication is referenced but could not be obtained; this order was not assessed.',
            '医嘱引用的药品信息无法获取，该医嘱未评估。',
          ),
        });
      return undefined;
    }
    const cc = readCodeableConcept(med.code, child(medPath, 'code'), issues);
    return cc ? { ...cc, where: child(medPath, 'code') } : { codings: [], where: child(medPath, 'code') };
  }
  issues.add(r.path, 'MedicationRequest needs medicationCodeableConcept or medicationReference');
  return undefined;
}

function readDosage(
  r: SourcedResource,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
): { dose?: ProposedComponent['dose']; route?: ProposedComponent['route']; timing?: TimingInfo } {
  const dosages = optArray(r.resource, 'dosageInstruction', r.path, issues);
  if (dosages.length > 1)
    notAssessed.push({
      where: child(r.path, 'dosageInstruction'),
      reason: t('Only the first dosage instruction of the order was assessed.', '只评估了医嘱的第一条用法用量。'),
    });
  const d = dosages[0];
  const dp = child(child(r.path, 'dosageInstruction'), 0);
  if (d === undefined) return {};
  if (!isObject(d)) {
    issues.add(dp, 'must be a Dosage object');
    return {};
  }
  const out: { dose?: ProposedComponent['dose']; route?: ProposedComponent['route']; timing?: TimingInfo } = {};
  const route = readCodeableConcept(d.route, child(dp, 'route'), issues);
  if (route) {
    const mapped =
      route.codings.map((c) => (c.code ? ROUTES[c.code] : undefined)).find((x) => x) ??
      (route.text ? ROUTES[route.text.toLowerCase()] : undefined);
    if (mapped) out.route = mapped;
  }
  // doseAndRate by type: the ordered dose before the calculated one (HL7 dose-rate-type); an
  // STU3-style Dosage.doseQuantity when there is no doseAndRate. What is not used is said.
  const dr = optArray(d, 'doseAndRate', dp, issues);
  const entries = dr.flatMap((e, i) => {
    const ep = child(child(dp, 'doseAndRate'), i);
    if (!isObject(e)) {
      issues.add(ep, 'must be a Dosage.doseAndRate object');
      return [];
    }
    const type = readCodeableConcept(e.type, child(ep, 'type'), issues);
    const kind =
      type?.codings.find((c) => c.code === 'ordered' || c.code === 'calculated')?.code ?? (type ? 'other' : 'ordered');
    return [{ e, ep, kind }];
  });
  const rank = (k: string) => (k === 'ordered' ? 0 : k === 'calculated' ? 1 : 2);
  const chosen = [...entries].sort((x, y) => rank(x.kind) - rank(y.kind))[0];
  for (const other of entries) {
    if (other === chosen || (other.e.doseQuantity === undefined && other.e.doseRange === undefined)) continue;
    notAssessed.push({
      where: other.ep,
      reason: t(
        `A ${other.kind} dose of this order was not used; the ${chosen?.kind ?? 'ordered'} dose was.`,
        `该医嘱的${other.kind === 'calculated' ? '计算' : other.kind === 'ordered' ? '医嘱' : '其他'}剂量未采用，采用的是${chosen?.kind === 'calculated' ? '计算' : '医嘱'}剂量。`,
      ),
    });
  }
  const doseValue = chosen?.e.doseQuantity ?? (chosen ? undefined : d.doseQuantity);
  const dosePath = chosen ? child(chosen.ep, 'doseQuantity') : child(dp, 'doseQuantity');
  if (doseValue !== undefined) {
    const q = readQuantity(doseValue, dosePath, issues);
    if (q) {
      if (q.value <= 0) issues.add(child(q.path, 'value'), 'must be greater than 0');
      else {
        const ucum = ucumOf(q);
        const mapped = ucum ? UCUM_DOSE[ucum] : undefined;
        if (mapped) out.dose = { value: round(q.value * mapped.factor, 6), unit: mapped.unit };
        else
          notAssessed.push({
            code: ucum ?? '(none)',
            system: SYSTEMS.ucum,
            where: q.path,
            reason: t(
              `Dose unit "${ucum ?? ''}" is not one of mg, mg/m2, mg/kg, ug, [iU], {AUC}; the protocol dose was assumed.`,
              `剂量单位“${ucum ?? ''}”不是 mg、mg/m2、mg/kg 等可识别单位；按方案剂量计算。`,
            ),
          });
      }
    }
  } else if (chosen?.e.doseRange !== undefined) {
    notAssessed.push({
      where: child(chosen.ep, 'doseRange'),
      reason: t('A dose range was ordered; the protocol dose was assumed.', '医嘱为剂量范围；按方案剂量计算。'),
    });
  }
  const timing = optObject(d, 'timing', dp, issues);
  if (timing) {
    const tp = child(dp, 'timing');
    const repeat = optObject(timing, 'repeat', tp, issues);
    const info: TimingInfo = { frequency: 1, path: child(tp, 'repeat') };
    let known = false;
    if (repeat) {
      const rp = child(tp, 'repeat');
      info.frequency = optNumber(repeat, 'frequency', rp, issues, { integer: true, positive: true }) ?? 1;
      const period = optNumber(repeat, 'period', rp, issues, { positive: true });
      const periodUnit = optString(repeat, 'periodUnit', rp, issues);
      if (periodUnit !== undefined && PERIOD_UNIT_DAYS[periodUnit] === undefined)
        issues.add(child(rp, 'periodUnit'), 'must be one of s, min, h, d, wk, mo, a');
      const count = optNumber(repeat, 'count', rp, issues, { integer: true, positive: true });
      if (period !== undefined && periodUnit !== undefined && PERIOD_UNIT_DAYS[periodUnit] !== undefined) {
        info.periodDays = period * (PERIOD_UNIT_DAYS[periodUnit] as number);
        known = true;
      }
      if (count !== undefined) info.count = count;
      const bd = optObject(repeat, 'boundsDuration', rp, issues);
      if (bd) {
        const q = readQuantity(bd, child(rp, 'boundsDuration'), issues);
        const unit = q ? ucumOf(q) : undefined;
        if (q && unit && PERIOD_UNIT_DAYS[unit] !== undefined)
          info.boundsDays = q.value * (PERIOD_UNIT_DAYS[unit] as number);
        else if (q)
          notAssessed.push({
            where: child(rp, 'boundsDuration'),
            reason: t(
              'The duration of the order has a unit that is not read; the course length was not taken from it.',
              '医嘱疗程时长的单位无法识别；未据此确定疗程长度。',
            ),
          });
      }
      const bp = optObject(repeat, 'boundsPeriod', rp, issues);
      if (bp) {
        const bpp = child(rp, 'boundsPeriod');
        const start = optDate(bp, 'start', bpp, issues);
        const end = optDate(bp, 'end', bpp, issues);
        if (start && end) info.boundsDays = daysBetween(start, end) + 1;
        else
          notAssessed.push({
            where: bpp,
            reason: t(
              'The order period has no end; the course length was not taken from it.',
              '医嘱起止时间没有结束日期；未据此确定疗程长度。',
            ),
          });
      }
    }
    // Timing.code (HL7 GTS abbreviations and the common QnD/QnW forms) when repeat gives no period.
    const code = readCodeableConcept(timing.code, child(tp, 'code'), issues);
    if (!known && code) {
      const parsed =
        code.codings.map((c) => (c.code ? timingAbbreviation(c.code) : undefined)).find((x) => x) ??
        (code.text ? timingAbbreviation(code.text) : undefined);
      if (parsed) {
        info.frequency = parsed.frequency;
        info.periodDays = parsed.periodDays;
        known = true;
      } else
        notAssessed.push({
          ...(code.codings[0]?.code ? { code: code.codings[0].code } : {}),
          where: child(tp, 'code'),
          reason: t(
            'The timing code of the order is not read; its schedule was not assessed.',
            '医嘱的给药频次代码无法识别；未评估其给药时间。',
          ),
        });
    }
    // Timing.event: explicit administration times; their number bounds the order.
    const events = optArray(timing, 'event', tp, issues).filter((e) => typeof e === 'string');
    if (events.length > 0) {
      if (info.count === undefined) info.count = events.length;
      if (!known) {
        if (events.length === 1) {
          info.periodDays = undefined;
          info.count = 1;
        } else
          notAssessed.push({
            where: child(tp, 'event'),
            reason: t(
              `The order lists ${events.length} administration times without a repeat rule; ${events.length} administrations were counted.`,
              `医嘱列出 ${events.length} 个给药时间但无重复规则；按 ${events.length} 次给药计算。`,
            ),
          });
        known = true;
      }
    }
    if (repeat || known) out.timing = info;
  }
  return out;
}

function readMedicationRequest(
  r: SourcedResource,
  medications: ReadonlyMap<string, SourcedResource>,
  config: FhirToCaseConfig,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
): ParsedOrder | undefined {
  optString(r.resource, 'intent', r.path, issues);
  const subject = optObject(r.resource, 'subject', r.path, issues);
  if (subject) optString(subject, 'reference', child(r.path, 'subject'), issues);
  const med = medicationCodings(r, medications, issues, notAssessed);
  const dosage = readDosage(r, issues, notAssessed);
  if (!med) return undefined;
  const code = pickCode(med.codings, config);
  if (!code) {
    const first = med.codings[0];
    notAssessed.push({
      ...(first?.code ? { code: first.code } : {}),
      ...(first?.system ? { system: first.system } : {}),
      where: med.where,
      reason: t(
        `The medication ${med.text ?? first?.display ?? first?.code ?? ''} has no ATC, product, HIS or RxNorm code; it was not assessed.`,
        `药品 ${med.text ?? first?.display ?? first?.code ?? ''} 没有 ATC、医保药品、HIS 或 RxNorm 编码，未评估。`,
      ),
    });
    return undefined;
  }
  return {
    component: {
      code: code.code,
      system: code.system,
      ...(dosage.dose ? { dose: dosage.dose } : {}),
      ...(dosage.route ? { route: dosage.route } : {}),
    },
    ...(dosage.timing ? { timing: dosage.timing } : {}),
  };
}

function readDeviceRequest(
  r: SourcedResource,
  config: FhirToCaseConfig,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
): ParsedOrder | undefined {
  optString(r.resource, 'intent', r.path, issues);
  if (r.resource.codeCodeableConcept === undefined) {
    if (r.resource.codeReference !== undefined)
      notAssessed.push({
        where: child(r.path, 'codeReference'),
        reason: t('A device given by reference is not read; it was not assessed.', '以引用给出的器械未读取，未评估。'),
      });
    else issues.add(r.path, 'DeviceRequest needs codeCodeableConcept or codeReference');
    return undefined;
  }
  const where = child(r.path, 'codeCodeableConcept');
  const cc = readCodeableConcept(r.resource.codeCodeableConcept, where, issues);
  if (!cc) return undefined;
  const code = pickCode(cc.codings, config);
  if (!code || code.system === 'atc' || code.system === 'rxnorm') {
    const first = cc.codings[0];
    notAssessed.push({
      ...(first?.code ? { code: first.code } : {}),
      ...(first?.system ? { system: first.system } : {}),
      where,
      reason: t(
        `The device ${cc.text ?? first?.display ?? first?.code ?? ''} has no device, product or HIS code; it was not assessed.`,
        `器械 ${first?.code ?? ''} 没有器械、产品或 HIS 编码，未评估。`,
      ),
    });
    return undefined;
  }
  return {
    component: {
      code: code.code,
      system: code.system,
      route: 'device',
      dose: { value: 1, unit: 'unit' },
      administrationsPerCycle: 1,
    },
  };
}

/**
 * Cycles from Timing.repeat. An order repeating every ≥ 7 days defines the cycle (q21d → 21-day
 * cycle, frequency = administrations per cycle, count ÷ frequency = cycles). Orders repeating at
 * most daily are continuous: frequency per day → times per administration, and their
 * administrations per cycle follow from the cycle length.
 */
function applyTimings(
  timings: { order: DraftOrder; component: ProposedComponent; timing: TimingInfo }[],
  proposal: CaseProposal,
  notAssessed: NotAssessed[],
): void {
  const intermittent = timings.filter((x) => x.timing.periodDays !== undefined && x.timing.periodDays >= 7);
  let cycleLength =
    intermittent.length > 0 ? Math.max(...intermittent.map((x) => x.timing.periodDays as number)) : undefined;
  let courseCycles: number | undefined;
  if (cycleLength === undefined) {
    // Only continuous (at most daily) orders: the course length comes from boundsPeriod,
    // boundsDuration or count, not from a default year. Up to 28 days is one cycle of that
    // length; longer courses are 28-day cycles.
    const days = timings
      .map(({ timing }) => {
        if (timing.periodDays === undefined || timing.periodDays >= 7) return undefined;
        if (timing.boundsDays !== undefined) return timing.boundsDays;
        if (timing.count !== undefined) return Math.ceil((timing.count / timing.frequency) * timing.periodDays);
        return undefined;
      })
      .filter((d): d is number => d !== undefined && d > 0);
    if (days.length > 0) {
      const total = Math.max(...days);
      cycleLength = total <= 28 ? Math.max(1, Math.round(total)) : 28;
      courseCycles = total <= 28 ? 1 : Math.ceil(total / 28);
    }
  }
  if (cycleLength !== undefined) proposal.cycleLengthDays = Math.round(cycleLength);
  const distinct = new Set(intermittent.map((x) => x.timing.periodDays));
  if (distinct.size > 1)
    notAssessed.push({
      where: 'context.draftOrders',
      reason: t(
        `Orders repeat at different intervals; a ${Math.round(cycleLength ?? 0)}-day cycle was assumed.`,
        `各医嘱重复间隔不同；按 ${Math.round(cycleLength ?? 0)} 天周期计算。`,
      ),
    });
  const cyclesSeen: number[] = courseCycles !== undefined ? [courseCycles] : [];
  for (const { component, timing } of timings) {
    const p = timing.periodDays;
    if (p === undefined) {
      // Explicit administration times (Timing.event) without a repeat rule.
      if (timing.count !== undefined) {
        component.administrationsPerCycle = timing.count;
        cyclesSeen.push(1);
      }
      continue;
    }
    if (p >= 7) {
      component.administrationsPerCycle = Math.max(1, Math.round((timing.frequency * (cycleLength ?? p)) / p));
      if (timing.count !== undefined) cyclesSeen.push(Math.ceil(timing.count / component.administrationsPerCycle));
      else if (timing.boundsDays !== undefined && cycleLength)
        cyclesSeen.push(Math.ceil(timing.boundsDays / cycleLength));
    } else {
      const perDay = timing.frequency / p;
      if (p <= 1 && Number.isInteger(perDay) && perDay >= 1 && perDay <= 6) {
        component.timesPerAdministration = perDay;
        if (cycleLength) component.administrationsPerCycle = Math.round(cycleLength);
      } else if (cycleLength) {
        component.administrationsPerCycle = Math.max(1, Math.round((timing.frequency * cycleLength) / p));
      }
      if (cycleLength && timing.boundsDays !== undefined) cyclesSeen.push(Math.ceil(timing.boundsDays / cycleLength));
    }
  }
  if (cyclesSeen.length > 0) proposal.cycles = Math.max(...cyclesSeen);
}

// ---------------------------------------------------------------------------------------------
// Patient, observations, conditions, allergies

function readPatient(
  r: SourcedResource,
  asOf: string,
  patient: CasePatient,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
): void {
  const birthDate = optDate(r.resource, 'birthDate', r.path, issues);
  if (birthDate) {
    if (birthDate.length < 10)
      notAssessed.push({
        where: child(r.path, 'birthDate'),
        reason: t('Birth date is partial; age was estimated from its first day.', '出生日期不完整；年龄按其首日估算。'),
      });
    // The pipeline's plausibility check (shared with REST) reports an impossible age as not assessed.
    patient.ageYears = ageAt(birthDate, asOf);
    patient.birthDate = birthDate;
  } else
    notAssessed.push({
      where: child(r.path, 'birthDate'),
      reason: t('No birth date: age was not assessed.', '无出生日期：未评估年龄。'),
    });
  const gender = optString(r.resource, 'gender', r.path, issues);
  if (gender) {
    if (gender === 'male' || gender === 'female' || gender === 'other' || gender === 'unknown') patient.sex = gender;
    else issues.add(child(r.path, 'gender'), 'must be male, female, other or unknown');
  }
}

type ObsKind =
  | 'weight'
  | 'height'
  | 'egfr'
  | 'alt'
  | 'creatinine'
  | 'hba1c'
  | 'ecog'
  | 'stage'
  | 'variant'
  | 'her2Ihc'
  | 'her2Ish'
  | 'pregnancy'
  | 'breastfeeding'
  | `score:${string}`;

function observationKind(codings: CodingValue[]): ObsKind | undefined {
  for (const c of codings) {
    if (c.system === SYSTEMS.loinc && c.code) {
      if (c.code === LOINC.weight) return 'weight';
      if (c.code === LOINC.height) return 'height';
      if (LOINC.egfr.includes(c.code)) return 'egfr';
      if (c.code === LOINC.alt) return 'alt';
      if (c.code === LOINC.creatinineMass || c.code === LOINC.creatinineMolar) return 'creatinine';
      if (c.code === LOINC.hba1c) return 'hba1c';
      if (c.code === LOINC.ecog) return 'ecog';
      if (c.code === LOINC.stageClinical || c.code === LOINC.stagePathological) return 'stage';
      if (c.code === LOINC.variantAssessment) return 'variant';
      if (c.code === LOINC.her2Ihc) return 'her2Ihc';
      if (c.code === LOINC.her2Ish) return 'her2Ish';
      if (c.code === LOINC.pregnancyStatus) return 'pregnancy';
      if (c.code === LOINC.breastfeedingStatus) return 'breastfeeding';
    }
    if (c.system === SYSTEMS.score && c.code && (Object.values(SCORE_CODES) as string[]).includes(c.code))
      return `score:${c.code}`;
  }
  return undefined;
}

interface ObsRecord {
  r: SourcedResource;
  date?: string;
  kind: ObsKind;
}

function effectiveDate(o: JsonObject, path: string, issues: FhirIssues): string | undefined {
  const dt = optDate(o, 'effectiveDateTime', path, issues);
  if (dt) return dt;
  const period = optObject(o, 'effectivePeriod', path, issues);
  if (period) {
    const start = optDate(period, 'start', child(path, 'effectivePeriod'), issues);
    if (start) return start;
  }
  const inst = optDate(o, 'effectiveInstant', path, issues);
  if (inst) return inst;
  return optDate(o, 'issued', path, issues);
}

function newer(a: ObsRecord | undefined, b: ObsRecord): boolean {
  if (!a) return true;
  if (!a.date) return b.date !== undefined;
  if (!b.date) return false;
  return Date.parse(b.date) > Date.parse(a.date);
}

function observed<T>(value: T, date: string | undefined): Observed<T> {
  return date ? { value, date } : { value };
}

function quantityOf(rec: ObsRecord, issues: FhirIssues): QuantityValue | undefined {
  const o = rec.r.resource;
  if (o.valueQuantity !== undefined) return readQuantity(o.valueQuantity, child(rec.r.path, 'valueQuantity'), issues);
  if (o.valueInteger !== undefined) {
    const v = optNumber(o, 'valueInteger', rec.r.path, issues, { integer: true });
    return v === undefined ? undefined : { value: v, path: child(rec.r.path, 'valueInteger') };
  }
  return undefined;
}

function conceptText(
  o: JsonObject,
  path: string,
  issues: FhirIssues,
): { codes: CodingValue[]; text?: string } | undefined {
  if (o.valueCodeableConcept !== undefined) {
    const cc = readCodeableConcept(o.valueCodeableConcept, child(path, 'valueCodeableConcept'), issues);
    if (!cc) return undefined;
    return { codes: cc.codings, ...(cc.text !== undefined ? { text: cc.text } : {}) };
  }
  const s = optString(o, 'valueString', path, issues);
  if (s !== undefined) return { codes: [], text: s };
  return undefined;
}

function unitMismatch(rec: ObsRecord, unit: string | undefined, expected: string, notAssessed: NotAssessed[]): void {
  notAssessed.push({
    where: rec.r.path,
    reason: t(
      `Observation unit "${unit ?? ''}" is not ${expected}; the value was not used.`,
      `检验结果单位“${unit ?? ''}”不是 ${expected}，未使用该值。`,
    ),
  });
}

const ECOG_ANSWERS: Record<string, number> = {
  'LA9622-7': 0,
  'LA9623-5': 1,
  'LA9624-3': 2,
  'LA9625-0': 3,
  'LA9626-8': 4,
  'LA9627-6': 5,
};
const SIGNIFICANCE: Record<string, CaseBiomarker['clinicalSignificance']> = {
  'LA6668-3': 'pathogenic',
  'LA26332-9': 'likely-pathogenic',
  'LA26333-7': 'uncertain',
  'LA26334-5': 'likely-benign',
  'LA6675-8': 'benign',
  pathogenic: 'pathogenic',
  'likely pathogenic': 'likely-pathogenic',
  'uncertain significance': 'uncertain',
  'likely benign': 'likely-benign',
  benign: 'benign',
};
const POSITIVE_NEGATIVE: Record<string, 'positive' | 'negative' | 'equivocal'> = {
  'LA6576-8': 'positive',
  'LA6577-6': 'negative',
  'LA11884-6': 'equivocal',
  positive: 'positive',
  negative: 'negative',
  equivocal: 'equivocal',
  pos: 'positive',
  neg: 'negative',
  amplified: 'positive',
  'not amplified': 'negative',
};

function readObservations(
  observations: SourcedResource[],
  patient: CasePatient,
  issuesFor: (r: SourcedResource) => FhirIssues,
  notAssessed: NotAssessed[],
): void {
  const latest = new Map<string, ObsRecord>();
  for (const r of observations) {
    const issues = issuesFor(r);
    const status = optString(r.resource, 'status', r.path, issues);
    if (status && ['entered-in-error', 'cancelled', 'registered'].includes(status)) continue;
    const cc = readCodeableConcept(r.resource.code, child(r.path, 'code'), issues);
    if (!cc) {
      issues.add(child(r.path, 'code'), 'is required in an Observation');
      continue;
    }
    const kind = observationKind(cc.codings);
    if (!kind) continue; // only the observations the service asked for are read
    const date = effectiveDate(r.resource, r.path, issues);
    const rec: ObsRecord = { r, kind, ...(date ? { date } : {}) };
    let key: string = kind;
    if (kind === 'variant') {
      const gene = variantGene(r, issues, notAssessed);
      if (!gene) continue;
      key = `variant:${gene}`;
    }
    if (newer(latest.get(key), rec)) latest.set(key, rec);
  }

  for (const [key, rec] of latest) {
    const issues = issuesFor(rec.r);
    const o = rec.r.resource;
    const date = rec.date;
    switch (rec.kind) {
      case 'weight': {
        const q = quantityOf(rec, issues);
        if (!q) break;
        const u = ucumOf(q);
        const f = u === 'kg' ? 1 : u === 'g' ? 0.001 : u === '[lb_av]' ? 0.45359237 : undefined;
        if (f === undefined) unitMismatch(rec, u, 'kg', notAssessed);
        else patient.weightKg = observed(round(q.value * f, 3), date);
        break;
      }
      case 'height': {
        const q = quantityOf(rec, issues);
        if (!q) break;
        const u = ucumOf(q);
        const f = u === 'cm' ? 1 : u === 'm' ? 100 : u === '[in_i]' ? 2.54 : undefined;
        if (f === undefined) unitMismatch(rec, u, 'cm', notAssessed);
        else patient.heightCm = observed(round(q.value * f, 2), date);
        break;
      }
      case 'egfr': {
        const q = quantityOf(rec, issues);
        if (!q) break;
        const u = ucumOf(q);
        if (u !== undefined && !['mL/min/{1.73_m2}', 'mL/min/1.73m2', 'mL/min/{1.73m2}', 'mL/min'].includes(u))
          unitMismatch(rec, u, 'mL/min/{1.73_m2}', notAssessed);
        else patient.egfr = observed(q.value, date);
        break;
      }
      case 'creatinine': {
        const q = quantityOf(rec, issues);
        if (!q) break;
        const u = ucumOf(q);
        if (u === 'mg/dL') patient.serumCreatinineMgDl = observed(round(q.value, 4), date);
        else if (u === 'umol/L' || u === 'µmol/L')
          patient.serumCreatinineMgDl = observed(round(q.value / 88.42, 4), date);
        else unitMismatch(rec, u, 'mg/dL or umol/L', notAssessed);
        break;
      }
      case 'alt': {
        const q = quantityOf(rec, issues);
        if (!q) break;
        const u = ucumOf(q);
        if (u !== undefined && u !== 'U/L' && u !== '[IU]/L') {
          unitMismatch(rec, u, 'U/L', notAssessed);
          break;
        }
        let uln: number | undefined;
        const rr = optArray(o, 'referenceRange', rec.r.path, issues)[0];
        if (isObject(rr)) {
          const high = readQuantity(rr.high, child(child(child(rec.r.path, 'referenceRange'), 0), 'high'), issues);
          if (high && high.value > 0) uln = high.value;
        }
        patient.alt = observed(
          uln !== undefined ? { value: q.value, upperLimitOfNormal: uln } : { value: q.value },
          date,
        );
        break;
      }
      case 'hba1c': {
        const q = quantityOf(rec, issues);
        if (!q) break;
        const u = ucumOf(q);
        if (u !== undefined && u !== '%') unitMismatch(rec, u, '%', notAssessed);
        else patient.hba1cPercent = observed(q.value, date);
        break;
      }
      case 'ecog': {
        const value = ecogValue(rec, issues);
        if (value === undefined)
          notAssessed.push({
            where: rec.r.path,
            reason: t('ECOG value not readable (expected 0–5).', 'ECOG 评分无法读取（应为 0–5）。'),
          });
        else patient.ecog = observed(value, date);
        break;
      }
      case 'stage': {
        const v = conceptText(o, rec.r.path, issues);
        const raw = v?.text ?? v?.codes.find((c) => c.display)?.display ?? v?.codes.find((c) => c.code)?.code;
        if (raw) patient.stage = observed(normaliseStage(raw), date);
        break;
      }
      case 'variant':
        readVariant(rec, key.slice('variant:'.length), patient, issues, notAssessed);
        break;
      case 'her2Ihc': {
        const v = conceptText(o, rec.r.path, issues);
        const raw = (v?.codes.find((c) => c.code)?.code ?? v?.text ?? '').replace(/\s/g, '').replace(/^IHC/i, '');
        const map: Record<string, CaseBiomarker['result']> = {
          '0': 'IHC 0',
          '1+': 'IHC 1+',
          '2+': 'IHC 2+',
          '3+': 'IHC 3+',
        };
        const result = map[raw];
        if (result) patient.biomarkers.push({ gene: 'ERBB2', result, method: 'IHC', ...(date ? { date } : {}) });
        else
          notAssessed.push({
            where: rec.r.path,
            reason: t(
              'HER2 IHC result not readable (expected 0, 1+, 2+ or 3+).',
              'HER2 免疫组化结果无法读取（应为 0、1+、2+ 或 3+）。',
            ),
          });
        break;
      }
      case 'her2Ish': {
        const v = conceptText(o, rec.r.path, issues);
        const raw = v?.codes.map((c) => c.code ?? '').find((c) => POSITIVE_NEGATIVE[c]) ?? v?.text?.toLowerCase() ?? '';
        const result = POSITIVE_NEGATIVE[raw];
        if (result) patient.biomarkers.push({ gene: 'ERBB2', result, method: 'ISH', ...(date ? { date } : {}) });
        else
          notAssessed.push({
            where: rec.r.path,
            reason: t(
              'HER2 ISH result not readable (expected positive or negative).',
              'HER2 原位杂交结果无法读取（应为阳性或阴性）。',
            ),
          });
        break;
      }
      case 'pregnancy':
      case 'breastfeeding': {
        // Only a recorded yes or no decides; "unknown" leaves the status unknown (drugs it restricts are not offered).
        const codes = conceptText(o, rec.r.path, issues)?.codes.map((c) => c.code) ?? [];
        const [yes, no] =
          rec.kind === 'pregnancy'
            ? [LOINC.pregnant, LOINC.notPregnant]
            : [LOINC.breastfeeding, LOINC.notBreastfeeding];
        const value = codes.includes(yes) ? true : codes.includes(no) ? false : undefined;
        if (value !== undefined) patient[rec.kind === 'pregnancy' ? 'pregnant' : 'breastfeeding'] = value;
        break;
      }
      default:
        readScore(rec, patient, issues, notAssessed);
    }
  }
}

function ecogValue(rec: ObsRecord, issues: FhirIssues): number | undefined {
  const o = rec.r.resource;
  let v: number | undefined;
  if (o.valueInteger !== undefined) v = optNumber(o, 'valueInteger', rec.r.path, issues, { integer: true });
  else if (o.valueQuantity !== undefined)
    v = readQuantity(o.valueQuantity, child(rec.r.path, 'valueQuantity'), issues)?.value;
  else {
    const c = conceptText(o, rec.r.path, issues);
    for (const coding of c?.codes ?? []) {
      if (coding.code && ECOG_ANSWERS[coding.code] !== undefined) v = ECOG_ANSWERS[coding.code];
      else if (coding.code && /^[0-5]$/.test(coding.code)) v = Number(coding.code);
    }
    if (v === undefined && c?.text && /^\s*[0-5]\b/.test(c.text)) v = Number(c.text.trim()[0]);
  }
  return v !== undefined && Number.isInteger(v) && v >= 0 && v <= 5 ? v : undefined;
}

export function normaliseStage(raw: string): string {
  return raw
    .replace(/^\s*(stage|clinical stage|pathological stage|分期)\s*/i, '')
    .replace(/期$/, '')
    .trim()
    .toUpperCase();
}

function components(
  o: JsonObject,
  path: string,
  issues: FhirIssues,
): { code: CodingValue[]; value: JsonObject; path: string }[] {
  const out: { code: CodingValue[]; value: JsonObject; path: string }[] = [];
  optArray(o, 'component', path, issues).forEach((c, i) => {
    const cp = child(child(path, 'component'), i);
    if (!isObject(c)) {
      issues.add(cp, 'must be an Observation.component object');
      return;
    }
    const cc = readCodeableConcept(c.code, child(cp, 'code'), issues);
    out.push({ code: cc?.codings ?? [], value: c, path: cp });
  });
  return out;
}

function hasLoinc(codes: CodingValue[], code: string): boolean {
  return codes.some((c) => c.system === SYSTEMS.loinc && c.code === code);
}

const GENE_BY_HGNC = new Map([...KNOWN_GENES].map(([symbol, id]) => [id, symbol]));

function variantGene(r: SourcedResource, issues: FhirIssues, notAssessed: NotAssessed[]): string | undefined {
  const comp = components(r.resource, r.path, issues).find((c) => hasLoinc(c.code, LOINC.geneStudied));
  if (!comp) {
    notAssessed.push({
      where: r.path,
      reason: t(
        'Genomic variant assessment without a gene studied (48018-6); not assessed.',
        '基因变异检测未注明检测基因（48018-6），未评估。',
      ),
    });
    return undefined;
  }
  const cc = readCodeableConcept(comp.value.valueCodeableConcept, child(comp.path, 'valueCodeableConcept'), issues);
  const hgnc = cc?.codings.find((c) => c.system === SYSTEMS.hgnc && c.code);
  const id = hgnc?.code;
  const symbol = id ? (GENE_BY_HGNC.get(id) ?? GENE_BY_HGNC.get(`HGNC:${id}`)) : undefined;
  if (!symbol) {
    notAssessed.push({
      ...(id ? { code: id } : {}),
      system: SYSTEMS.hgnc,
      where: child(comp.path, 'valueCodeableConcept'),
      reason: t(
        `Gene ${hgnc?.display ?? id ?? cc?.text ?? '(no HGNC id)'} is not one the service knows; its result was not assessed.`,
        `基因 ${hgnc?.display ?? id ?? cc?.text ?? '（无 HGNC 编号）'} 不在服务已知范围，结果未评估。`,
      ),
    });
    return undefined;
  }
  return symbol;
}

function readVariant(
  rec: ObsRecord,
  gene: string,
  patient: CasePatient,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
): void {
  const o = rec.r.resource;
  const value = conceptText(o, rec.r.path, issues);
  const code = value?.codes.find((c) => c.code === LOINC.variantPresent || c.code === LOINC.variantAbsent)?.code;
  const text = value?.text?.toLowerCase();
  const result: CaseBiomarker['result'] | undefined =
    code === LOINC.variantPresent || text === 'present'
      ? 'present'
      : code === LOINC.variantAbsent || text === 'absent'
        ? 'absent'
        : undefined;
  if (!result) {
    notAssessed.push({
      where: rec.r.path,
      reason: t(
        `${gene} variant assessment has no present/absent value (LA9633-4 / LA9634-2); not assessed.`,
        `${gene} 变异检测缺少阳性/阴性结果（LA9633-4 / LA9634-2），未评估。`,
      ),
    });
    return;
  }
  const biomarker: CaseBiomarker = { gene, result, method: 'NGS', ...(rec.date ? { date: rec.date } : {}) };
  for (const c of components(o, rec.r.path, issues)) {
    if (
      hasLoinc(c.code, LOINC.aminoAcidChange) ||
      (biomarker.variant === undefined && hasLoinc(c.code, LOINC.dnaChange))
    ) {
      const v = conceptText(c.value, c.path, issues);
      const label = v?.codes.find((x) => x.display)?.display ?? v?.codes.find((x) => x.code)?.code ?? v?.text;
      if (label) biomarker.variant = label.slice(0, 120);
    }
    if (hasLoinc(c.code, LOINC.clinicalSignificance)) {
      const v = conceptText(c.value, c.path, issues);
      const sig =
        v?.codes.map((x) => SIGNIFICANCE[x.code ?? '']).find((x) => x) ??
        (v?.text ? SIGNIFICANCE[v.text.toLowerCase()] : undefined);
      if (sig) biomarker.clinicalSignificance = sig;
    }
  }
  patient.biomarkers.push(biomarker);
}

const RISK: readonly string[] = ['low', 'favourable', 'intermediate', 'high', 'adverse'];
const PHASES: readonly string[] = ['new', 'induction', 'consolidation', 'maintenance'];

function readScore(rec: ObsRecord, patient: CasePatient, issues: FhirIssues, notAssessed: NotAssessed[]): void {
  const o = rec.r.resource;
  const code = rec.kind.slice('score:'.length);
  const num = (): number | undefined =>
    quantityOf(rec, issues)?.value ??
    (o.valueDecimal !== undefined ? optNumber(o, 'valueDecimal', rec.r.path, issues) : undefined);
  const str = (): string | undefined => {
    const v = conceptText(o, rec.r.path, issues);
    return (v?.codes.find((c) => c.code)?.code ?? v?.text)?.toLowerCase();
  };
  const bool = (): boolean | undefined => (typeof o.valueBoolean === 'boolean' ? o.valueBoolean : undefined);
  const bad = (): void => {
    notAssessed.push({
      where: rec.r.path,
      reason: t(`Score ${code} has no readable value; not assessed.`, `评分 ${code} 的值无法读取，未评估。`),
    });
  };
  switch (code) {
    case SCORE_CODES.das28:
    case SCORE_CODES.das28Baseline: {
      const v = num();
      if (v === undefined || v < 0 || v > 10) return bad();
      const das = patient.das28 ?? { value: {} };
      if (code === SCORE_CODES.das28) {
        das.value.current = v;
        if (rec.date) das.date = rec.date;
      } else das.value.baseline = v;
      if (das.value.current !== undefined && das.value.baseline !== undefined)
        das.value.fallSinceBaseline = round(das.value.baseline - das.value.current, 2);
      patient.das28 = das;
      return;
    }
    case SCORE_CODES.riskCategory: {
      const v = str();
      if (!v || !RISK.includes(v)) return bad();
      patient.riskCategory = v as CasePatient['riskCategory'];
      return;
    }
    case SCORE_CODES.lesionComplexity: {
      const v = str();
      if (v !== 'simple' && v !== 'complex') return bad();
      patient.lesionComplexity = v;
      return;
    }
    case SCORE_CODES.treatmentPhase: {
      const v = str();
      if (!v || !PHASES.includes(v)) return bad();
      patient.treatmentPhase = v as CasePatient['treatmentPhase'];
      return;
    }
    case SCORE_CODES.treatmentWeek:
    case SCORE_CODES.lineOfTherapy:
    case SCORE_CODES.bloodPressureAtTargetYears: {
      const v = num();
      if (v === undefined || v < 0) return bad();
      if (code === SCORE_CODES.treatmentWeek) patient.treatmentWeek = Math.floor(v);
      else if (code === SCORE_CODES.lineOfTherapy) {
        if (v < 1) return bad();
        patient.lineOfTherapy = Math.floor(v);
      } else patient.bloodPressureAtTargetYears = v;
      return;
    }
    case SCORE_CODES.glycaemiaStable:
    case SCORE_CODES.fitForIntensiveChemotherapy:
    case SCORE_CODES.inFirstRemission: {
      const v = bool();
      if (v === undefined) return bad();
      if (code === SCORE_CODES.glycaemiaStable) patient.glycaemiaStable = v;
      else if (code === SCORE_CODES.fitForIntensiveChemotherapy) patient.fitForIntensiveChemotherapy = v;
      else patient.inFirstRemission = v;
      return;
    }
  }
}

const ICD10 = /^[A-Z]\d{2}(\.[0-9A-Za-z]{1,4}(x\d{3})?)?$|^[A-Z]\d{2}\.?[0-9A-Za-z]{0,8}$/;

function readConditions(
  conditions: SourcedResource[],
  draft: readonly SourcedResource[],
  patient: CasePatient,
  config: FhirToCaseConfig,
  issuesFor: (r: SourcedResource) => FhirIssues,
  notAssessed: NotAssessed[],
): void {
  const codes: { code: string; id?: string; path: string }[] = [];
  for (const r of conditions) {
    const issues = issuesFor(r);
    const clinical = readCodeableConcept(r.resource.clinicalStatus, child(r.path, 'clinicalStatus'), issues);
    if (clinical?.codings.some((c) => c.code === 'inactive' || c.code === 'resolved')) continue;
    const verification = readCodeableConcept(
      r.resource.verificationStatus,
      child(r.path, 'verificationStatus'),
      issues,
    );
    if (verification?.codings.some((c) => c.code === 'refuted' || c.code === 'entered-in-error')) continue;
    const cc = readCodeableConcept(r.resource.code, child(r.path, 'code'), issues);
    let icd = cc?.codings.find((c) => c.system === SYSTEMS.icd10 && c.code);
    // ICD-10-CM or SNOMED CT (US clients, the CDS Hooks sandbox): through the pack's terminology.json.
    if (!icd?.code && cc && config.mapCondition) {
      for (const c of cc.codings) {
        const kind = c.system === SYSTEMS.icd10cm ? 'icd-10-cm' : c.system === SYSTEMS.snomed ? 'snomed' : undefined;
        const mapped = kind && c.code ? config.mapCondition(kind, c.code) : undefined;
        if (mapped) {
          icd = { ...c, system: SYSTEMS.icd10, code: mapped };
          break;
        }
      }
    }
    if (!icd?.code) {
      const first = cc?.codings[0];
      notAssessed.push({
        ...(first?.code ? { code: first.code } : {}),
        ...(first?.system ? { system: first.system } : {}),
        where: child(r.path, 'code'),
        reason: t(
          `Condition ${cc?.text ?? first?.display ?? first?.code ?? ''} has no ICD-10 code (nor an ICD-10-CM or SNOMED CT code the knowledge pack maps); not assessed.`,
          `诊断 ${first?.code ?? ''} 没有 ICD-10 编码（也没有知识包可映射的 ICD-10-CM 或 SNOMED CT 编码），未评估。`,
        ),
      });
      continue;
    }
    const code = icd.code
      .trim()
      .toUpperCase()
      .replace(/X(\d{3})$/, 'x$1');
    if (!ICD10.test(code)) {
      notAssessed.push({
        code: icd.code,
        system: SYSTEMS.icd10,
        where: icd.path,
        reason: t(`"${icd.code}" is not an ICD-10 code; not assessed.`, `“${icd.code}”不是 ICD-10 编码，未评估。`),
      });
      continue;
    }
    codes.push({ code, path: icd.path, ...(typeof r.resource.id === 'string' ? { id: r.resource.id } : {}) });
  }
  if (codes.length === 0) {
    notAssessed.push({
      where: 'Condition',
      reason: t(
        'No active diagnosis with an ICD-10 code; the principal diagnosis is missing.',
        '无带 ICD-10 编码的有效诊断；缺少主要诊断。',
      ),
    });
    return;
  }
  // Principal: the order's reason, else the first condition of a pack condition, else the first.
  const reasons = new Set<string>();
  for (const r of draft) {
    for (const rc of Array.isArray(r.resource.reasonReference) ? r.resource.reasonReference : []) {
      const id = isObject(rc) && typeof rc.reference === 'string' ? referenceId(rc.reference, 'Condition') : undefined;
      if (id) reasons.add(`id:${id}`);
    }
    for (const rc of Array.isArray(r.resource.reasonCode) ? r.resource.reasonCode : []) {
      for (const c of isObject(rc) && Array.isArray(rc.coding) ? rc.coding : []) {
        if (
          isObject(c) &&
          canonicalSystem(typeof c.system === 'string' ? c.system : undefined) === SYSTEMS.icd10 &&
          typeof c.code === 'string'
        )
          reasons.add(`code:${c.code.toUpperCase()}`);
      }
    }
  }
  const inPack = (code: string) => config.conditionPrefixes.some((p) => code.toUpperCase().startsWith(p.toUpperCase()));
  const principal =
    codes.find((c) => (c.id && reasons.has(`id:${c.id}`)) || reasons.has(`code:${c.code.toUpperCase()}`)) ??
    codes.find((c) => inPack(c.code)) ??
    codes[0];
  const seen = new Set<string>();
  for (const c of codes) {
    if (seen.has(c.code)) continue;
    seen.add(c.code);
    if (c === principal) patient.diagnoses.unshift({ code: c.code, principal: true });
    else if (inPack(c.code)) patient.diagnoses.push({ code: c.code, principal: false });
    else patient.comorbidities.push({ code: c.code, system: 'icd-10' });
  }
}

function readAllergies(
  allergies: SourcedResource[],
  patient: CasePatient,
  config: FhirToCaseConfig,
  issuesFor: (r: SourcedResource) => FhirIssues,
  notAssessed: NotAssessed[],
): void {
  for (const r of allergies) {
    const issues = issuesFor(r);
    const verification = readCodeableConcept(
      r.resource.verificationStatus,
      child(r.path, 'verificationStatus'),
      issues,
    );
    if (verification?.codings.some((c) => c.code === 'refuted' || c.code === 'entered-in-error')) continue;
    const clinical = readCodeableConcept(r.resource.clinicalStatus, child(r.path, 'clinicalStatus'), issues);
    if (clinical?.codings.some((c) => c.code === 'inactive' || c.code === 'resolved')) continue;
    const cc = readCodeableConcept(r.resource.code, child(r.path, 'code'), issues);
    if (!cc) continue;
    const code = pickCode(cc.codings, config);
    if (code) {
      const concept: CodedConcept = { code: code.code, system: code.system };
      const display = cc.text ?? cc.codings.find((c) => c.display)?.display;
      if (display) concept.display = display;
      patient.allergies.push(concept);
    } else {
      const first = cc.codings[0];
      notAssessed.push({
        ...(first?.code ? { code: first.code } : {}),
        ...(first?.system ? { system: first.system } : {}),
        where: child(r.path, 'code'),
        reason: t(
          `Allergy ${cc.text ?? first?.display ?? first?.code ?? ''} has no drug code the service reads; it was not checked against the regimen.`,
          `过敏 ${first?.code ?? ''} 无可识别的药品编码，未与方案核对。`,
        ),
      });
    }
  }
}

/**
 * The admission's procedures for the DRG grouper: ICD-9-CM-3 codes of Procedure resources of this
 * encounter (or without an encounter), not entered in error or not done, in the order given.
 * None: the pack's coding for the regimen is used.
 */
function readProcedures(
  procedures: SourcedResource[],
  encounterId: string | undefined,
  ctx: CaseContext,
  issuesFor: (r: SourcedResource) => FhirIssues,
  notAssessed: NotAssessed[],
): void {
  const codes: string[] = [];
  for (const r of procedures) {
    const status = typeof r.resource.status === 'string' ? r.resource.status : undefined;
    if (status === 'entered-in-error' || status === 'not-done' || status === 'stopped') continue;
    const enc =
      isObject(r.resource.encounter) && typeof r.resource.encounter.reference === 'string'
        ? referenceId(r.resource.encounter.reference, 'Encounter')
        : undefined;
    if (enc !== undefined && encounterId !== undefined && enc !== encounterId) continue;
    const cc = readCodeableConcept(r.resource.code, child(r.path, 'code'), issuesFor(r));
    const icd9 = cc?.codings.find((c) => c.system === SYSTEMS.icd9cm && c.code);
    if (icd9?.code) codes.push(icd9.code.trim());
    else {
      const first = cc?.codings[0];
      notAssessed.push({
        ...(first?.code ? { code: first.code } : {}),
        ...(first?.system ? { system: first.system } : {}),
        where: child(r.path, 'code'),
        reason: t(
          `Procedure ${cc?.text ?? first?.display ?? first?.code ?? ''} has no ICD-9-CM-3 code; the DRG grouper did not read it.`,
          `手术操作 ${cc?.text ?? first?.display ?? first?.code ?? ''} 没有 ICD-9-CM-3 编码，DRG 分组未读取。`,
        ),
      });
    }
  }
  if (codes.length > 0) ctx.procedures = [...new Set(codes)];
}

const INPATIENT = new Set(['IMP', 'ACUTE', 'NONAC', 'SS']);
const OUTPATIENT = new Set(['AMB', 'EMER', 'FLD', 'HH', 'VR', 'OBSENC', 'PRENC']);

function readEncounter(
  r: SourcedResource,
  asOf: string,
  ctx: CaseContext,
  config: FhirToCaseConfig,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
): void {
  const cls = readCoding(r.resource.class, child(r.path, 'class'), issues);
  if (cls?.code && INPATIENT.has(cls.code)) ctx.setting = 'inpatient';
  else if (cls?.code && OUTPATIENT.has(cls.code)) ctx.setting = 'outpatient';
  else
    notAssessed.push({
      ...(cls?.code ? { code: cls.code } : {}),
      system: SYSTEMS.actCode,
      where: child(r.path, 'class'),
      reason: t(
        'Encounter class is not IMP or AMB; the setting was taken as outpatient.',
        '就诊类型不是 IMP 或 AMB；按门诊处理。',
      ),
    });
  const period = optObject(r.resource, 'period', r.path, issues);
  if (period && ctx.setting === 'inpatient') {
    const start = optDate(period, 'start', child(r.path, 'period'), issues);
    if (start) {
      const days = daysBetween(start, asOf);
      if (days >= 0) ctx.daysInHospital = days;
      else
        notAssessed.push({
          where: child(child(r.path, 'period'), 'start'),
          reason: t(
            'Admission starts after the order date; days in hospital not assessed.',
            '入院日期晚于医嘱日期；未评估住院天数。',
          ),
        });
    }
  }
  const sp = optObject(r.resource, 'serviceProvider', r.path, issues);
  if (sp) {
    const ref = typeof sp.reference === 'string' ? sp.reference : undefined;
    const ident = isObject(sp.identifier) && typeof sp.identifier.value === 'string' ? sp.identifier.value : undefined;
    const keys = [ref, ref ? referenceId(ref, 'Organization') : undefined, ident].filter(
      (k): k is string => k !== undefined,
    );
    const override = keys.map((k) => config.serviceProviders.get(k)).find((o) => o);
    if (override?.hospitalTier) ctx.hospitalTier = override.hospitalTier;
    if (override?.region) ctx.region = override.region;
  }
}

function readCoverage(
  coverages: SourcedResource[],
  ctx: CaseContext,
  config: FhirToCaseConfig,
  issuesFor: (r: SourcedResource) => FhirIssues,
  notAssessed: NotAssessed[],
): void {
  for (const r of coverages) {
    const issues = issuesFor(r);
    const status = optString(r.resource, 'status', r.path, issues);
    if (status && status !== 'active') continue;
    const cc = readCodeableConcept(r.resource.type, child(r.path, 'type'), issues);
    const known = cc?.codings.find(
      (c) =>
        c.code &&
        (c.system === SYSTEMS.insuranceType || config.insuranceTypes.includes(c.code)) &&
        config.insuranceTypes.includes(c.code),
    );
    if (known?.code) {
      ctx.insuranceType = known.code;
      return;
    }
    const first = cc?.codings[0];
    notAssessed.push({
      ...(first?.code ? { code: first.code } : {}),
      ...(first?.system ? { system: first.system } : {}),
      where: child(r.path, 'type'),
      reason: t(
        'Coverage type is not an insurance scheme the payer policy knows; out-of-pocket cost not assessed.',
        '医保类型不在支付政策范围内；未评估自付费用。',
      ),
    });
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
