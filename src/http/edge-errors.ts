/**
 * Errors Node's HTTP parser answers before express sees the request (headers over the size
 * limit, a malformed request line or headers, a request that took too long to arrive): answered
 * as RFC 9457 problem+json with `Connection: close` instead of Node's empty-bodied default, and
 * counted in /metrics. Nothing of the request is logged (it could not even be parsed).
 */
import { maxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Metrics } from '../observability/metrics';
import { HttpProblem } from './problem';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

export function problemForParserError(code: string | undefined): HttpProblem {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new HttpProblem(
      431,
      'headers-too-large',
      'Request header fields too large',
      `The request line and headers together exceed the server limit (${Math.round(maxHeaderSize / 1024)} KB); nothing was read.`,
    );
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return new HttpProblem(408, 'request-timeout', 'Request timeout', 'The request did not arrive completely in time.');
  return new HttpProblem(
    400,
    'malformed-request',
    'Malformed request',
    'The request line or headers are not valid HTTP/1.1.',
  );
}

/** The raw HTTP/1.1 response for a parser error (the socket is closed after it). */
export function rawProblemResponse(problem: HttpProblem): string {
  const body = JSON.stringify(problem.toBody());
  return [
    `HTTP/1.1 ${problem.status} ${REASONS[problem.status] ?? 'Bad Request'}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export function installClientErrorHandler(server: Server, metrics: Metrics): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    const code = error.code ?? 'unknown';
    metrics.edgeErrors.inc({ code });
    // A reset connection or one whose response has begun cannot take an answer.
    const started =
      (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (code === 'ECONNRESET' || !socket.writable || started) {
      socket.destroy();
      return;
    }
    socket.end(rawProblemResponse(problemForParserError(code)));
  });
}
