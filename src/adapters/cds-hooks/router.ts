/**
 * CDS Hooks 2.0 endpoints:
 *   GET  /cds-services                discovery (no authentication: it carries no patient data)
 *   POST /cds-services/{id}           order-select / order-sign → cards
 *   POST /cds-services/{id}/feedback  card outcomes → audit log + cds_feedback_total
 *
 * Request lifecycle of a service call: authenticate the client's JWT → validate the envelope →
 * flatten prefetch (by resource type) → fetch what is missing from fhirServer (timeout, one
 * retry; a failure becomes a "not assessed" card, never a 500) → FHIR → Case → assess (the same
 * pipeline as the REST API) → cards in the negotiated language → audit line `cds.cards`.
 */
import express, { type Request, type Response } from 'express';
import type { ProposedComponent } from '../../domain/case';
import type { AppContext } from '../../http/app-context';
import { HttpProblem, problems } from '../../http/problem';
import { corsMiddleware } from '../../http/cors';
import type { KnowledgePack } from '../../knowledge/types';
import { type AssessEachCase, assessOne } from '../assess-one';
import { resolveMedicationCode, rxnormTarget } from '../../pipeline/resolve/codes';
import { type Language, renderCards } from './cards';
import { loadCdsSettings, type CdsSettings } from './cds-settings';
import { attribute, fingerprint, loggableReason, parseFeedback } from './feedback';
import { DEFAULT_FETCH_LIMITS, FetchBudget, FhirFetchError, allowedFhirBase, fetchFhir } from './fhir-client';
import { FhirIssues, isObject, type JsonObject, referenceId } from './fhir-read';
import {
  type FhirToCaseConfig,
  type HookName,
  type NotAssessed,
  type SourcedResource,
  fhirToCase,
  flattenFhirValue,
  parseHookContext,
} from './fhir-to-case';
import {
  CdsAuthError,
  type CdsJwtVerifier,
  type VerifiedClient,
  createCdsJwtVerifier,
  loadTrustedIssuers,
} from './jwt-auth';
import { mdtLink } from './mdt-link';
import { zhReason } from './not-assessed';
import { keepPatientResources } from './patient-identity';
import { PREFETCH, type PrefetchTemplate, SERVICES, discoveryDocument, resolveTemplate } from './services';

export interface CdsHooksDeps {
  /** The pipeline's entry point (replaceable in tests). */
  assess?: AssessEachCase;
  fetch?: typeof fetch;
  settings?: CdsSettings;
  verifier?: CdsJwtVerifier;
  now?: () => Date;
}

const SERVICE_NAME = { en: 'Combination-therapy cost & value CDS', zh: '联合用药费用与价值决策支持' };
const DEVIATION_KINDS = [
  'dose-above-protocol',
  'dose-below-protocol',
  'schedule',
  'missing-supportive',
  'missing-component',
  'extra-component',
];
const OPTION_BASES = [
  'consistency-evaluated-generic',
  'biosimilar',
  'procured-product',
  'dose-rounding',
  'iv-to-oral',
  'therapeutic-equivalence',
  'step-down',
  'guideline-preferred',
  'combined',
];

/** Preferred language from Accept-Language (q-values honoured), else the configured default. */
export function negotiateLanguage(header: string | undefined, fallback: Language): Language {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return fallback;
}

/**
 * Base URL for links on cards. The JWT audience never comes from here: it is built only from
 * PUBLIC_BASE_URL (a Host header is the caller's to choose).
 */
function baseUrl(ctx: AppContext, req: Request): string {
  return ctx.config.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/**
 * Start-up check: with client authentication on (trusted issuers configured), the expected `aud`
 * must come from PUBLIC_BASE_URL; without it the service refuses to start.
 */
export function checkCdsStartup(config: AppContext['config']): void {
  if (!config.cdsAuthDisabled && config.cdsTrustedIssuersFile && !config.publicBaseUrl)
    throw new Error(
      'Configuration: CDS_TRUSTED_ISSUERS_FILE is set but PUBLIC_BASE_URL is not; the JWT audience of the CDS Hooks services must come from PUBLIC_BASE_URL, never from the Host header.',
    );
}

/** The pack drug an order names, resolved as the pipeline resolves it (ATC with aliases, product, HIS, RxNorm, device). */
function drugOf(pack: KnowledgePack, c: ProposedComponent): string | undefined {
  const resolved = resolveMedicationCode(pack, c.code, c.system);
  return 'drug' in resolved ? resolved.drug.code : undefined;
}

/** Drugs the library uses only as supportive care; computed once per pack (packs are immutable). */
const supportiveOnly = new WeakMap<KnowledgePack, Set<string>>();

function supportiveDrugs(pack: KnowledgePack): Set<string> {
  let drugs = supportiveOnly.get(pack);
  if (!drugs) {
    const therapeutic = new Set<string>();
    const supportive = new Set<string>();
    for (const r of pack.regimens?.values() ?? []) {
      for (const c of r.components) therapeutic.add(c.drug);
      for (const s of r.supportive) supportive.add(s.drug);
    }
    drugs = new Set([...supportive].filter((d) => !therapeutic.has(d)));
    supportiveOnly.set(pack, drugs);
  }
  return drugs;
}

interface TerminologyIndex {
  nhsa: Map<string, string>;
  exact: Map<string, string>; // `${system}|${code}` → ICD-10
  prefixes: { system: string; code: string; icd10: string }[];
}

const terminologyIndexes = new WeakMap<KnowledgePack, TerminologyIndex>();

/** terminology.json indexed once per pack (packs are immutable); RxNorm through the resolve stage's index. */
function terminologyIndex(pack: KnowledgePack): TerminologyIndex {
  let index = terminologyIndexes.get(pack);
  if (!index) {
    const t = pack.terminology;
    index = {
      nhsa: new Map((t?.nhsaDrugCodes ?? []).map((n) => [n.code, n.product])),
      exact: new Map(
        (t?.conditions ?? []).filter((c) => c.match === 'exact').map((c) => [`${c.system}|${c.code}`, c.icd10]),
      ),
      // longest prefix first, so C92.0 wins over a shorter one
      prefixes: (t?.conditions ?? []).filter((c) => c.match === 'prefix').sort((a, b) => b.code.length - a.code.length),
    };
    terminologyIndexes.set(pack, index);
  }
  return index;
}

function mappingConfig(pack: KnowledgePack, ctx: AppContext, settings: CdsSettings, now: Date): FhirToCaseConfig {
  const supportive = supportiveDrugs(pack);
  const terms = terminologyIndex(pack);
  return {
    defaultHospitalTier: ctx.config.defaultHospitalTier,
    defaultRegion: ctx.config.defaultRegion,
    hisSystem: settings.hisSystem,
    hisSystems: settings.hisSystems ?? [settings.hisSystem],
    mapRxnorm: (code) => rxnormTarget(pack, code),
    mapNhsa: (code) => terms.nhsa.get(code),
    mapCondition: (system, code) => {
      const normal = code.trim().toUpperCase();
      const exact = terms.exact.get(`${system}|${normal}`);
      if (exact) return exact;
      // ICD-10-CM shares the three-character categories with ICD-10: the CM code itself is passed on
      const prefix = terms.prefixes.find((p) => p.system === system && normal.startsWith(p.code));
      return prefix ? (system === 'icd-10-cm' ? normal : prefix.icd10) : undefined;
    },
    serviceProviders: settings.serviceProviders,
    timeZone: settings.timeZone,
    now,
    conditionPrefixes: pack.manifest?.conditions?.flatMap((c) => c.icd10Prefixes) ?? [],
    insuranceTypes: pack.payerPolicy?.insuranceTypes?.map((i) => i.id) ?? [],
    isSupportive: (c) => {
      const drug = drugOf(pack, c);
      return drug !== undefined && supportive.has(drug);
    },
  };
}

const ruleIds = new WeakMap<KnowledgePack, Set<string>>();

/** Everything a card uuid may name as its rule, once per pack. */
function knownRules(pack: KnowledgePack): Set<string> {
  let ids = ruleIds.get(pack);
  if (!ids) {
    ids = new Set(['cost', 'unassessed', ...DEVIATION_KINDS, ...OPTION_BASES, ...(pack.rules ?? []).map((r) => r.id)]);
    ruleIds.set(pack, ids);
  }
  return ids;
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

export function createCdsHooksRouter(ctx: AppContext, deps: CdsHooksDeps = {}): express.Router {
  const router = express.Router();
  checkCdsStartup(ctx.config);
  const settings = deps.settings ?? loadCdsSettings();
  const defaultLanguage = settings.defaultLanguage ?? ctx.config.defaultLanguage;
  const assess = deps.assess;
  const now = deps.now ?? (() => new Date());

  let verifier: CdsJwtVerifier | null = deps.verifier ?? null;
  let authConfigError: string | null = null;
  if (ctx.config.cdsAuthDisabled) {
    ctx.logger.warn(
      { event: 'cds.auth-disabled' },
      '!!! CDS_AUTH_DISABLED=true: CDS Hooks client JWTs are NOT verified. Any caller can request decision support. Development only. !!!',
    );
  } else if (!verifier) {
    if (!ctx.config.cdsTrustedIssuersFile)
      authConfigError = 'No CDS_TRUSTED_ISSUERS_FILE is configured; every CDS Hooks call is refused.';
    else {
      try {
        verifier = createCdsJwtVerifier(loadTrustedIssuers(ctx.config.cdsTrustedIssuersFile), {
          ...(settings.jwtAlgorithms ? { algorithms: settings.jwtAlgorithms } : {}),
          ...(settings.jwtMaxLifetimeS ? { maxLifetimeSeconds: settings.jwtMaxLifetimeS } : {}),
          ...(settings.jtiCachePerIssuer ? { jtiCachePerIssuer: settings.jtiCachePerIssuer } : {}),
        });
      } catch (e) {
        authConfigError = `CDS trusted issuers could not be loaded: ${(e as Error).message}`;
      }
    }
    if (authConfigError) ctx.logger.error({ event: 'cds.auth-config' }, authConfigError);
  }

  /** `paths` are endpoint paths; the audiences are PUBLIC_BASE_URL + path, never the Host header. */
  async function authenticate(req: Request, paths: string[]): Promise<VerifiedClient | null> {
    if (ctx.config.cdsAuthDisabled) return null;
    if (!verifier) throw problems.unauthorized(authConfigError ?? 'CDS Hooks authentication is not configured.');
    const publicBase = ctx.config.publicBaseUrl;
    if (!publicBase)
      throw problems.unauthorized(
        'PUBLIC_BASE_URL is not configured, so no token audience can be checked; every CDS Hooks call is refused.',
      );
    const audiences = paths.map((p) => `${publicBase}${p}`);
    try {
      return await verifier.verify(req.get('authorization'), audiences);
    } catch (e) {
      if (e instanceof CdsAuthError) {
        ctx.logger.warn(
          { event: 'cds.auth-rejected', requestId: String(req.res?.locals.requestId ?? ''), reason: e.message },
          'CDS Hooks JWT rejected',
        );
        throw problems.unauthorized(e.message);
      }
      throw e;
    }
  }

  // Browsers (the CDS Hooks sandbox is a web page): CORS for discovery, services and feedback.
  router.use(
    '/cds-services',
    corsMiddleware(settings.corsOrigins ?? [], {
      methods: ['GET', 'POST', 'OPTIONS'],
      headers: ['Authorization', 'Content-Type', 'Accept', 'Accept-Language', 'X-Request-Id'],
    }),
  );

  router.get('/cds-services', (_req, res) => {
    res.json(discoveryDocument());
  });

  router.post('/cds-services/:id', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const service = SERVICES.find((s) => s.id === id);
    if (!service) throw problems.notFound(`No CDS service "${id}"; see GET /cds-services.`);
    const base = baseUrl(ctx, req);
    const client = await authenticate(req, [`/cds-services/${id}`]);
    const snapshot = ctx.snapshot();
    const requestId = String(res.locals.requestId ?? '');
    const language = negotiateLanguage(req.get('accept-language'), defaultLanguage);

    const body: unknown = req.body;
    const envelope = readEnvelope(body, service.hook);
    const issues = new FhirIssues();
    const prefetched: SourcedResource[] = [];
    const fetchNotes: NotAssessed[] = [...envelope.notes];
    for (const [key, value] of Object.entries(envelope.prefetch))
      prefetched.push(
        ...withoutOutcomes(
          flattenFhirValue(value, `prefetch.${key}`, 'request', issues),
          `prefetch.${key}`,
          fetchNotes,
        ),
      );
    if (!issues.empty)
      throw problems.badRequest('The prefetch contains malformed FHIR R4; each element is named.', issues.errors);

    // Context first, parsed once for the whole call (a 400 must not wait for a FHIR fetch), then
    // whatever the prefetch lacks.
    const hookContext = parseHookContext(service.hook, envelope.context);

    const templates = PREFETCH.filter((t) => resolveTemplate(t.query, hookContext) !== undefined);
    const missing = templates.filter((t) => !satisfied(t, envelope.prefetch, prefetched));
    const access =
      envelope.fhirServer === undefined
        ? undefined
        : allowedFhirBase(envelope.fhirServer, settings.fhirServerAllowlist ?? []);
    const fhirBase = access && 'base' in access ? access.base : undefined;
    const medicationIds = unresolvedMedications(hookContext.draftOrders, prefetched);
    if (access && 'refused' in access && (missing.length > 0 || medicationIds.length > 0)) {
      ctx.logger.warn(
        { event: 'cds.fhir-server-refused', requestId, reason: access.refused },
        'fhirServer not fetched from',
      );
      fetchNotes.push({
        where: 'fhirServer',
        reason: {
          en: `The FHIR server was not contacted: ${access.refused}.`,
          zh: `未访问 FHIR 服务器：${REFUSAL_ZH[access.refused] ?? '不允许访问'}。`,
        },
      });
    }
    // CDS Hooks 2.0: no prefetch and no way to fetch what the service needs → 412 (only when there
    // is an order this service assesses at all).
    if (
      missing.length === templates.length &&
      prefetched.length === 0 &&
      fhirBase === undefined &&
      hasOrderToAssess(service.hook, hookContext)
    )
      throw new HttpProblem(
        412,
        'precondition-failed',
        'Precondition failed',
        'No prefetch data was sent and the service cannot fetch from the FHIR server (no fhirServer, or not on CDS_FHIR_SERVER_ALLOWLIST); the order cannot be assessed.',
      );

    const fetched: SourcedResource[] = [];
    const budget = new FetchBudget(settings.fetchLimits ?? DEFAULT_FETCH_LIMITS);
    const fetchOptions = {
      timeoutMs: ctx.config.fhirTimeoutMs,
      retries: 1,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    };
    const fetchInto = async (query: string, key: string, what: { en: string; zh: string }): Promise<void> => {
      if (fhirBase === undefined) return;
      try {
        const outcome = await fetchFhir(fhirBase, query, envelope.accessToken, fetchOptions, budget);
        const fetchIssues = new FhirIssues();
        const list = withoutOutcomes(
          flattenFhirValue(outcome.value as JsonObject, `fhirServer:${key}`, 'fhir-server', fetchIssues),
          `fhirServer:${key}`,
          fetchNotes,
        );
        for (const e of fetchIssues.errors)
          fetchNotes.push({
            where: e.pointer,
            reason: { en: `FHIR server answer is malformed: ${e.message}`, zh: '从 FHIR 服务器获取的数据格式错误。' },
          });
        if (outcome.incomplete)
          fetchNotes.push({
            where: `fhirServer:${key}`,
            reason: {
              en: `Only part of ${what.en} could be read from the FHIR server (${outcome.incomplete}); what is missing was not assessed.`,
              zh: `只从 FHIR 服务器读取到部分${what.zh}，缺少的部分未评估。`,
            },
          });
        fetched.push(...list);
      } catch (e) {
        const reason = e instanceof FhirFetchError ? e.message : 'request failed';
        ctx.logger.warn({ event: 'cds.fhir-fetch-failed', requestId, template: key, reason }, 'FHIR fetch failed');
        fetchNotes.push({
          where: `fhirServer:${key}`,
          reason: {
            en: `Could not fetch ${what.en} from the FHIR server (${reason}); not assessed.`,
            zh: `无法从 FHIR 服务器获取${what.zh}，未评估。`,
          },
        });
      }
    };
    if (fhirBase !== undefined) {
      await Promise.all(
        missing.map((t) => fetchInto(resolveTemplate(t.query, hookContext) as string, t.key, describe(t.key))),
      );
    } else {
      for (const t of missing) {
        const what = describe(t.key);
        fetchNotes.push({
          where: `prefetch.${t.key}`,
          reason: {
            en: `No prefetch and no FHIR server access for ${what.en}; not assessed.`,
            zh: `未预取且无 FHIR 服务器访问权限：${what.zh}，未评估。`,
          },
        });
      }
    }
    // Medications the draft orders reference but do not contain: fetched by id.
    await Promise.all(
      unresolvedMedications(hookContext.draftOrders, [...prefetched, ...fetched]).map((id) =>
        fetchInto(`Medication/${encodeURIComponent(id)}`, 'medication', {
          en: 'a referenced Medication',
          zh: '引用的药品信息',
        }),
      ),
    );
    if (budget.requests > 0)
      ctx.logger.info(
        {
          event: 'cds.fhir-fetch',
          requestId,
          requests: budget.requests,
          bytes: budget.limits.maxHookBytes - budget.remaining,
        },
        'FHIR data fetched',
      );

    const identity = keepPatientResources([...prefetched, ...fetched], hookContext.patientId);
    const resources = identity.kept;
    fetchNotes.push(...identity.notAssessed);

    const mapped = fhirToCase(service.hook, hookContext, resources, mappingConfig(snapshot.pack, ctx, settings, now()));
    if (!mapped.relevant) {
      res.json({ cards: [] });
      return;
    }
    const notAssessed = [...mapped.notAssessed, ...fetchNotes];
    let assessment = null;
    if (mapped.case) {
      const options = { explain: false, requestId, serviceVersion: ctx.serviceVersion };
      const result = await assessOne(mapped.case, snapshot, options, assess);
      if (result.ok) assessment = result.assessment;
      else
        for (const e of result.error.errors)
          notAssessed.push({
            where: e.pointer,
            reason: {
              en: `${e.message} The regimen could not be assessed.`,
              zh: `${zhReason(e.message)}（无法评估该方案）`,
            },
            ...(e.code ? { code: e.code } : {}),
          });
      ctx.metrics.assessments.inc({ interface: 'cds-hooks', outcome: result.ok ? 'ok' : 'unresolvable' });
    }
    const policies = snapshot.pack.policies?.savingsDisplayThreshold;
    const { cards, attributions } = renderCards({
      hookInstance: envelope.hookInstance,
      language,
      assessment,
      kase: mapped.case,
      notAssessed,
      orders: mapped.orders,
      context: hookContext,
      thresholds: {
        absolute: settings.savingsMinAbsolute ?? policies?.absolute ?? 0,
        fraction: settings.savingsMinFraction ?? policies?.fraction ?? 0,
      },
      ...(mapped.case ? { mdtUrl: mdtLink(base, mapped.case) } : {}),
      serviceName: SERVICE_NAME,
      maxCards: settings.maxCards ?? 5,
      suggestionStyle: settings.suggestionStyle ?? 'delete-create',
      ...(snapshot.pack.policies?.cdsCards ? { cardSwitches: snapshot.pack.policies.cdsCards } : {}),
    });
    for (const a of attributions) if (a.type === 'alternative') ctx.metrics.alternativesOffered.inc({ basis: a.rule });
    ctx.logger.info(
      {
        event: 'cds.cards',
        requestId,
        service: service.id,
        hookInstance: fingerprint(envelope.hookInstance),
        client: client?.iss ?? 'auth-disabled',
        language,
        cards: attributions.map((a) => ({
          card: fingerprint(a.uuid),
          type: a.type,
          rule: a.rule,
          suggestions: a.suggestions.length,
        })),
        pack: assessment ? `${assessment.provenance.pack.id}@${assessment.provenance.pack.version}` : undefined,
      },
      'CDS Hooks cards returned',
    );
    res.setHeader('Content-Language', language === 'zh' ? 'zh-CN' : 'en');
    res.json({ cards });
  });

  router.post('/cds-services/:id/feedback', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const service = SERVICES.find((s) => s.id === id);
    if (!service) throw problems.notFound(`No CDS service "${id}"; see GET /cds-services.`);
    const client = await authenticate(req, [`/cds-services/${id}/feedback`, `/cds-services/${id}`]);
    const items = parseFeedback(req.body);
    const rules = knownRules(ctx.snapshot().pack);
    for (const item of items) {
      const { cardType, rule } = attribute(item.card, rules);
      ctx.metrics.cdsFeedback.inc({ card_type: cardType, rule, outcome: item.outcome });
      ctx.logger.info(
        {
          event: 'cds.feedback',
          requestId: String(res.locals.requestId ?? ''),
          service: service.id,
          client: client?.iss ?? 'auth-disabled',
          card: fingerprint(item.card),
          cardType,
          rule,
          outcome: item.outcome,
          acceptedSuggestions: item.acceptedSuggestions.length,
          ...(item.overrideReason ? { overrideReason: loggableReason(item.overrideReason) } : {}),
          hasUserComment: item.hasUserComment,
          outcomeTimestamp: item.outcomeTimestamp,
        },
        'CDS Hooks card feedback',
      );
    }
    res.json({ received: items.length });
  });

  return router;
}

interface Envelope {
  hookInstance: string;
  context: unknown;
  prefetch: JsonObject;
  fhirServer?: string;
  accessToken?: string;
  /** What of the envelope could not be used (a partial fhirAuthorization …): said on the cards, never a 400. */
  notes: NotAssessed[];
}

function readEnvelope(body: unknown, hook: HookName): Envelope {
  const issues = new FhirIssues();
  const notes: NotAssessed[] = [];
  if (!isObject(body))
    throw problems.badRequest('A CDS Hooks request is a JSON object.', [
      { pointer: '', message: 'must be a JSON object' },
    ]);
  if (body.hook !== hook) issues.add('hook', `must be "${hook}" for this service`);
  if (typeof body.hookInstance !== 'string' || body.hookInstance.length === 0 || body.hookInstance.length > 128)
    issues.add('hookInstance', 'is required: a UUID for this hook call');
  let fhirServer: string | undefined;
  if (body.fhirServer !== undefined && body.fhirServer !== null) {
    if (typeof body.fhirServer !== 'string' || body.fhirServer === '')
      notes.push({
        where: 'fhirServer',
        reason: { en: 'fhirServer is not a URL; nothing was fetched.', zh: 'fhirServer 不是有效网址，未获取数据。' },
      });
    else fhirServer = body.fhirServer;
  }
  let accessToken: string | undefined;
  if (body.fhirAuthorization !== undefined && body.fhirAuthorization !== null) {
    const fa = body.fhirAuthorization;
    // Real clients send partial authorizations (no expires_in, scope or subject; an empty token):
    // the hook is still answered, without a token, and the card says so.
    const usable =
      isObject(fa) &&
      typeof fa.access_token === 'string' &&
      fa.access_token !== '' &&
      fa.access_token.length <= 8192 &&
      (fa.token_type === undefined || (typeof fa.token_type === 'string' && fa.token_type.toLowerCase() === 'bearer'));
    if (usable) accessToken = fa.access_token as string;
    else
      notes.push({
        where: 'fhirAuthorization',
        reason: {
          en: 'fhirAuthorization carries no usable bearer access_token; the FHIR server is called without a token.',
          zh: 'fhirAuthorization 中没有可用的访问令牌，访问 FHIR 服务器时不带令牌。',
        },
      });
  }
  let prefetch: JsonObject = {};
  if (body.prefetch !== undefined && body.prefetch !== null) {
    if (!isObject(body.prefetch))
      issues.add('prefetch', 'must be an object of prefetch key → FHIR resource, Bundle or null');
    else prefetch = body.prefetch;
  }
  if (!issues.empty) throw problems.badRequest('The CDS Hooks request envelope is not valid.', issues.errors);
  return {
    hookInstance: body.hookInstance as string,
    context: body.context,
    prefetch,
    ...(fhirServer ? { fhirServer } : {}),
    ...(accessToken ? { accessToken } : {}),
    notes,
  };
}
