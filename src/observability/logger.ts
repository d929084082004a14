/**
 * pino logger. Nothing that identifies a patient is logged: request bodies are never logged,
 * query strings are dropped, paths are logged as route templates, and every line passes through
 * the one redaction list in redaction.ts on its way to the destination.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { redactLine } from './redaction';

/** A destination that redacts each line before handing it on. */
export function redactingDestination(destination: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      destination.write(redactLine(line));
    },
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'combo-cost-cds' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    redactingDestination(destination ?? pino.destination({ dest: 1, sync: true })),
  );
}
