/** The types of the FHIR → Case mapping: what it reads, how it is configured and what it returns. */
import type { Case, ProposedComponent } from '../../../domain/case';
import type { HospitalTier } from '../../../knowledge/types';
import type { JsonObject } from '../fhir-read';
import type { NotAssessed } from '../not-assessed';

export type HookName = 'order-select' | 'order-sign';

/** One resource from the prefetch (or fetched from the FHIR server), with where it came from. */
export interface SourcedResource {
  resource: JsonObject;
  /** FHIR path in the request, e.g. `prefetch.observations.entry[2].resource`, or the fetch URL. */
  path: string;
  origin: 'request' | 'fhir-server';
}

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
