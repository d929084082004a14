/** Dates of the hook: the order date ("as of"), today in the service's time zone, ages and day counts. */
import { type FhirIssues, optDate } from '../fhir-read';
import type { HookContext, SourcedResource } from './types';

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per time zone (building an Intl.DateTimeFormat costs more than a whole FHIR mapping). */
function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** Today's date (YYYY-MM-DD) in the given IANA time zone. */
export function todayIn(timeZone: string, now: Date): string {
  const parts = dayFormat(timeZone).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The order date: the authoredOn of the first selected order, else of any order. */
export function pickAsOf(
  draft: readonly SourcedResource[],
  context: HookContext,
  issues: FhirIssues,
): string | undefined {
  const selected = new Set(context.selections);
  const candidates = draft.filter(
    (r) => r.resource.resourceType === 'MedicationRequest' || r.resource.resourceType === 'DeviceRequest',
  );
  const ordered = [
    ...candidates.filter((r) => selected.has(`${String(r.resource.resourceType)}/${String(r.resource.id)}`)),
    ...candidates,
  ];
  for (const r of ordered) {
    const d = optDate(r.resource, 'authoredOn', r.path, issues);
    if (d && d.length >= 10) return d.slice(0, 10);
  }
  return undefined;
}

function dateOnly(value: string): string {
  if (value.length === 4) return `${value}-01-01`;
  if (value.length === 7) return `${value}-01`;
  return value.slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(dateOnly(to)) - Date.parse(dateOnly(from))) / 86_400_000);
}

export function ageAt(birthDate: string, asOf: string): number {
  const [by, bm, bd] = dateOnly(birthDate).split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = dateOnly(asOf).split('-').map(Number) as [number, number, number];
  let age = ay - by;
  if (am < bm || (am === bm && ad < bd)) age -= 1;
  return age;
}
