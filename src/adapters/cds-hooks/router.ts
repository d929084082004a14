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
import type { Case, ProposedComponent } from '../../domain/case';
import type { AppContext, RuntimeSnapshot } from '../../http/app-context';
import { problems } from '../../http/problem';
import type { KnowledgePack } from '../../knowledge/types';
import { type CaseResult, assessCases } from '../../pipeline/assess';
import { type Language, renderCards } from './cards';
import { loadCdsSettings, type CdsSettings } from './cds-settings';
import { attribute, parseFeedback } from './feedback';
import { FhirFetchError, fetchFhir } from './fhir-client';
import { FhirIssues, isObject, type JsonObject } from './fhir-read';
import { type FhirToCaseConfig, type HookName, type NotAssessed, type SourcedResource, fhirToCase, flattenFhirValue, readHookContext } from './fhir-to-case';
import { CdsAuthError, type CdsJwtVerifier, type VerifiedClient, createCdsJwtVerifier, loadTrustedIssuers } from './jwt-auth';
import { mdtLink } from './mdt-link';
import { PREFETCH, type PrefetchTemplate, SERVICES, discoveryDocument, resolveTemplate } from './services';

export interface CdsHooksDeps {
  assess?: typeof assessCases;
  fetch?: typeof fetch;
  settings?: CdsSettings;
  verifier?: CdsJwtVerifier;
  now?: () => Date;
}

const SERVICE_NAME = { en: 'Combination-therapy cost & value CDS', zh: '联合用药费用与价值决策支持' };
const DEVIATION_KINDS = ['dose-above-protocol', 'dose-below-protocol', 'schedule', 'missing-supportive', 'missing-component', 'extra-component'];
const OPTION_BASES = ['consistency-evaluated-generic', 'biosimilar', 'procured-product', 'dose-rounding', 'iv-to-oral', 'therapeutic-equivalence', 'step-down', 'guideline-preferred', 'combined'];

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

function baseUrl(ctx: AppContext, req: Request): string {
  return ctx.config.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function drugOf(pack: KnowledgePack, c: ProposedComponent): string | undefined {
  if (c.system === 'atc') return pack.atcAliases?.get(c.code) ?? c.code;
  if (c.system === 'product') return pack.products?.get(c.code)?.drug;
  if (c.system === 'his') {
    const product = pack.hisCodes?.get(c.code);
    return product ? pack.products?.get(product)?.drug : undefined;
  }
  return undefined;
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

function mappingConfig(pack: KnowledgePack, ctx: AppContext, settings: CdsSettings, now: Date): FhirToCaseConfig {
  const supportive = supportiveDrugs(pack);
  return {
    defaultHospitalTier: ctx.config.defaultHospitalTier,
    defaultRegion: ctx.config.defaultRegion,
    hisSystem: settings.hisSystem,
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
  if (Object.prototype.hasOwnProperty.call(prefetch, template.key)) return true;
  return resources.some((r) => {
    if (r.resource.resourceType !== template.resourceType) return false;
    if (!template.codes) return true;
    const codings = isObject(r.resource.code) && Array.isArray(r.resource.code.coding) ? r.resource.code.coding : [];
    return codings.some((c) => isObject(c) && template.codes?.includes(`${String(c.system)}|${String(c.code)}`));
  });
}

const WHAT: Record<string, { en: string; zh: string }> = {
  patient: { en: 'patient demographics (age, sex)', zh: '患者基本信息（年龄、性别）' },
  conditions: { en: 'diagnoses', zh: '诊断' },
  allergies: { en: 'allergies', zh: '过敏史' },
  encounter: { en: 'the encounter (inpatient/outpatient, days in hospital)', zh: '就诊信息（住院/门诊、住院天数）' },
  coverage: { en: 'insurance coverage', zh: '医保信息' },
};

function describe(key: string): { en: string; zh: string } {
  return WHAT[key] ?? { en: `observations (${key})`, zh: `检验检查结果（${key}）` };
}

export function createCdsHooksRouter(ctx: AppContext, deps: CdsHooksDeps = {}): express.Router {
  const router = express.Router();
  const settings = deps.settings ?? loadCdsSettings();
  const assess = deps.assess ?? assessCases;
  const now = deps.now ?? (() => new Date());

  let verifier: CdsJwtVerifier | null = deps.verifier ?? null;
  let authConfigError: string | null = null;
  if (ctx.config.cdsAuthDisabled) {
    ctx.logger.warn(
      { event: 'cds.auth-disabled' },
      '!!! CDS_AUTH_DISABLED=true: CDS Hooks client JWTs are NOT verified. Any caller can request decision support. Development only. !!!',
    );
  } else if (!verifier) {
    if (!ctx.config.cdsTrustedIssuersFile) authConfigError = 'No CDS_TRUSTED_ISSUERS_FILE is configured; every CDS Hooks call is refused.';
    else {
      try {
        verifier = createCdsJwtVerifier(loadTrustedIssuers(ctx.config.cdsTrustedIssuersFile));
      } catch (e) {
        authConfigError = `CDS trusted issuers could not be loaded: ${(e as Error).message}`;
      }
    }
    if (authConfigError) ctx.logger.error({ event: 'cds.auth-config' }, authConfigError);
  }

  async function authenticate(req: Request, audiences: string[]): Promise<VerifiedClient | null> {
    if (ctx.config.cdsAuthDisabled) return null;
    if (!verifier) throw problems.unauthorized(authConfigError ?? 'CDS Hooks authentication is not configured.');
    try {
      return await verifier.verify(req.get('authorization'), audiences);
    } catch (e) {
      if (e instanceof CdsAuthError) {
        ctx.logger.warn({ event: 'cds.auth-rejected', requestId: String(req.res?.locals.requestId ?? ''), reason: e.message }, 'CDS Hooks JWT rejected');
        throw problems.unauthorized(e.message);
      }
      throw e;
    }
  }

  router.get('/cds-services', (_req, res) => {
    res.json(discoveryDocument());
  });

  router.post('/cds-services/:id', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const service = SERVICES.find((s) => s.id === id);
    if (!service) throw problems.notFound(`No CDS service "${id}"; see GET /cds-services.`);
    const base = baseUrl(ctx, req);
    const client = await authenticate(req, [`${base}/cds-services/${id}`]);
    const snapshot = ctx.snapshot();
    const requestId = String(res.locals.requestId ?? '');
    const language = negotiateLanguage(req.get('accept-language'), ctx.config.defaultLanguage);

    const body: unknown = req.body;
    const envelope = readEnvelope(body, service.hook);
    const issues = new FhirIssues();
    const resources: SourcedResource[] = [];
    for (const [key, value] of Object.entries(envelope.prefetch)) resources.push(...flattenFhirValue(value, `prefetch.${key}`, 'request', issues));
    if (!issues.empty) throw problems.badRequest('The prefetch contains malformed FHIR R4; each element is named.', issues.errors);

    // Context first (a 400 must not wait for a FHIR fetch), then whatever the prefetch lacks.
    const ctxIssues = new FhirIssues();
    const hookContext = readHookContext(service.hook, envelope.context, ctxIssues);
    if (!hookContext || !ctxIssues.empty) throw problems.badRequest('The CDS Hooks context is not valid FHIR R4 for this hook.', ctxIssues.errors);

    const fetchNotes: NotAssessed[] = [];
    const missing = PREFETCH.filter((t) => !satisfied(t, envelope.prefetch, resources)).filter((t) => resolveTemplate(t.query, hookContext) !== undefined);
    if (missing.length > 0) {
      if (envelope.fhirServer && envelope.accessToken) {
        const server = envelope.fhirServer;
        const token = envelope.accessToken;
        const fetched = await Promise.all(
          missing.map(async (t) => {
            const query = resolveTemplate(t.query, hookContext) as string;
            try {
              const value = await fetchFhir(server, query, token, { timeoutMs: ctx.config.fhirTimeoutMs, retries: 1, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
              const fetchIssues = new FhirIssues();
              const out = flattenFhirValue(value as JsonObject, `fhirServer:${t.resourceType}(${t.key})`, 'fhir-server', fetchIssues);
              for (const e of fetchIssues.errors) fetchNotes.push({ where: e.pointer, reason: { en: `FHIR server answer is malformed: ${e.message}`, zh: `FHIR 服务器返回的数据格式错误：${e.message}` } });
              return out;
            } catch (e) {
              const reason = e instanceof FhirFetchError ? e.message : 'request failed';
              ctx.logger.warn({ event: 'cds.fhir-fetch-failed', requestId, template: t.key, reason }, 'FHIR fetch failed');
              const what = describe(t.key);
              fetchNotes.push({ where: `fhirServer:${t.key}`, reason: { en: `Could not fetch ${what.en} from the FHIR server (${reason}); not assessed.`, zh: `无法从 FHIR 服务器获取${what.zh}（${reason}），未评估。` } });
              return [];
            }
          }),
        );
        for (const list of fetched) resources.push(...list);
      } else {
        for (const t of missing) {
          const what = describe(t.key);
          fetchNotes.push({ where: `prefetch.${t.key}`, reason: { en: `No prefetch and no FHIR server access for ${what.en}; not assessed.`, zh: `未预取且无 FHIR 服务器访问权限：${what.zh}，未评估。` } });
        }
      }
    }

    const mapped = fhirToCase(service.hook, envelope.context, resources, mappingConfig(snapshot.pack, ctx, settings, now()));
    if (!mapped.relevant) {
      res.json({ cards: [] });
      return;
    }
    const notAssessed = [...mapped.notAssessed, ...fetchNotes];
    let assessment = null;
    if (mapped.case) {
      const result = await runAssessment(assess, mapped.case, snapshot, requestId, ctx.serviceVersion);
      if (result.ok) assessment = result.assessment;
      else
        for (const e of result.error.errors)
          notAssessed.push({ where: e.pointer, reason: { en: `${e.message} The regimen could not be assessed.`, zh: `${e.message}（无法评估该方案）` }, ...(e.code ? { code: e.code } : {}) });
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
      thresholds: { absolute: settings.savingsMinAbsolute ?? policies?.absolute ?? 0, fraction: settings.savingsMinFraction ?? policies?.fraction ?? 0 },
      ...(mapped.case ? { mdtUrl: mdtLink(base, mapped.case) } : {}),
      serviceName: SERVICE_NAME,
    });
    for (const a of attributions) if (a.type === 'alternative') ctx.metrics.alternativesOffered.inc({ basis: a.rule });
    ctx.logger.info(
      {
        event: 'cds.cards',
        requestId,
        service: service.id,
        hookInstance: envelope.hookInstance,
        client: client?.iss ?? 'auth-disabled',
        language,
        cards: attributions,
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
    const base = baseUrl(ctx, req);
    const client = await authenticate(req, [`${base}/cds-services/${id}/feedback`, `${base}/cds-services/${id}`]);
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
          card: item.card,
          cardType,
          rule,
          outcome: item.outcome,
          acceptedSuggestions: item.acceptedSuggestions,
          ...(item.overrideReason ? { overrideReason: item.overrideReason } : {}),
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

async function runAssessment(assess: typeof assessCases, kase: Case, snapshot: RuntimeSnapshot, requestId: string, serviceVersion: string): Promise<CaseResult> {
  const [result] = await assess([kase], snapshot, { explain: false, requestId, serviceVersion });
  if (!result) throw new Error('assessCases returned no result');
  return result;
}

interface Envelope {
  hookInstance: string;
  context: unknown;
  prefetch: JsonObject;
  fhirServer?: string;
  accessToken?: string;
}

function readEnvelope(body: unknown, hook: HookName): Envelope {
  const issues = new FhirIssues();
  if (!isObject(body)) throw problems.badRequest('A CDS Hooks request is a JSON object.', [{ pointer: '', message: 'must be a JSON object' }]);
  if (body.hook !== hook) issues.add('hook', `must be "${hook}" for this service`);
  if (typeof body.hookInstance !== 'string' || body.hookInstance.length === 0 || body.hookInstance.length > 128) issues.add('hookInstance', 'is required: a UUID for this hook call');
  let fhirServer: string | undefined;
  if (body.fhirServer !== undefined) {
    if (typeof body.fhirServer !== 'string') issues.add('fhirServer', 'must be a URL');
    else fhirServer = body.fhirServer;
  }
  let accessToken: string | undefined;
  if (body.fhirAuthorization !== undefined && body.fhirAuthorization !== null) {
    const fa = body.fhirAuthorization;
    if (!isObject(fa)) issues.add('fhirAuthorization', 'must be an object');
    else {
      if (typeof fa.access_token !== 'string' || fa.access_token === '') issues.add('fhirAuthorization.access_token', 'is required');
      else accessToken = fa.access_token;
      if (typeof fa.token_type !== 'string' || fa.token_type.toLowerCase() !== 'bearer') issues.add('fhirAuthorization.token_type', 'must be "Bearer"');
      if (typeof fa.expires_in !== 'number') issues.add('fhirAuthorization.expires_in', 'is required (seconds)');
      if (typeof fa.scope !== 'string') issues.add('fhirAuthorization.scope', 'is required');
      if (typeof fa.subject !== 'string') issues.add('fhirAuthorization.subject', 'is required');
      if (fhirServer === undefined) issues.add('fhirServer', 'is required when fhirAuthorization is given');
    }
  }
  let prefetch: JsonObject = {};
  if (body.prefetch !== undefined && body.prefetch !== null) {
    if (!isObject(body.prefetch)) issues.add('prefetch', 'must be an object of prefetch key → FHIR resource, Bundle or null');
    else prefetch = body.prefetch;
  }
  if (!issues.empty) throw problems.badRequest('The CDS Hooks request envelope is not valid.', issues.errors);
  return { hookInstance: body.hookInstance as string, context: body.context, prefetch, ...(fhirServer ? { fhirServer } : {}), ...(accessToken ? { accessToken } : {}) };
}

