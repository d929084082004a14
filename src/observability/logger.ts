/**
 * pino logger. Nothing that identifies a patient is logged: request bodies are never logged,
 * query strings are dropped, and credentials and bodies are redacted should any code try.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'res.body',
  'body',
  'patient',
  'case',
  '*.patient',
  '*.body',
  'fhirAuthorization',
  '*.fhirAuthorization',
  'prefetch',
  '*.prefetch',
  // CDS Hooks (issue 11): a fhirServer URL may carry credentials; tokens and patient ids never
  'fhirServer',
  '*.fhirServer',
  'accessToken',
  '*.accessToken',
  'patientId',
  '*.patientId',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'combo-cost-cds' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
