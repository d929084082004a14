/**
 * The state of one FHIR → Case mapping that every resource reader shares: the configuration, where
 * a malformed element is reported (the client's 400 for what it sent, "not assessed" for what the
 * service fetched itself) and the list of what was not assessed.
 */
import type { LocalizedText } from '../../../knowledge/types';
import type { FhirIssues } from '../fhir-read';
import type { NotAssessed } from '../not-assessed';
import type { FhirToCaseConfig, SourcedResource } from './types';

export interface Reading {
  config: FhirToCaseConfig;
  /** Problems in what the client sent: they become one 400 naming each element. */
  issues: FhirIssues;
  /** The issue list for a resource: the client's for what it sent, the service's own for what it fetched. */
  issuesFor: (r: SourcedResource) => FhirIssues;
  notAssessed: NotAssessed[];
  /** Medications the draft orders may reference, by `Medication/id`. */
  medications: ReadonlyMap<string, SourcedResource>;
}

export const t = (en: string, zh: string): LocalizedText => ({ en, zh });

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** The code, system and display of the first coding, for a "not assessed" line about an unread code. */
export function firstCoding(codings: readonly { code?: string; system?: string }[] | undefined): {
  code?: string;
  system?: string;
} {
  const first = codings?.[0];
  return { ...(first?.code ? { code: first.code } : {}), ...(first?.system ? { system: first.system } : {}) };
}
