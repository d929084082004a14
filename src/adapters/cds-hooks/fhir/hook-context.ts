/** The hook's context (order-select / order-sign) and prefetch values as FHIR R4: validated and flattened. */
import { type FhirIssues, type Json, child, isObject, optArray, optObject, optString } from '../fhir-read';
import type { HookContext, HookName, SourcedResource } from './types';

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
