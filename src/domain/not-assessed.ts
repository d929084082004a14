/**
 * The one "not assessed" item of the service: something in the request (or the data fetched for it)
 * that could not be read or used, where it was, and why, in both languages, so a Chinese card or
 * page never shows English prose. The pipeline lists its items in the answer's `unassessed`
 * (always with the code it could not read); the CDS adapter adds its own (missing or foreign FHIR
 * data, often without a code) and shows both on one card.
 */
import type { LocalizedText } from '../knowledge/types';

export interface NotAssessed {
  code?: string;
  system?: string;
  /** Where the item came from: a request path (patient.allergies[0]), a FHIR path, or a data kind. */
  where: string;
  reason: LocalizedText;
}
