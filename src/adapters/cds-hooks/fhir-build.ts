/**
 * Building suggested FHIR R4 resources fresh. Nothing is copied from a draft order unchecked: a
 * draft that is not valid R4 must not produce a suggestion that is not valid R4. Each helper
 * returns a clean copy of an element when it has the R4 shape, or undefined.
 */
import { isObject, type Json, type JsonObject } from './fhir-read';

const DATE_TIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
const CODE = /^[^\s]+( [^\s]+)*$/;
const REFERENCE =
  /^(#[A-Za-z0-9\-.]{1,64}|[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}|https?:\/\/\S+\/[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/;
const PERIOD_UNITS = new Set(['s', 'min', 'h', 'd', 'wk', 'mo', 'a']);

const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= 10_000;

export function cleanCoding(v: unknown): JsonObject | undefined {
  if (!isObject(v)) return undefined;
  const out: JsonObject = {};
  if (str(v.system) && /^\S+$/.test(v.system)) out.system = v.system;
  if (str(v.code) && CODE.test(v.code)) out.code = v.code;
  if (str(v.display)) out.display = v.display;
  return out.code !== undefined || out.display !== undefined ? out : undefined;
}

export function cleanCodeableConcept(v: unknown): JsonObject | undefined {
  if (!isObject(v)) return undefined;
  const coding = (Array.isArray(v.coding) ? v.coding : [])
    .map(cleanCoding)
    .filter((c): c is JsonObject => c !== undefined);
  const out: JsonObject = {};
  if (coding.length > 0) out.coding = coding;
  if (str(v.text)) out.text = v.text;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function cleanReference(v: unknown): JsonObject | undefined {
  if (!isObject(v) || !str(v.reference) || !REFERENCE.test(v.reference)) return undefined;
  return { reference: v.reference, ...(str(v.display) ? { display: v.display } : {}) };
}

export function cleanQuantity(v: unknown): JsonObject | undefined {
  if (!isObject(v) || typeof v.value !== 'number' || !Number.isFinite(v.value)) return undefined;
  const out: JsonObject = { value: v.value };
  if (str(v.unit)) out.unit = v.unit;
  if (str(v.system) && /^\S+$/.test(v.system)) out.system = v.system;
  if (str(v.code) && CODE.test(v.code)) out.code = v.code;
  return out;
}

export function cleanDateTime(v: unknown): string | undefined {
  return str(v) && DATE_TIME.test(v) ? v : undefined;
}

function cleanTiming(v: unknown): JsonObject | undefined {
  if (!isObject(v)) return undefined;
  const out: JsonObject = {};
  const events = (Array.isArray(v.event) ? v.event : []).map(cleanDateTime).filter((e): e is string => e !== undefined);
  if (events.length > 0) out.event = events;
  const code = cleanCodeableConcept(v.code);
  if (code) out.code = code;
  if (isObject(v.repeat)) {
    const r = v.repeat;
    const repeat: JsonObject = {};
    const posInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0;
    if (posInt(r.frequency)) repeat.frequency = r.frequency;
    if (typeof r.period === 'number' && r.period > 0) repeat.period = r.period;
    if (str(r.periodUnit) && PERIOD_UNITS.has(r.periodUnit)) repeat.periodUnit = r.periodUnit;
    if (posInt(r.count)) repeat.count = r.count;
    const bd = cleanQuantity(r.boundsDuration);
    if (bd) repeat.boundsDuration = bd;
    if (isObject(r.boundsPeriod)) {
      const start = cleanDateTime(r.boundsPeriod.start);
      const end = cleanDateTime(r.boundsPeriod.end);
      if (start || end) repeat.boundsPeriod = { ...(start ? { start } : {}), ...(end ? { end } : {}) };
    }
    if ((repeat.period === undefined) !== (repeat.periodUnit === undefined)) {
      delete repeat.period;
      delete repeat.periodUnit;
    }
    if (Object.keys(repeat).length > 0) out.repeat = repeat;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A Dosage with only the elements that have their R4 shape; doseAndRate replaced when `dose` is given. */
export function cleanDosage(v: unknown, dose?: JsonObject): JsonObject | undefined {
  if (!isObject(v)) return dose ? { doseAndRate: [{ doseQuantity: dose }] } : undefined;
  const out: JsonObject = {};
  if (typeof v.sequence === 'number' && Number.isInteger(v.sequence)) out.sequence = v.sequence;
  if (str(v.text)) out.text = v.text;
  const timing = cleanTiming(v.timing);
  if (timing) out.timing = timing;
  const route = cleanCodeableConcept(v.route);
  if (route) out.route = route;
  if (dose) out.doseAndRate = [{ doseQuantity: dose }];
  else {
    const entries = (Array.isArray(v.doseAndRate) ? v.doseAndRate : []).flatMap((e): Json[] => {
      if (!isObject(e)) return [];
      const entry: JsonObject = {};
      const type = cleanCodeableConcept(e.type);
      if (type) entry.type = type;
      const q = cleanQuantity(e.doseQuantity);
      if (q) entry.doseQuantity = q;
      return Object.keys(entry).length > 0 ? [entry] : [];
    });
    if (entries.length > 0) out.doseAndRate = entries;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Annotations: only their text survives. */
export function cleanNotes(v: unknown): JsonObject[] {
  return (Array.isArray(v) ? v : []).flatMap((n) => (isObject(n) && str(n.text) ? [{ text: n.text }] : []));
}
