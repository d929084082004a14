/**
 * Structural checks of the Kubernetes manifests in deploy/: probes on the right paths and port,
 * requests and limits, the pack from a ConfigMap at PACK_PATH, credentials from Secret volumes at
 * API_KEYS_FILE / CDS_TRUSTED_ISSUERS_FILE, an HPA on CPU for the Deployment, a Service that
 * selects the pods, and only environment variables the service knows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const DEPLOY = path.resolve(__dirname, '..', '..', 'deploy');
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const docs: { file: string; doc: Obj }[] = fs
  .readdirSync(DEPLOY)
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
  .flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(DEPLOY, file), 'utf8')).map((d) => {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
      return { file, doc: d.toJS() as Obj };
    }),
  )
  .filter((d) => d.doc);

const ofKind = (kind: string) => docs.filter((d) => d.doc.kind === kind).map((d) => d.doc);
const deployment = ofKind('Deployment')[0]!;
const pod = deployment?.spec?.template?.spec as Obj;
const container = pod?.containers?.[0] as Obj;
const env = new Map<string, Obj>((container?.env ?? []).map((e: Obj) => [e.name as string, e]));
const envValue = (name: string) => env.get(name)?.value as string | undefined;

/** The volume mounted at the directory holding `file`. */
function volumeFor(file: string): Obj | undefined {
  const mount = (container.volumeMounts as Obj[])
    .filter((m) => file === m.mountPath || file.startsWith(`${m.mountPath}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  return mount ? (pod.volumes as Obj[]).find((v) => v.name === mount.name) : undefined;
}

describe('deploy/ manifests', () => {
  it('every document has apiVersion, kind and metadata.name', () => {
    expect(docs.length).toBeGreaterThan(0);
    for (const { file, doc } of docs) {
      if (doc.kind === 'Kustomization') continue;
      expect([file, typeof doc.apiVersion, typeof doc.kind, typeof doc.metadata?.name]).toEqual([
        file,
        'string',
        'string',
        'string',
      ]);
    }
  });

  it('has one Deployment whose selector matches its pod labels', () => {
    expect(ofKind('Deployment')).toHaveLength(1);
    expect(deployment.apiVersion).toBe('apps/v1');
    for (const [k, v] of Object.entries(deployment.spec.selector.matchLabels as Obj))
      expect(deployment.spec.template.metadata.labels[k]).toBe(v);
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it('readiness probes /readyz and liveness probes /healthz on the container port', () => {
    const portNames = new Set((container.ports as Obj[]).flatMap((p) => [p.name, p.containerPort]));
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe].filter(Boolean))
      expect(portNames.has(probe.httpGet.port)).toBe(true);
    expect(String(envValue('PORT'))).toBe(String((container.ports as Obj[])[0]!.containerPort));
    // The service binds 127.0.0.1 by default: in a pod it must listen on all interfaces.
    expect(envValue('HOST')).toBe('0.0.0.0');
  });

  it('sets CPU and memory requests and limits (requests ≤ limits)', () => {
    const { requests, limits } = container.resources as { requests: Obj; limits: Obj };
    const cpu = (v: string) => (String(v).endsWith('m') ? Number(String(v).slice(0, -1)) / 1000 : Number(v));
    const mem = (v: string) => {
      const m = /^(\d+)(Mi|Gi)$/.exec(String(v));
      if (!m) throw new Error(`unexpected memory quantity ${v}`);
      return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
    };
    for (const r of [requests, limits]) {
      expect(r.cpu).toBeDefined();
      expect(r.memory).toBeDefined();
    }
    expect(cpu(requests.cpu)).toBeLessThanOrEqual(cpu(limits.cpu));
    expect(mem(requests.memory)).toBeLessThanOrEqual(mem(limits.memory));
    expect(mem(limits.memory)).toBeGreaterThanOrEqual(512);
  });

  it('loads the knowledge pack from a ConfigMap volume at PACK_PATH', () => {
    const packPath = envValue('PACK_PATH');
    expect(packPath).toBeDefined();
    const volume = volumeFor(packPath!);
    expect(volume?.configMap?.name ?? volume?.persistentVolumeClaim?.claimName).toBeDefined();
  });

  it('reads API_KEYS_FILE and CDS_TRUSTED_ISSUERS_FILE from Secret volumes, mounted read-only', () => {
    for (const name of ['API_KEYS_FILE', 'CDS_TRUSTED_ISSUERS_FILE']) {
      const file = envValue(name);
      expect(file).toBeDefined();
      const volume = volumeFor(file!);
      expect(volume?.secret?.secretName).toEqual(expect.any(String));
      const mount = (container.volumeMounts as Obj[]).find((m) => m.name === volume!.name);
      expect(mount?.readOnly).toBe(true);
    }
    expect(envValue('API_AUTH_DISABLED') ?? 'false').toBe('false');
    expect(envValue('CDS_AUTH_DISABLED') ?? 'false').toBe('false');
    // No credential is put straight into an env var.
    for (const e of env.values()) expect(e.valueFrom?.secretKeyRef).toBeUndefined();
  });

  it('uses only environment variables that src/config/config.ts reads', () => {
    const source = fs.readFileSync(path.resolve(__dirname, '..', '..', 'src', 'config', 'config.ts'), 'utf8');
    const known = new Set([...source.matchAll(/env\.([A-Z0-9_]+)/g)].map((m) => m[1]));
    for (const name of env.keys()) expect([name, known.has(name)]).toEqual([name, true]);
  });

  it('gives requests in flight time to finish: grace period > SHUTDOWN_TIMEOUT_MS + preStop', () => {
    const shutdownMs = Number(envValue('SHUTDOWN_TIMEOUT_MS') ?? 10_000);
    const preStop = Number((container.lifecycle?.preStop?.exec?.command as string[] | undefined)?.at(-1) ?? 0);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(shutdownMs + preStop * 1000);
  });

  it('runs as non-root without privilege escalation', () => {
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
  });

  it('has a HorizontalPodAutoscaler on CPU for the Deployment', () => {
    const hpa = ofKind('HorizontalPodAutoscaler')[0]!;
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    const cpu = (hpa.spec.metrics as Obj[]).find((m) => m.type === 'Resource' && m.resource.name === 'cpu');
    expect(cpu?.resource.target.type).toBe('Utilization');
  });

  it('has a Service that selects the pods and targets the container port', () => {
    const svc = ofKind('Service')[0]!;
    for (const [k, v] of Object.entries(svc.spec.selector as Obj))
      expect(deployment.spec.template.metadata.labels[k]).toBe(v);
    const names = new Set((container.ports as Obj[]).flatMap((p) => [p.name, p.containerPort]));
    for (const p of svc.spec.ports as Obj[]) expect(names.has(p.targetPort)).toBe(true);
  });

  it('references only ConfigMaps and Secrets that are defined here or documented in deploy/README.md', () => {
    const readme = fs.readFileSync(path.join(DEPLOY, 'README.md'), 'utf8');
    const defined = new Set(docs.map((d) => `${d.doc.kind}/${d.doc.metadata?.name}`));
    for (const v of pod.volumes as Obj[]) {
      const ref = v.configMap ? `ConfigMap/${v.configMap.name}` : v.secret ? `Secret/${v.secret.secretName}` : null;
      if (ref) expect([ref, defined.has(ref) || readme.includes(ref.split('/')[1]!)]).toEqual([ref, true]);
    }
  });

  it('kustomization lists every manifest except the secret templates', () => {
    const kustomization = docs.find((d) => d.doc.kind === 'Kustomization')!.doc;
    const listed = new Set(kustomization.resources as string[]);
    for (const file of new Set(docs.map((d) => d.file))) {
      if (file === 'kustomization.yaml' || file.includes('example')) continue;
      expect([file, listed.has(file)]).toEqual([file, true]);
    }
  });

  it('probes match admission control: readiness within its timeout, liveness does not restart a busy pod', () => {
    // Admission control bounds queued work (MAX_QUEUE_MS); a probe answered ahead of it fits well within the timeout.
    expect(Number(envValue('MAX_QUEUE_MS') ?? 250)).toBeLessThan(container.readinessProbe.timeoutSeconds * 1000);
    expect(Number(envValue('MAX_CONCURRENT_REQUESTS') ?? 4)).toBeGreaterThanOrEqual(1);
    // A liveness failure restarts the pod: it must take far longer than a surge's worth of slow answers.
    expect(container.livenessProbe.periodSeconds * container.livenessProbe.failureThreshold).toBeGreaterThanOrEqual(60);
    expect(container.livenessProbe.timeoutSeconds).toBeGreaterThanOrEqual(container.readinessProbe.timeoutSeconds);
    const hpa = ofKind('HorizontalPodAutoscaler')[0]!;
    expect(hpa.spec.behavior?.scaleUp?.stabilizationWindowSeconds ?? 0).toBe(0);
  });
});
