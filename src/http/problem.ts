/**
 * RFC 9457 problem details. Every error the service returns is one of these, as
 * `application/problem+json`; a stack trace never leaves the process.
 */
import type { PipelineIssue } from '../pipeline/core/pipeline-issue';
import type { Response } from 'express';

/** A problem's `errors` entry is the pipeline's issue: a pointer and a message. */
export type ProblemError = PipelineIssue;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemError[];
}

const TYPE_BASE = 'https://combo-cost-cds.example/problems/';

/** What a problem may carry besides its status, type and text. */
export interface ProblemExtras {
  /** The fields at fault (the body's `errors`). */
  errors?: ProblemError[];
  /** Response headers sent with the problem (`Allow`, `Retry-After`, `WWW-Authenticate`). */
  headers?: Record<string, string>;
}

export class HttpProblem extends Error {
  readonly errors?: ProblemError[];
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    extras: ProblemExtras = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
    this.errors = extras.errors;
    this.headers = extras.headers ?? {};
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: TYPE_BASE + this.slug,
      title: this.title,
      status: this.status,
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
      ...(instance !== undefined ? { instance } : {}),
      ...(this.errors && this.errors.length > 0 ? { errors: this.errors } : {}),
    };
  }
}

export const problems = {
  badRequest: (detail: string, errors?: ProblemError[]) =>
    new HttpProblem(400, 'invalid-request', 'Invalid request', detail, { errors }),
  unauthorized: (detail: string) =>
    new HttpProblem(401, 'unauthorized', 'Unauthorized', detail, { headers: { 'WWW-Authenticate': 'Bearer' } }),
  forbidden: (detail: string) => new HttpProblem(403, 'forbidden', 'Forbidden', detail),
  notFound: (detail: string) => new HttpProblem(404, 'not-found', 'Not found', detail),
  methodNotAllowed: (detail: string, allow: string[]) =>
    new HttpProblem(405, 'method-not-allowed', 'Method not allowed', detail, { headers: { Allow: allow.join(', ') } }),
  tooLarge: (limit: string) =>
    new HttpProblem(413, 'payload-too-large', 'Payload too large', `The request body exceeds the limit of ${limit}.`),
  unsupportedMediaType: (detail: string) =>
    new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', detail),
  unprocessable: (detail: string, errors: ProblemError[]) =>
    new HttpProblem(422, 'unassessable-case', 'The case cannot be assessed', detail, { errors }),
  overloaded: (retryAfterSeconds: number) =>
    new HttpProblem(
      503,
      'overloaded',
      'Service busy',
      `More requests are in flight than this instance can answer in time; retry after ${retryAfterSeconds} s.`,
      { headers: { 'Retry-After': String(retryAfterSeconds) } },
    ),
  internal: () =>
    new HttpProblem(
      500,
      'internal',
      'Internal error',
      'The assessment could not be completed; the error was logged with the request id.',
    ),
};

export function sendProblem(res: Response, problem: HttpProblem, instance?: string): void {
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res
    .status(problem.status)
    .type('application/problem+json')
    .send(JSON.stringify(problem.toBody(instance)));
}
