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
import type { Assessment } from '../../pipeline/assess';
import { problems } from '../../http/problem';
import { corsMiddleware } from '../../http/cors';
import { packIndex } from '../../knowledge/compile/compiled-pack';
import type { KnowledgePack } from '../../knowledge/types';
import { type AssessEachCase, assessOne } from '../assess-one';
import { resolveMedicationCode, rxnormTarget } from '../../pipeline/resolve/codes';
import { type Language, renderCards } from './cards';
import { loadCdsSettings, type CdsSettings } from './cds-settings';
import { attribute, fingerprint, loggableReason, parseFeedback } from './feedback';
import { type FhirToCaseConfig, type NotAssessed, fhirToCase, parseHookContext } from './fhir-to-case';
import type { CdsJwtVerifier } from './jwt-auth';
import { readEnvelope } from './envelope';
import { gatherHookData, readPrefetch } from './hook-data';
import { type Authenticate, cdsAuthenticator } from './client-auth';
import { mdtLink } from './mdt-link';
import { zhReason } from './not-assessed';
import { SERVICES, discoveryDocument } from './services';

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

function mappingConfig(pack: KnowledgePack, ctx: AppContext, settings: CdsSettings, now: Date): FhirToCaseConfig {
  const index = packIndex(pack);
  const supportive = index.supportiveOnlyDrugs;
  const terms = index.terminology;
  return {
    defaultHospitalTier: ctx.config.defaultHospitalTier,
    defaultRegion: ctx.config.defaultRegion,
    hisSystem: settings.hisSystem,
    hisSystems: settings.hisSystems ?? [settings.hisSystem],
    mapRxnorm: (code) => rxnormTarget(pack, code),
    mapNhsa: (code) => terms.nhsa.get(code),
    mapCondition: (system, code) => {
      const normal = code.trim().toUpperCase();
      const exact = terms.exactConditions.get(`${system}|${normal}`);
      if (exact) return exact;
      // ICD-10-CM shares the three-character categories with ICD-10: the CM code itself is passed on
      const prefix = terms.conditionPrefixes.find((p) => p.system === system && normal.startsWith(p.code));
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

const FIXED_RULES = ['cost', 'unassessed', ...DEVIATION_KINDS, ...OPTION_BASES];

/** Everything a card uuid may name as its rule: the fixed ones and the pack's rule ids (compiled pack). */
function knownRules(pack: KnowledgePack): Set<string> {
  return new Set([...FIXED_RULES, ...packIndex(pack).ruleIds]);
}

export function createCdsHooksRouter(ctx: AppContext, deps: CdsHooksDeps = {}): express.Router {
  const router = express.Router();
  checkCdsStartup(ctx.config);
  const settings = deps.settings ?? loadCdsSettings();
  const authenticate = cdsAuthenticator(ctx, settings, deps.verifier);
  const routing: Routing = {
    ctx,
    settings,
    defaultLanguage: settings.defaultLanguage ?? ctx.config.defaultLanguage,
    now: deps.now ?? (() => new Date()),
    authenticate,
    ...(deps.assess ? { assess: deps.assess } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  };

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

  router.post('/cds-services/:id', serviceCall(routing));
  router.post('/cds-services/:id/feedback', feedback(ctx, authenticate));

  return router;
}

/** What a CDS service call needs from the router: the service, its settings and the pipeline. */
interface Routing {
  ctx: AppContext;
  settings: CdsSettings;
  defaultLanguage: Language;
  now: () => Date;
  authenticate: Authenticate;
  assess?: AssessEachCase;
  fetch?: typeof fetch;
}

/** POST /cds-services/{id}: envelope → context (parsed once) → FHIR data → Case → assessment → cards. */
function serviceCall({ ctx, settings, defaultLanguage, now, authenticate, assess, fetch: fetchFn }: Routing) {
  return async (req: Request, res: Response): Promise<void> => {
    const id = String(req.params.id);
    const service = SERVICES.find((s) => s.id === id);
    if (!service) throw problems.notFound(`No CDS service "${id}"; see GET /cds-services.`);
    const base = baseUrl(ctx, req);
    const client = await authenticate(req, [`/cds-services/${id}`]);
    const snapshot = ctx.snapshot();
    const requestId = String(res.locals.requestId ?? '');
    const language = negotiateLanguage(req.get('accept-language'), defaultLanguage);

    const envelope = readEnvelope(req.body, service.hook);
    const notes: NotAssessed[] = [...envelope.notes];
    const prefetched = readPrefetch(envelope, notes);
    // Context first, parsed once for the whole call (a 400 must not wait for a FHIR fetch), then
    // whatever the prefetch lacks.
    const hookContext = parseHookContext(service.hook, envelope.context);
    const { resources } = await gatherHookData(
      { hook: service.hook, envelope, context: hookContext },
      prefetched,
      notes,
      { ctx, settings, requestId, ...(fetchFn ? { fetch: fetchFn } : {}) },
    );

    const mapped = fhirToCase(service.hook, hookContext, resources, mappingConfig(snapshot.pack, ctx, settings, now()));
    if (!mapped.relevant) {
      res.json({ cards: [] });
      return;
    }
    const notAssessed = [...mapped.notAssessed, ...notes];
    const assessment = mapped.case
      ? await assessForCards(mapped.case, notAssessed, { ctx, settings, snapshot, requestId, assess })
      : null;
    const { cards, attributions } = renderCards({
      hookInstance: envelope.hookInstance,
      language,
      assessment,
      kase: mapped.case,
      notAssessed,
      orders: mapped.orders,
      context: hookContext,
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
  };
}

/** POST /cds-services/{id}/feedback: card outcomes → audit log + cds_feedback_total. */
function feedback(ctx: AppContext, authenticate: Authenticate) {
  return async (req: Request, res: Response): Promise<void> => {
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
  };
}

/**
 * The case assessed by the same pipeline entry point as the REST API; a case it cannot assess
 * becomes "not assessed" lines (in both languages) instead of a 422.
 */
async function assessForCards(
  kase: Case,
  notAssessed: NotAssessed[],
  {
    ctx,
    settings,
    snapshot,
    requestId,
    assess,
  }: { ctx: AppContext; settings: CdsSettings; snapshot: RuntimeSnapshot; requestId: string; assess?: AssessEachCase },
): Promise<Assessment | null> {
  // The full view: the alternatives card builds replacement orders from each option's costed components.
  const options = {
    explain: false,
    view: 'full' as const,
    requestId,
    serviceVersion: ctx.serviceVersion,
    savingsDisplayThreshold: displayThreshold(settings, snapshot),
  };
  const result = await assessOne(kase, snapshot, options, assess);
  ctx.metrics.assessments.inc({ interface: 'cds-hooks', outcome: result.ok ? 'ok' : 'unresolvable' });
  if (result.ok) return result.assessment;
  for (const e of result.error.errors)
    notAssessed.push({
      where: e.pointer,
      reason: {
        en: `${e.message} The regimen could not be assessed.`,
        zh: `${zhReason(e.message)}（无法评估该方案）`,
      },
      ...(e.code ? { code: e.code } : {}),
    });
  return null;
}

/**
 * The cheaper-alternative display threshold for cards: CDS_SAVINGS_MIN_* where set, else the pack's.
 * The options stage applies it; cards show what it lets through.
 */
function displayThreshold(settings: CdsSettings, snapshot: RuntimeSnapshot): { absolute: number; fraction: number } {
  const pack = snapshot.pack.policies.savingsDisplayThreshold;
  return {
    absolute: settings.savingsMinAbsolute ?? pack.absolute,
    fraction: settings.savingsMinFraction ?? pack.fraction,
  };
}
