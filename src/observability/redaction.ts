/**
 * The one redaction list every log line goes through (logger.ts wraps the log destination with
 * `redactLine`). Two kinds of entries:
 *
 * - field names whose value is replaced wherever they occur, at any depth (patient and person
 *   data, request bodies, credentials);
 * - value patterns replaced inside any string, including the message (credentials in URLs,
 *   bearer tokens, JWTs, API keys, FHIR patient references, resident identity numbers).
 *
 * Nothing the service logs should need this (bodies and query strings are never logged, paths are
 * logged as route templates); it is the net for what a future log call or an error message lets
 * through. test/operations/log-redaction.test.ts plants identifiers in every interface and checks
 * the captured log lines.
 */

export const REDACTED = '[redacted]';

/** Field names (compared case-insensitively, ignoring '-' and '_') whose value is never logged. */
export const REDACTED_FIELDS: readonly string[] = [
  // credentials
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'token',
  'accesstoken',
  'idtoken',
  'refreshtoken',
  'apikey',
  'fhirauthorization',
  'fhirserver',
  // bodies and the clinical content they carry
  'body',
  'rawbody',
  'prefetch',
  'context',
  'draftorders',
  'case',
  'cases',
  'patient',
  'patientid',
  'subject',
  'encounterid',
  'usercomment',
  // identifying attributes of a person
  'name',
  'given',
  'family',
  'birthdate',
  'dateofbirth',
  'dob',
  'identifier',
  'mrn',
  'ssn',
  'idnumber',
  'telecom',
  'phone',
  'email',
  'address',
];

/** Patterns replaced inside every string value and message. */
export const REDACTED_PATTERNS: readonly { name: string; pattern: RegExp; replacement: string }[] = [
  { name: 'URL credentials', pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, replacement: `$1${REDACTED}@` },
  // FHIR searches name the patient in the query (?patient=…); no query string is logged.
  {
    name: 'URL query string',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s?#"]*)\?[^\s#"]*/gi,
    replacement: `$1?${REDACTED}`,
  },
  { name: 'bearer token', pattern: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, replacement: `$1 ${REDACTED}` },
  { name: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replacement: REDACTED },
  { name: 'API key', pattern: /\bcck_[A-Za-z0-9_-]{8,}/g, replacement: REDACTED },
  {
    name: 'FHIR person reference',
    pattern: /\b(Patient|Person|RelatedPerson)\/[A-Za-z0-9.-]{1,64}/g,
    replacement: `$1/${REDACTED}`,
  },
  { name: 'resident identity number', pattern: /\b\d{17}[\dXx]\b/g, replacement: REDACTED },
];

const FIELDS = new Set(REDACTED_FIELDS);
const normalise = (key: string) => key.toLowerCase().replace(/[-_]/g, '');
const MAX_DEPTH = 12;

export function redactText(text: string): string {
  let out = text;
  for (const { pattern, replacement } of REDACTED_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value))
    out[key] = FIELDS.has(normalise(key)) ? REDACTED : redactValue(v, depth + 1);
  return out;
}

/** One serialised log line (JSON, newline-terminated) in, the same line redacted out. */
export function redactLine(line: string): string {
  try {
    return JSON.stringify(redactValue(JSON.parse(line))) + '\n';
  } catch {
    return redactText(line);
  }
}
