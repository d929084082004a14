/**
 * The pipeline's own issue type: what is wrong with an input and where. The HTTP layer turns
 * these into RFC 9457 problem+json `errors` (REST), a batch slot's problem, or a "not assessed"
 * line on a CDS card; the pipeline itself knows nothing about HTTP.
 */
export interface PipelineIssue {
  /** JSON pointer into the request (or a FHIR path for CDS Hooks), e.g. `/patient/weight/value`. */
  pointer: string;
  message: string;
  code?: string;
}

/** A proposal component, regimen id, principal diagnosis or dosing input that cannot be resolved (HTTP 422). */
export class UnresolvableCaseError extends Error {
  constructor(readonly errors: PipelineIssue[]) {
    super(errors.map((e) => `${e.pointer}: ${e.message}`).join('; '));
    this.name = 'UnresolvableCaseError';
  }
}

/** The same pointer and message reported once. */
export function dedupeIssues(issues: readonly PipelineIssue[]): PipelineIssue[] {
  const seen = new Set<string>();
  return issues.filter((e) => {
    const key = `${e.pointer}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
