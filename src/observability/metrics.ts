/** Prometheus metrics (prom-client), one registry per app instance so tests stay independent. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly httpDuration: Histogram<'route' | 'method' | 'status'>;
  readonly assessments: Counter<'interface' | 'outcome'>;
  readonly findings: Counter<'rule' | 'severity'>;
  readonly alternativesOffered: Counter<'basis'>;
  readonly cdsFeedback: Counter<'card_type' | 'rule' | 'outcome'>;
  readonly modelRuns: Counter<'outcome'>;
  readonly shedRequests: Counter<'reason'>;
  readonly admissionWait: Histogram;
  readonly edgeErrors: Counter<'code'>;
  /** Where the admission gauges read in-flight and queued counts at each scrape (the last app created). */
  watchAdmission(load: AdmissionLoadReader): void;
}

export type AdmissionLoadReader = () => { inFlight: number; queued: number };

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  let admissionLoad: AdmissionLoadReader = () => ({ inFlight: 0, queued: 0 });
  registerAdmissionGauges(registry, () => admissionLoad());
  return {
    registry,
    ...httpMetrics(registry),
    ...assessmentMetrics(registry),
    ...protectionMetrics(registry),
    watchAdmission(load) {
      admissionLoad = load;
    },
  };
}

/** In-flight and queued requests, read from admission control at each scrape. */
function registerAdmissionGauges(registry: Registry, load: AdmissionLoadReader): void {
  new Gauge({
    name: 'admission_in_flight',
    help: 'Requests being worked on',
    registers: [registry],
    collect() {
      this.set(load().inFlight);
    },
  });
  new Gauge({
    name: 'admission_queued',
    help: 'Requests waiting for a slot',
    registers: [registry],
    collect() {
      this.set(load().queued);
    },
  });
}

/** Requests and their latency, by route template, method and status. */
function httpMetrics(registry: Registry): Pick<Metrics, 'httpRequests' | 'httpDuration'> {
  return {
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route, method and status',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

/** What the assessments did: outcomes, findings, alternatives offered, clinician feedback, model runs. */
function assessmentMetrics(
  registry: Registry,
): Pick<Metrics, 'assessments' | 'findings' | 'alternativesOffered' | 'cdsFeedback' | 'modelRuns'> {
  return {
    assessments: new Counter({
      name: 'assessments_total',
      help: 'Assessments by interface (rest, batch, cds-hooks) and outcome',
      labelNames: ['interface', 'outcome'],
      registers: [registry],
    }),
    findings: new Counter({
      name: 'findings_total',
      help: 'Guideline findings by rule and severity',
      labelNames: ['rule', 'severity'],
      registers: [registry],
    }),
    alternativesOffered: new Counter({
      name: 'alternatives_offered_total',
      help: 'Cheaper alternatives offered, by equivalence basis',
      labelNames: ['basis'],
      registers: [registry],
    }),
    cdsFeedback: new Counter({
      name: 'cds_feedback_total',
      help: 'CDS Hooks card feedback by card type, rule and outcome (accepted|overridden)',
      labelNames: ['card_type', 'rule', 'outcome'],
      registers: [registry],
    }),
    modelRuns: new Counter({
      name: 'model_runs_total',
      help: 'Batched ONNX session runs',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}

/** How the service protected itself: requests shed, time waited for a slot, requests the parser refused. */
function protectionMetrics(registry: Registry): Pick<Metrics, 'shedRequests' | 'admissionWait' | 'edgeErrors'> {
  return {
    shedRequests: new Counter({
      name: 'http_requests_shed_total',
      help: 'Requests refused with 503 by admission control, by reason (queue-full|queue-timeout)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    admissionWait: new Histogram({
      name: 'admission_wait_seconds',
      help: 'Time an admitted request waited for a slot',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    edgeErrors: new Counter({
      name: 'http_client_errors_total',
      help: 'Requests refused by the HTTP parser before routing (header overflow, malformed request), by code',
      labelNames: ['code'],
      registers: [registry],
    }),
  };
}
