/**
 * The FHIR data a hook call is assessed on: the prefetch (flattened by resource type), then what it
 * lacks fetched from the client's FHIR server when that server is allowed (timeout, one retry, a
 * byte and request budget), then only what is about the hook's patient. Whatever could not be had
 * is a "not assessed" note, never a 500; nothing prefetched and nothing fetchable is a 412.
 */
import type { AppContext } from '../../http/app-context';
import { HttpProblem, problems } from '../../http/problem';
import type { CdsSettings } from './cds-settings';
import type { Envelope } from './envelope';
import { DEFAULT_FETCH_LIMITS, FetchBudget, FhirFetchError, allowedFhirBase, fetchFhir } from './fhir-client';
import { FhirIssues, isObject, type JsonObject, referenceId } from './fhir-read';
import { flattenFhirValue } from './fhir/hook-context';
import type { HookContext, HookName, SourcedResource } from './fhir/types';
import type { NotAssessed } from './not-assessed';
import { keepPatientResources } from './patient-identity';
import { PREFETCH, type PrefetchTemplate, resolveTemplate } from './services';

type What = { en: string; zh: string };

/** What gathering needs from the service: its logger and timeout, the CDS settings, the fetch to use. */
export interface HookDataSources {
  ctx: Pick<AppContext, 'logger' | 'config'>;
  settings: CdsSettings;
  fetch?: typeof fetch;
  requestId: string;
}

export interface HookData {
  /** Resources about the hook's patient, prefetched or fetched. */
  resources: SourcedResource[];
  /** What of the envelope, the prefetch or the fetch could not be used. */
  notes: NotAssessed[];
}

/** The prefetch as resources; a malformed prefetch is the client's 400. */
export function readPrefetch(envelope: Envelope, notes: NotAssessed[]): SourcedResource[] {
  const issues = new FhirIssues();
  const prefetched: SourcedResource[] = [];
  for (const [key, value] of Object.entries(envelope.prefetch))
    prefetched.push(
      ...withoutOutcomes(flattenFhirValue(value, `prefetch.${key}`, 'request', issues), `prefetch.${key}`, notes),
    );
  if (!issues.empty)
    throw problems.badRequest('The prefetch contains malformed FHIR R4; each element is named.', issues.errors);
  return prefetched;
}

/**
 * Everything the hook is assessed on. `prefetched` comes from readPrefetch, read (with the
 * context) before anything is fetched, so a 400 never waits for a FHIR server.
 */
export async function gatherHookData(
  call: { hook: HookName; envelope: Envelope; context: HookContext },
  prefetched: SourcedResource[],
  notes: NotAssessed[],
  sources: HookDataSources,
): Promise<HookData> {
  const { envelope, context } = call;
  const templates = PREFETCH.filter((t) => resolveTemplate(t.query, context) !== undefined);
  const missing = templates.filter((t) => !satisfied(t, envelope.prefetch, prefetched));
  const fhirBase = fhirServerBase(envelope, {
    needed: missing.length > 0 || unresolvedMedications(context.draftOrders, prefetched).length > 0,
    notes,
    sources,
  });
  // CDS Hooks 2.0: no prefetch and no way to fetch what the service needs → 412 (only when there
  // is an order this service assesses at all).
  if (
    missing.length === templates.length &&
    prefetched.length === 0 &&
    fhirBase === undefined &&
    hasOrderToAssess(call.hook, context)
  )
    throw new HttpProblem(
      412,
      'precondition-failed',
      'Precondition failed',
      'No prefetch data was sent and the service cannot fetch from the FHIR server (no fhirServer, or not on CDS_FHIR_SERVER_ALLOWLIST); the order cannot be assessed.',
    );
  const fetcher = new HookFetcher(fhirBase, envelope.accessToken, notes, sources);
  if (fhirBase !== undefined)
    await Promise.all(
      missing.map((t) => fetcher.fetchInto(resolveTemplate(t.query, context) as string, t.key, describe(t.key))),
    );
  else for (const t of missing) notes.push(notPrefetched(t.key));
  // Medications the draft orders reference but do not contain: fetched by id.
  await Promise.all(
    unresolvedMedications(context.draftOrders, [...prefetched, ...fetcher.fetched]).map((id) =>
      fetcher.fetchInto(`Medication/${encodeURIComponent(id)}`, 'medication', {
        en: 'a referenced Medication',
        zh: '引用的药品信息',
      }),
    ),
  );
  fetcher.logTotals();
  const identity = keepPatientResources([...prefetched, ...fetcher.fetched], context.patientId);
  notes.push(...identity.notAssessed);
  return { resources: identity.kept, notes };
}

/** The FHIR server to fetch from, when the envelope names one on the allow-list; a refusal is noted when it mattered. */
function fhirServerBase(
  envelope: Envelope,
  { needed, notes, sources }: { needed: boolean; notes: NotAssessed[]; sources: HookDataSources },
): string | undefined {
  if (envelope.fhirServer === undefined) return undefined;
  const access = allowedFhirBase(envelope.fhirServer, sources.settings.fhirServerAllowlist ?? []);
  if ('base' in access) return access.base;
  if (needed) {
    sources.ctx.logger.warn(
      { event: 'cds.fhir-server-refused', requestId: sources.requestId, reason: access.refused },
      'fhirServer not fetched from',
    );
    notes.push({
      where: 'fhirServer',
      reason: {
        en: `The FHIR server was not contacted: ${access.refused}.`,
        zh: `未访问 FHIR 服务器：${REFUSAL_ZH[access.refused] ?? '不允许访问'}。`,
      },
    });
  }
  return undefined;
}

function notPrefetched(key: string): NotAssessed {
  const what = describe(key);
  return {
    where: `prefetch.${key}`,
    reason: {
      en: `No prefetch and no FHIR server access for ${what.en}; not assessed.`,
      zh: `未预取且无 FHIR 服务器访问权限：${what.zh}，未评估。`,
    },
  };
}

/** Fetches from one FHIR server within one budget; every failure becomes a note. */
class HookFetcher {
  readonly fetched: SourcedResource[] = [];
  private readonly budget: FetchBudget;
  private readonly options: { timeoutMs: number; retries: number; fetch?: typeof fetch };

  constructor(
    private readonly base: string | undefined,
    private readonly accessToken: string | undefined,
    private readonly notes: NotAssessed[],
    private readonly sources: HookDataSources,
  ) {
    this.budget = new FetchBudget(sources.settings.fetchLimits ?? DEFAULT_FETCH_LIMITS);
    this.options = {
      timeoutMs: sources.ctx.config.fhirTimeoutMs,
      retries: 1,
      ...(sources.fetch ? { fetch: sources.fetch } : {}),
    };
  }

  async fetchInto(query: string, key: string, what: What): Promise<void> {
    if (this.base === undefined) return;
    try {
      const outcome = await fetchFhir(this.base, query, this.accessToken, this.options, this.budget);
      const fetchIssues = new FhirIssues();
      const list = withoutOutcomes(
        flattenFhirValue(outcome.value as JsonObject, `fhirServer:${key}`, 'fhir-server', fetchIssues),
        `fhirServer:${key}`,
        this.notes,
      );
      for (const e of fetchIssues.errors)
        this.notes.push({
          where: e.pointer,
          reason: { en: `FHIR server answer is malformed: ${e.message}`, zh: '从 FHIR 服务器获取的数据格式错误。' },
        });
      if (outcome.incomplete)
        this.notes.push({
          where: `fhirServer:${key}`,
          reason: {
            en: `Only part of ${what.en} could be read from the FHIR server (${outcome.incomplete}); what is missing was not assessed.`,
            zh: `只从 FHIR 服务器读取到部分${what.zh}，缺少的部分未评估。`,
          },
        });
      this.fetched.push(...list);
    } catch (e) {
      const reason = e instanceof FhirFetchError ? e.message : 'request failed';
      this.sources.ctx.logger.warn(
        { event: 'cds.fhir-fetch-failed', requestId: this.sources.requestId, template: key, reason },
        'FHIR fetch failed',
      );
      this.notes.push({
        where: `fhirServer:${key}`,
        reason: {
          en: `Could not fetch ${what.en} from the FHIR server (${reason}); not assessed.`,
          zh: `无法从 FHIR 服务器获取${what.zh}，未评估。`,
        },
      });
    }
  }

  logTotals(): void {
    if (this.budget.requests === 0) return;
    this.sources.ctx.logger.info(
      {
        event: 'cds.fhir-fetch',
        requestId: this.sources.requestId,
        requests: this.budget.requests,
        bytes: this.budget.limits.maxHookBytes - this.budget.remaining,
      },
      'FHIR data fetched',
    );
  }
}

/** Whether the prefetch already answers a template: its key was sent (even as null), or resources it would return are there. */
function satisfied(template: PrefetchTemplate, prefetch: JsonObject, resources: readonly SourcedResource[]): boolean {
  if (Object.prototype.hasOwnProperty.call(prefetch, template.key)) {
    const value = prefetch[template.key];
    // CDS Hooks 2.0: a client that could not prefetch may send an OperationOutcome; that is missing data.
    return !(isObject(value) && value.resourceType === 'OperationOutcome');
  }
  return resources.some((r) => {
    if (r.resource.resourceType !== template.resourceType) return false;
    if (!template.codes) return true;
    const codings = isObject(r.resource.code) && Array.isArray(r.resource.code.coding) ? r.resource.code.coding : [];
    return codings.some((c) => isObject(c) && template.codes?.includes(`${String(c.system)}|${String(c.code)}`));
  });
}

/**
 * OperationOutcomes (sent for a failed prefetch, or as a searchset's `outcome` entries) carry no
 * patient data: dropped, with a note when they stood for the whole answer.
 */
function withoutOutcomes(resources: SourcedResource[], where: string, notes: NotAssessed[]): SourcedResource[] {
  const kept = resources.filter((r) => r.resource.resourceType !== 'OperationOutcome');
  if (kept.length === 0 && resources.length > 0) {
    const key = where.replace(/^(prefetch\.|fhirServer:)/, '');
    const what = describe(key);
    notes.push({
      where,
      reason: {
        en: `The EHR could not provide ${what.en} (OperationOutcome); not assessed.`,
        zh: `电子病历系统未能提供${what.zh}，未评估。`,
      },
    });
  }
  return kept;
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Whether the hook carries a (selected, for order-select) medication or device order. */
function hasOrderToAssess(hook: HookName, context: { selections: string[]; draftOrders: JsonObject }): boolean {
  const entries = Array.isArray(context.draftOrders.entry) ? context.draftOrders.entry : [];
  return entries.some((e) => {
    if (!isObject(e) || !isObject(e.resource)) return false;
    const type = e.resource.resourceType;
    if (type !== 'MedicationRequest' && type !== 'DeviceRequest') return false;
    return hook === 'order-sign' || context.selections.includes(`${type}/${String(e.resource.id)}`);
  });
}

/** Ids of Medications that draft orders reference (not `#contained`) and that no resource at hand supplies. */
function unresolvedMedications(draftOrders: JsonObject, known: readonly SourcedResource[]): string[] {
  const have = new Set(
    known
      .filter((r) => r.resource.resourceType === 'Medication' && typeof r.resource.id === 'string')
      .map((r) => r.resource.id as string),
  );
  const entries = Array.isArray(draftOrders.entry) ? draftOrders.entry : [];
  for (const e of entries)
    if (
      isObject(e) &&
      isObject(e.resource) &&
      e.resource.resourceType === 'Medication' &&
      typeof e.resource.id === 'string'
    )
      have.add(e.resource.id);
  const out = new Set<string>();
  for (const e of entries) {
    if (!isObject(e) || !isObject(e.resource) || e.resource.resourceType !== 'MedicationRequest') continue;
    const ref = isObject(e.resource.medicationReference) ? e.resource.medicationReference.reference : undefined;
    if (typeof ref !== 'string' || ref.startsWith('#')) continue;
    const id = referenceId(ref, 'Medication');
    if (id && FHIR_ID.test(id) && !have.has(id)) out.add(id);
  }
  return [...out].slice(0, 20);
}

/** Chinese for the fixed refusal reasons of allowedFhirBase (no English in a Chinese card). */
const REFUSAL_ZH: Record<string, string> = {
  'fetching from FHIR servers is not enabled (CDS_FHIR_SERVER_ALLOWLIST is empty)':
    '本服务未启用从 FHIR 服务器获取数据',
  'fhirServer is not a URL': 'fhirServer 不是有效网址',
  'fhirServer carries credentials': 'fhirServer 网址中含有账号密码',
  'fhirServer carries a query or fragment': 'fhirServer 网址中含有查询参数',
  'fhirServer is not http(s)': 'fhirServer 不是 http(s) 网址',
  'fhirServer is not on the allow-list of this service': 'fhirServer 不在本服务的允许列表中',
};

const WHAT: Record<string, { en: string; zh: string }> = {
  patient: { en: 'patient demographics (age, sex)', zh: '患者基本信息（年龄、性别）' },
  conditions: { en: 'diagnoses', zh: '诊断' },
  allergies: { en: 'allergies', zh: '过敏史' },
  encounter: { en: 'the encounter (inpatient/outpatient, days in hospital)', zh: '就诊信息（住院/门诊、住院天数）' },
  coverage: { en: 'insurance coverage', zh: '医保信息' },
  weight: { en: 'body weight', zh: '体重' },
  height: { en: 'height', zh: '身高' },
  egfr: { en: 'eGFR', zh: '估算肾小球滤过率' },
  creatinine: { en: 'serum creatinine', zh: '血清肌酐' },
  alt: { en: 'ALT', zh: '丙氨酸氨基转移酶' },
  hba1c: { en: 'HbA1c', zh: '糖化血红蛋白' },
  ecog: { en: 'ECOG performance status', zh: 'ECOG 体能评分' },
  stage: { en: 'tumour stage', zh: '肿瘤分期' },
  'genomic-variants': { en: 'genomic variant results', zh: '基因变异检测结果' },
  her2: { en: 'HER2 results', zh: 'HER2 检测结果' },
  'reproductive-status': { en: 'pregnancy and breastfeeding status', zh: '妊娠及哺乳状态' },
  procedures: { en: 'procedures of this admission', zh: '本次住院的手术操作' },
  scores: { en: 'clinical scores', zh: '临床评分' },
};

function describe(key: string): { en: string; zh: string } {
  return WHAT[key] ?? { en: `observations (${key})`, zh: '检验检查结果' };
}
