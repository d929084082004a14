/** The CDS Hooks 2.0 card shapes this service returns, and what rendering them needs. */
import type { Case } from '../../../domain/case';
import type { components } from '../../../generated/api';
import type { LocalizedText } from '../../../knowledge/types';
import type { CardType } from '../card-ids';
import type { JsonObject } from '../fhir-read';
import type { DraftOrder, NotAssessed } from '../fhir-to-case';

export type Assessment = components['schemas']['Assessment'];
export type Option = Assessment['alternatives'][number];
export type Finding = Assessment['findings'][number];
export type ComponentCost = Assessment['expectedCost']['components'][number];

export type Language = 'en' | 'zh';

export interface CdsCoding {
  system: string;
  code: string;
  display?: string;
}

export interface CdsAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: JsonObject;
  resourceId?: string;
}

export interface CdsSuggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions: CdsAction[];
}

export interface CdsLink {
  label: string;
  url: string;
  type: 'absolute';
}

export interface CdsCard {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string; topic?: CdsCoding };
  suggestions?: CdsSuggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: CdsCoding[];
  links?: CdsLink[];
}

/** What the audit log records per card, so feedback can be joined to it. */
export interface CardAttribution {
  uuid: string;
  type: CardType;
  rule: string;
  suggestions: string[];
}

export interface RenderInput {
  hookInstance: string;
  language: Language;
  /**
   * The assessment in its full view (options with their per-component costing, which the
   * replacement orders are built from). Its lists are final: the pipeline decided which options are
   * shown (display threshold included) and in which order; cards only render them.
   */
  assessment: Assessment | null;
  kase: Case | null;
  notAssessed: readonly NotAssessed[];
  orders: readonly DraftOrder[];
  context: { patientId: string; userId?: string; encounterId?: string };
  /** Absolute URL of the MDT review page for this case, if one can be made. */
  mdtUrl?: string;
  serviceName: LocalizedText;
  /** At most this many cards (CDS_MAX_CARDS); critical cards are never dropped. */
  maxCards?: number;
  /** `update`: a single-drug switch updates the draft order; default delete + create. */
  suggestionStyle?: 'delete-create' | 'update';
  /** The pack's policies.cdsCards: a type set to false is not shown (unless critical). */
  cardSwitches?: Partial<Record<CardType, boolean>>;
}
