/**
 * Assessment → CDS Hooks 2.0 cards. Pure: the same assessment, orders, language and thresholds
 * always give the same cards (uuids included, see card-ids.ts).
 *
 * Cards (at most CDS_MAX_CARDS, default 5, ordered critical → warnings → cost → alternatives →
 * not assessed → informational findings → preferred options; critical cards are never dropped;
 * the pack's policies.cdsCards switches card types off):
 * - cost and DRG (one): expected cost, payment standard, margin, approval threshold. `info`, or
 *   `warning` when over the overspend threshold or approval is needed; money is never `critical`.
 * - protocol deviations (one per deviation) and guideline findings (one per finding), with the
 *   severity the pack gives them (`critical` is kept for patient safety by the pack), override
 *   reasons, and a ServiceRequest suggestion where the fix is a test to order.
 * - cheaper alternatives (ONE card, one suggestion per option whose savings reach the display
 *   threshold, at-most-one, the best recommended): delete the draft order and create its
 *   replacement, or update it (CDS_SUGGESTION_STYLE=update) for a single-drug switch. Suggested
 *   resources are built fresh as valid R4 (fhir-build.ts).
 * - not assessed (one, info): unknown codes, missing data, what could not be fetched.
 */
import type { Case } from '../../domain/case';
import type { components } from '../../generated/api';
import type { LocalizedText } from '../../knowledge/types';
import { type CardType, cardUuid } from './card-ids';
import { LOINC, SYSTEMS } from './code-systems';
import { cleanCodeableConcept, cleanDateTime, cleanDosage, cleanNotes, cleanReference } from './fhir-build';
import type { JsonObject } from './fhir-read';
import type { DraftOrder, NotAssessed } from './fhir-to-case';

type Assessment = components['schemas']['Assessment'];
type Option = Assessment['alternatives'][number];
type Finding = Assessment['findings'][number];
type ComponentCost = Assessment['expectedCost']['components'][number];

export type Language = 'en' | 'zh';

export interface CdsCoding {
  system: string;
  code: string;
  display?: string;
}

export interface CdsAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: JsonObject;
  resourceId?: string;
}

export interface CdsSuggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions: CdsAction[];
}

export interface CdsLink {
  label: string;
  url: string;
  type: 'absolute';
}

export interface CdsCard {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string; topic?: CdsCoding };
  suggestions?: CdsSuggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: CdsCoding[];
  links?: CdsLink[];
}

/** What the audit log records per card, so feedback can be joined to it. */
export interface CardAttribution {
  uuid: string;
  type: CardType;
  rule: string;
  suggestions: string[];
}

export interface SavingsThreshold {
  /** CNY per course. */
  absolute: number;
  /** Fraction of the proposal's course cost. */
  fraction: number;
}

export interface RenderInput {
  hookInstance: string;
  language: Language;
  assessment: Assessment | null;
  kase: Case | null;
  notAssessed: readonly NotAssessed[];
  orders: readonly DraftOrder[];
  context: { patientId: string; userId?: string; encounterId?: string };
  thresholds: SavingsThreshold;
  /** Absolute URL of the MDT review page for this case, if one can be made. */
  mdtUrl?: string;
  serviceName: LocalizedText;
  /** At most this many cards (CDS_MAX_CARDS); critical cards are never dropped. */
  maxCards?: number;
  /** `update`: a single-drug switch updates the draft order; default delete + create. */
  suggestionStyle?: 'delete-create' | 'update';
  /** The pack's policies.cdsCards: a type set to false is not shown (unless critical). */
  cardSwitches?: Partial<Record<CardType, boolean>>;
}

export const SUMMARY_MAX = 139;

export function truncate(text: string, max = SUMMARY_MAX): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const chars = [...oneLine];
  return chars.length <= max
    ? oneLine
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

export function money(amount: number, lang: Language): string {
  const sign = amount < 0 ? '−' : '';
  const abs = Math.abs(Math.round(amount)).toLocaleString('en-US');
  return lang === 'zh' ? `${sign}¥${abs}` : `${sign}¥${abs}`;
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

const L = (lang: Language, text: LocalizedText): string => text[lang];

/** Override reasons offered on finding, deviation and alternative cards (urn:combo-cost-cds:override-reason). */
export const OVERRIDE_REASONS: readonly { code: string; display: LocalizedText }[] = [
  {
    code: 'clinical-judgement',
    display: { en: 'Clinical judgement: benefit outweighs the concern', zh: '临床判断：获益大于风险' },
  },
  {
    code: 'already-addressed',
    display: { en: 'Already addressed (result available elsewhere or pending)', zh: '已处理（结果在他处或待回报）' },
  },
  { code: 'patient-preference', display: { en: 'Patient preference or consent', zh: '患者意愿或知情选择' } },
  { code: 'mdt-decision', display: { en: 'Decided by the MDT', zh: 'MDT 讨论决定' } },
  {
    code: 'data-incorrect',
    display: { en: 'The data the card used is wrong or outdated', zh: '卡片所用数据有误或过时' },
  },
  {
    code: 'not-available',
    display: { en: 'Suggested product or test not available here', zh: '本院无建议的药品或检测' },
  },
];

function overrideReasons(lang: Language): CdsCoding[] {
  return OVERRIDE_REASONS.map((r) => ({ system: SYSTEMS.overrideReason, code: r.code, display: r.display[lang] }));
}

function topic(code: CardType, lang: Language): CdsCoding {
  const display: Record<CardType, LocalizedText> = {
    cost: { en: 'Cost and DRG', zh: '费用与 DRG' },
    finding: { en: 'Guideline finding', zh: '指南提示' },
    alternative: { en: 'Cheaper alternative', zh: '更经济的替代方案' },
    deviation: { en: 'Protocol deviation', zh: '方案偏离' },
    'not-assessed': { en: 'Not assessed', zh: '未评估内容' },
    preferred: { en: 'Guideline-preferred option', zh: '指南推荐方案' },
  };
  return { system: SYSTEMS.cardTopic, code, display: display[code][lang] };
}

function source(citation: { citation: string; url?: string } | undefined, fallback: string): CdsCard['source'] {
  if (!citation) return { label: fallback };
  const label = truncate(citation.citation, 100);
  return citation.url && /^https?:\/\//.test(citation.url) ? { label, url: citation.url } : { label };
}

class CardBuilder {
  readonly cards: CdsCard[] = [];
  readonly attributions: CardAttribution[] = [];
  private readonly ordinals = new Map<string, number>();

  constructor(private readonly hookInstance: string) {}

  add(
    type: CardType,
    rule: string,
    card: Omit<CdsCard, 'uuid' | 'suggestions'>,
    suggestions: Omit<CdsSuggestion, 'uuid'>[] = [],
  ): CdsCard {
    const key = `${type}\u0000${rule}`;
    const ordinal = this.ordinals.get(key) ?? 0;
    this.ordinals.set(key, ordinal + 1);
    const uuid = cardUuid({ hookInstance: this.hookInstance, type, rule, ordinal });
    const withIds = suggestions.map((s, i) => ({
      ...s,
      uuid: cardUuid({ hookInstance: this.hookInstance, type, rule, ordinal: ordinal * 100 + i, suggestion: true }),
    }));
    const full: CdsCard = { uuid, ...card, summary: truncate(card.summary) };
    if (withIds.length > 0) {
      full.suggestions = withIds;
      full.selectionBehavior = card.selectionBehavior ?? 'at-most-one';
    } else delete full.selectionBehavior;
    if (full.detail !== undefined && full.detail.trim() === '') delete full.detail;
    this.cards.push(full);
    this.attributions.push({ uuid, type, rule, suggestions: withIds.map((s) => s.uuid) });
    return full;
  }
}

export function renderCards(input: RenderInput): { cards: CdsCard[]; attributions: CardAttribution[] } {
  const b = new CardBuilder(input.hookInstance);
  const { language: lang, assessment: a } = input;
  const links: CdsLink[] | undefined = input.mdtUrl
    ? [
        {
          label: lang === 'zh' ? '在 MDT 评审页查看全部方案' : 'Review all options on the MDT page',
          url: input.mdtUrl,
          type: 'absolute',
        },
      ]
    : undefined;

  if (a) {
    costCard(b, a, input, links);
    const kinds = [...new Set(a.regimen.deviations.map((d) => d.kind))];
    for (const kind of kinds)
      deviationCard(
        b,
        a,
        a.regimen.deviations.filter((d) => d.kind === kind),
        input,
      );
    // Safety limits that cannot be checked for missing data share one card (alert economy); the rest one card each.
    const withSuggestion = (f: Finding) => f.action?.kind === 'order-test' || f.action?.kind === 'stop-drug';
    const undecided = a.findings.filter(
      (f) => f.category === 'data-quality' && f.severity === 'warning' && f.missing.length > 0 && !withSuggestion(f),
    );
    for (const finding of a.findings) if (!undecided.includes(finding)) findingCard(b, finding, input);
    if (undecided.length > 1) undecidedLimitsCard(b, undecided, input);
    else for (const finding of undecided) findingCard(b, finding, input);
    const shown = a.alternatives
      .filter(
        (o) =>
          o.savings.absolute > 0 &&
          (o.savings.absolute >= input.thresholds.absolute || o.savings.fraction >= input.thresholds.fraction),
      )
      .sort((x, y) => y.savings.absolute - x.savings.absolute);
    alternativesCard(b, a, shown, input);
    for (const option of a.preferredOptions) preferredCard(b, a, option, input, links);
  }
  notAssessedCard(b, input, links);
  return limitCards(b, input);
}

/** Which card comes first: safety before money, money before housekeeping. */
function rank(card: CdsCard, type: CardType): number {
  if (card.indicator === 'critical') return 0;
  if (card.indicator === 'warning') return type === 'cost' ? 2 : 1;
  const order: Record<CardType, number> = {
    cost: 3,
    alternative: 4,
    'not-assessed': 5,
    deviation: 6,
    finding: 6,
    preferred: 7,
  };
  return order[type];
}

/**
 * The hospital's card-type switches (critical cards are always shown), then ordering by rank and
 * at most `maxCards` cards; critical cards are never dropped. What was left out is said on the
 * last card kept.
 */
function limitCards(b: CardBuilder, input: RenderInput): { cards: CdsCard[]; attributions: CardAttribution[] } {
  const typed = b.cards.map((card, i) => ({ card, attribution: b.attributions[i] as CardAttribution, i }));
  const switched = typed.filter(
    ({ card, attribution }) => card.indicator === 'critical' || input.cardSwitches?.[attribution.type] !== false,
  );
  const ranked = switched.sort(
    (x, y) => rank(x.card, x.attribution.type) - rank(y.card, y.attribution.type) || x.i - y.i,
  );
  const max = Math.max(1, input.maxCards ?? Number.POSITIVE_INFINITY);
  const critical = ranked.filter((x) => x.card.indicator === 'critical').length;
  const kept = ranked.slice(0, Math.max(max, critical));
  const dropped = ranked.length - kept.length;
  const last = kept[kept.length - 1];
  if (dropped > 0 && last) {
    const note =
      input.language === 'zh'
        ? `另有 ${dropped} 张卡片未显示（卡片数量上限），全部内容见 MDT 评审页。`
        : `${dropped} more card(s) not shown (card limit); see the MDT page for everything.`;
    last.card.detail = `${last.card.detail ?? ''}\n\n_${note}_`.trim();
  }
  return { cards: kept.map((x) => x.card), attributions: kept.map((x) => x.attribution) };
}

// ---------------------------------------------------------------------------------------------

function costCard(b: CardBuilder, a: Assessment, input: RenderInput, links: CdsLink[] | undefined): void {
  const lang = input.language;
  const cost = a.expectedCost;
  const drg = a.drg;
  const courseText =
    lang === 'zh'
      ? `${cost.cycles} 周期×${cost.cycleLengthDays} 天`
      : `${cost.cycles} × ${cost.cycleLengthDays}-day cycles`;
  const parts: string[] = [];
  parts.push(
    lang === 'zh'
      ? `预计费用 ${money(cost.perCourse, lang)}/疗程（${courseText}）`
      : `Expected cost ${money(cost.perCourse, lang)} per course (${courseText})`,
  );
  const overThreshold = drg.applicable && drg.overspend?.level === 'over-threshold';
  if (drg.applicable && drg.paymentStandard && drg.margin !== undefined) {
    parts.push(
      lang === 'zh'
        ? `DRG 结余 ${money(drg.margin, lang)}（支付标准 ${money(drg.paymentStandard.amount, lang)}）`
        : `DRG margin ${money(drg.margin, lang)} vs payment standard ${money(drg.paymentStandard.amount, lang)}`,
    );
  }
  if (a.approval.required) parts.push(lang === 'zh' ? '需审批' : 'approval required');
  const summary = parts.join(lang === 'zh' ? '；' : '; ');

  const d: string[] = [];
  const row = (en: string, zh: string, value: string) => d.push(`| ${lang === 'zh' ? zh : en} | ${value} |`);
  d.push(lang === 'zh' ? '| 项目 | 金额 |' : '| Item | Amount |', '|---|---|');
  row('Per cycle', '每周期', money(cost.perCycle, lang));
  row(
    'Per course',
    '每疗程',
    `${money(cost.perCourse, lang)} (${money(cost.interval.lower, lang)} – ${money(cost.interval.upper, lang)})`,
  );
  row('Drug acquisition per course', '药品费用/疗程', money(cost.breakdownPerCourse.drugAcquisition, lang));
  if (drg.applicable && drg.group) row('DRG group', 'DRG 分组', `${drg.group.code} ${L(lang, drg.group.name)}`);
  if (drg.applicable && drg.paymentStandard)
    row('Payment standard', '支付标准', `${money(drg.paymentStandard.amount, lang)} (${drg.paymentStandard.formula})`);
  if (drg.applicable && drg.admissionCost)
    row('Admission cost (incurred + expected)', '本次住院费用（已发生+预计）', money(drg.admissionCost.total, lang));
  if (drg.applicable && drg.margin !== undefined) row('Margin', '结余', money(drg.margin, lang));
  if (drg.applicable && drg.overspend)
    row(
      'Overspend',
      '超支',
      drg.overspend.level === 'none'
        ? lang === 'zh'
          ? '无'
          : 'none'
        : `${pct(drg.overspend.fraction)} (${lang === 'zh' ? '阈值' : 'threshold'} ${pct(drg.overspend.threshold)})`,
    );
  if (a.approval.threshold !== undefined)
    row(
      'Approval threshold',
      '审批阈值',
      `${money(a.approval.threshold, lang)}${a.approval.required ? (lang === 'zh' ? '（超过，需审批）' : ' (exceeded: approval required)') : ''}`,
    );
  if (a.approval.required && a.approval.approver) row('Approver', '审批人', L(lang, a.approval.approver));
  if (!drg.applicable) d.push('', `${lang === 'zh' ? 'DRG：' : 'DRG: '}${drg.reason}`);
  if (cost.assumptions.length > 0)
    d.push('', lang === 'zh' ? '**假设**' : '**Assumptions**', ...cost.assumptions.map((x) => `- ${x}`));
  d.push('', provenanceLine(a, lang));

  const indicator = overThreshold || a.approval.required || drg.dailyCost?.alert ? 'warning' : 'info';
  b.add('cost', 'cost', {
    summary,
    detail: d.join('\n'),
    indicator,
    source: {
      ...source(drg.applicable ? drg.source : undefined, L(lang, input.serviceName)),
      topic: topic('cost', lang),
    },
    ...(links ? { links } : {}),
  });
}

function provenanceLine(a: Assessment, lang: Language): string {
  const model = a.provenance.model?.version
    ? `, ${lang === 'zh' ? '模型' : 'model'} ${a.provenance.model.id ?? ''} ${a.provenance.model.version}`
    : '';
  return `_${lang === 'zh' ? '知识包' : 'Pack'} ${a.provenance.pack.id} ${a.provenance.pack.version}${model}_`;
}

type Deviation = Assessment['regimen']['deviations'][number];
const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 } as const;

/** One card per kind of deviation (five missing premedications are one card, not five). */
function deviationCard(b: CardBuilder, a: Assessment, deviations: Deviation[], input: RenderInput): void {
  const lang = input.language;
  const first = deviations[0];
  if (!first) return;
  const regimenName = a.regimen.name ? L(lang, a.regimen.name) : (a.regimen.id ?? '');
  const worst = deviations.reduce((w, d) => (SEVERITY_RANK[d.severity] > SEVERITY_RANK[w.severity] ? d : w), first);
  const summary =
    deviations.length === 1
      ? L(lang, first.message)
      : lang === 'zh'
        ? `${regimenName}：${deviations.length} 处偏离方案（${deviations
            .map((d) => d.drug ?? d.expected ?? '')
            .filter(Boolean)
            .join('、')}）`
        : `${regimenName}: ${deviations.length} deviations from protocol (${deviations
            .map((d) => d.drug ?? d.expected ?? '')
            .filter(Boolean)
            .join(', ')})`;
  const detail: string[] = [];
  for (const d of deviations) {
    detail.push(`- ${L(lang, d.message)}`);
    if (d.expected) detail.push(`  - ${lang === 'zh' ? '方案' : 'Protocol'}: ${d.expected}`);
    if (d.actual) detail.push(`  - ${lang === 'zh' ? '医嘱' : 'Ordered'}: ${d.actual}`);
  }
  if (regimenName) detail.push('', `${lang === 'zh' ? '匹配方案' : 'Matched regimen'}: ${regimenName}`);
  b.add('deviation', first.kind, {
    summary,
    detail: detail.join('\n'),
    indicator: worst.severity,
    source: { ...source(a.regimen.source, L(lang, input.serviceName)), topic: topic('deviation', lang) },
    overrideReasons: overrideReasons(lang),
  });
}

const LOINC_DISPLAY: Record<string, LocalizedText> = {
  [LOINC.variantAssessment]: { en: 'Genetic variant assessment', zh: '基因变异检测' },
  [LOINC.her2Ihc]: { en: 'HER2 by immunohistochemistry', zh: 'HER2 免疫组化' },
  [LOINC.her2Ish]: { en: 'HER2 by in situ hybridization', zh: 'HER2 原位杂交' },
  [LOINC.egfr[0] as string]: { en: 'eGFR', zh: '估算肾小球滤过率' },
  [LOINC.creatinineMass]: { en: 'Creatinine [Mass/volume] in Serum or Plasma', zh: '血清肌酐' },
  [LOINC.alt]: { en: 'ALT [Enzymatic activity/volume] in Serum or Plasma', zh: '丙氨酸氨基转移酶' },
  [LOINC.hba1c]: { en: 'Hemoglobin A1c', zh: '糖化血红蛋白' },
};

/** A draft ServiceRequest for the test a finding asks for (valid FHIR R4). */
export function serviceRequestFor(loinc: string, finding: Finding, input: RenderInput): JsonObject {
  const lang = input.language;
  const display = LOINC_DISPLAY[loinc];
  const principal = input.kase?.patient.diagnoses.find((d) => d.principal);
  const resource: JsonObject = {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    code: {
      coding: [{ system: SYSTEMS.loinc, code: loinc, ...(display ? { display: display.en } : {}) }],
      text: display ? display[lang] : L(lang, finding.action?.text ?? finding.title),
    },
    subject: { reference: `Patient/${input.context.patientId}` },
  };
  if (input.context.encounterId) resource.encounter = { reference: `Encounter/${input.context.encounterId}` };
  if (input.context.userId && /^(Practitioner|PractitionerRole)\//.test(input.context.userId))
    resource.requester = { reference: input.context.userId };
  if (input.kase?.context.asOf) resource.authoredOn = input.kase.context.asOf;
  if (principal) resource.reasonCode = [{ coding: [{ system: SYSTEMS.icd10, code: principal.code }] }];
  resource.note = [{ text: `${L(lang, finding.title)} (${finding.ruleId})` }];
  return resource;
}

function findingCard(b: CardBuilder, finding: Finding, input: RenderInput): void {
  const lang = input.language;
  const message = L(lang, finding.message);
  const d: string[] = [message];
  if (finding.action) d.push('', `**${lang === 'zh' ? '建议' : 'Suggested action'}:** ${L(lang, finding.action.text)}`);
  const inputs = Object.entries(finding.inputs);
  if (inputs.length > 0)
    d.push(
      '',
      lang === 'zh' ? '**依据的数据**' : '**Inputs used**',
      ...inputs.map(([k, v]) => `- \`${k}\` = ${JSON.stringify(v)}`),
    );
  if (finding.missing.length > 0)
    d.push('', lang === 'zh' ? '**缺少的数据**' : '**Missing data**', ...finding.missing.map((m) => `- \`${m}\``));
  d.push(
    '',
    `${lang === 'zh' ? '规则' : 'Rule'} ${finding.ruleId} · ${lang === 'zh' ? '证据等级' : 'evidence level'} ${finding.evidenceLevel} · ${finding.source.citation}`,
  );

  const suggestions: Omit<CdsSuggestion, 'uuid'>[] = [];
  if (finding.action?.kind === 'order-test' && finding.action.loinc) {
    const sr = serviceRequestFor(finding.action.loinc, finding, input);
    const label =
      lang === 'zh'
        ? `开具检测：${(sr.code as { text: string }).text}`
        : `Order test: ${(sr.code as { text: string }).text}`;
    suggestions.push({
      label: truncate(label, 80),
      isRecommended: true,
      actions: [{ type: 'create', description: L(lang, finding.action.text), resource: sr }],
    });
  } else if (finding.action?.kind === 'stop-drug' && finding.action.stop) {
    const stop = finding.action.stop;
    const matching = input.orders.filter((o) => o.ref && o.code && o.code.code === stop);
    if (matching.length > 0)
      suggestions.push({
        label: truncate(lang === 'zh' ? `撤销 ${stop} 医嘱` : `Remove the ${stop} order`, 80),
        isRecommended: true,
        actions: matching.map((o) => ({
          type: 'delete' as const,
          description: L(lang, finding.action?.text ?? finding.title),
          resourceId: o.ref as string,
        })),
      });
  }
  b.add(
    'finding',
    finding.ruleId,
    {
      summary: [...message].length <= SUMMARY_MAX ? message : L(lang, finding.title),
      detail: d.join('\n'),
      indicator: finding.severity,
      source: { ...source(finding.source, L(lang, input.serviceName)), topic: topic('finding', lang) },
      overrideReasons: overrideReasons(lang),
    },
    suggestions,
  );
}

/** One warning card for every safety limit the missing data leaves undecided, naming what to record. */
function undecidedLimitsCard(b: CardBuilder, findings: readonly Finding[], input: RenderInput): void {
  const lang = input.language;
  const titles = findings.map((f) => L(lang, f.title));
  const summary =
    lang === 'zh'
      ? `${findings.length} 项安全限制因缺少数据无法判断：${titles.join('；')}`
      : `${findings.length} safety limits cannot be checked for missing data: ${titles.join('; ')}`;
  const detail = findings
    .map((f) => `- ${L(lang, f.message)} (${lang === 'zh' ? '规则' : 'rule'} ${f.ruleId} · ${f.source.citation})`)
    .join('\n');
  b.add(
    'finding',
    'undecided-safety-limits',
    {
      summary,
      detail: `${detail}\n\n${lang === 'zh' ? '记录上述数据后，方可提供更低费用的替代方案。' : 'Record these to get cheaper options offered: an option is offered only when every limit is known to hold.'}`,
      indicator: 'warning',
      source: { ...source(findings[0]!.source, L(lang, input.serviceName)), topic: topic('finding', lang) },
      overrideReasons: overrideReasons(lang),
    },
    [],
  );
}

// ---------------------------------------------------------------------------------------------
// Alternatives

/** A change whose target is "stop" removes the component (step-down). */
function isRemoval(change: Option['changes'][number]): boolean {
  return change.to === '' || change.to === 'stop' || change.to === 'none';
}

function findOrder(change: Option['changes'][number], input: RenderInput): DraftOrder | undefined {
  if (change.orderRef) return input.orders.find((o) => o.ref === change.orderRef);
  return input.orders.find((o) => o.code?.code === change.from);
}

function costLine(components: readonly ComponentCost[], code: string): ComponentCost | undefined {
  return components.find((c) => c.product.code === code) ?? components.find((c) => c.drug.code === code);
}

const UCUM_OF: Record<string, string> = {
  mg: 'mg',
  µg: 'ug',
  IU: '[iU]',
  unit: '{unit}',
  dose: '{dose}',
  'mg/m2': 'mg/m2',
  'mg/kg': 'mg/kg',
};

/**
 * The replacement order, built fresh as valid R4: subject, encounter and requester from the hook
 * context; authoredOn, reasons, notes and (for the same molecule) timing and route only when they
 * have their R4 shape; the code and dose from the option. Nothing else of the draft is copied.
 */
function replacementResource(
  order: DraftOrder,
  next: ComponentCost,
  sameMolecule: boolean,
  basis: Option['basis'],
  input: RenderInput,
): JsonObject {
  const lang = input.language;
  const src = order.resource;
  const resource: JsonObject = {
    resourceType: order.resourceType,
    status: 'draft',
    intent:
      typeof src.intent === 'string' &&
      [
        'proposal',
        'plan',
        'order',
        'original-order',
        'reflex-order',
        'filler-order',
        'instance-order',
        'option',
      ].includes(src.intent)
        ? src.intent
        : 'order',
  };
  resource.subject = { reference: `Patient/${input.context.patientId}` };
  if (input.context.encounterId) resource.encounter = { reference: `Encounter/${input.context.encounterId}` };
  const authoredOn = cleanDateTime(src.authoredOn);
  if (authoredOn) resource.authoredOn = authoredOn;
  if (input.context.userId && /^(Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/.test(input.context.userId))
    resource.requester = { reference: input.context.userId };
  const reasonCode = (Array.isArray(src.reasonCode) ? src.reasonCode : [])
    .map(cleanCodeableConcept)
    .filter((c): c is JsonObject => c !== undefined);
  if (reasonCode.length > 0) resource.reasonCode = reasonCode;
  const reasonReference = (Array.isArray(src.reasonReference) ? src.reasonReference : [])
    .map(cleanReference)
    .filter((r): r is JsonObject => r !== undefined);
  if (reasonReference.length > 0) resource.reasonReference = reasonReference;
  const notes = cleanNotes(src.note);
  if (notes.length > 0) resource.note = notes;
  const concept: JsonObject = {
    coding: [
      { system: SYSTEMS.product, code: next.product.code, display: next.product.name.en },
      {
        system: next.drug.code.startsWith('DEV-') ? SYSTEMS.device : SYSTEMS.atc,
        code: next.drug.code,
        display: next.drug.name.en,
      },
    ],
    text: L(lang, next.product.name),
  };
  if (order.resourceType === 'DeviceRequest') {
    resource.codeCodeableConcept = concept;
    return resource;
  }
  resource.medicationCodeableConcept = concept;
  const ucum = UCUM_OF[next.dose.unit] ?? next.dose.unit;
  const dose: JsonObject = {
    value: next.dose.perAdministration,
    unit: next.dose.unit,
    system: SYSTEMS.ucum,
    code: ucum,
  };
  if (sameMolecule && Array.isArray(src.dosageInstruction)) {
    // Same molecule: the prescriber's schedule and route stay; the dose changes only for dose rounding.
    const dosage = src.dosageInstruction
      .map((d, i) => cleanDosage(d, basis === 'dose-rounding' && i === 0 ? dose : undefined))
      .filter((d): d is JsonObject => d !== undefined);
    if (dosage.length > 0) resource.dosageInstruction = dosage;
  } else {
    // Another molecule: the dose comes from the option's protocol, the schedule is the prescriber's to confirm.
    resource.dosageInstruction = [
      {
        text:
          lang === 'zh'
            ? `按方案：${next.dose.calculation}（请确认给药时间）`
            : `Per protocol: ${next.dose.calculation} (confirm the schedule)`,
        doseAndRate: [{ doseQuantity: dose }],
      },
    ];
  }
  return resource;
}

interface OptionActions {
  actions: CdsAction[];
  complete: boolean;
  /** The one draft order a single-drug switch replaces, and its replacement (for the `update` style). */
  single?: { order: DraftOrder; resource: JsonObject };
}

function optionActions(a: Assessment, option: Option, input: RenderInput): OptionActions {
  const lang = input.language;
  const actions: CdsAction[] = [];
  let complete = option.changes.length > 0;
  const creates: { order: DraftOrder; resource: JsonObject }[] = [];
  let deletes = 0;
  for (const change of option.changes) {
    const order = findOrder(change, input);
    const from = costLine(a.expectedCost.components, change.from);
    const removal = isRemoval(change);
    const to = removal ? undefined : costLine(option.expectedCost.components, change.to);
    if (change.from && (!order || !order.ref)) {
      complete = false;
      continue;
    }
    if (order?.ref) {
      deletes++;
      actions.push({
        type: 'delete',
        description:
          lang === 'zh'
            ? `撤销草稿医嘱 ${from ? L(lang, from.product.name) : change.from}`
            : `Remove the draft order for ${from ? L(lang, from.product.name) : change.from}`,
        resourceId: order.ref,
      });
    }
    if (!removal) {
      if (!to || !order) {
        complete = false;
        continue;
      }
      const sameMolecule = from !== undefined && from.drug.code === to.drug.code;
      const resource = replacementResource(order, to, sameMolecule, option.basis, input);
      creates.push({ order, resource });
      actions.push({
        type: 'create',
        description:
          lang === 'zh' ? `新开医嘱：${L(lang, to.product.name)}` : `Order ${L(lang, to.product.name)} instead`,
        resource,
      });
    }
  }
  const only = creates[0];
  return { actions, complete, ...(creates.length === 1 && deletes === 1 && only ? { single: only } : {}) };
}

/**
 * Every cheaper alternative worth showing in ONE card: one suggestion per option (at most one is
 * chosen, the largest saving is recommended). A single-drug switch is an `update` of the draft
 * order when CDS_SUGGESTION_STYLE=update, else delete + create.
 */
function alternativesCard(b: CardBuilder, a: Assessment, options: readonly Option[], input: RenderInput): void {
  const lang = input.language;
  const best = options[0];
  if (!best) return;
  const suggestions: Omit<CdsSuggestion, 'uuid'>[] = [];
  const d: string[] = [];
  options.forEach((option, i) => {
    const saving = `${money(option.savings.absolute, lang)} (${pct(option.savings.fraction)})`;
    const description = L(lang, option.description);
    const { actions, complete, single } = optionActions(a, option, input);
    d.push(`**${i + 1}. ${description}**`, '');
    d.push(`| ${lang === 'zh' ? '变更' : 'Change'} | ${lang === 'zh' ? '说明' : 'Detail'} |`, '|---|---|');
    for (const c of option.changes) {
      const from = costLine(a.expectedCost.components, c.from);
      const to = isRemoval(c) ? undefined : costLine(option.expectedCost.components, c.to);
      const target = isRemoval(c) ? (lang === 'zh' ? '停用' : 'stop') : to ? L(lang, to.product.name) : c.to;
      d.push(`| ${from ? L(lang, from.product.name) : c.from || '—'} → ${target} | ${c.detail ?? ''} |`);
    }
    d.push(
      '',
      `- ${lang === 'zh' ? '每疗程费用' : 'Cost per course'}: ${money(option.expectedCost.perCourse, lang)} (${lang === 'zh' ? '原方案' : 'proposal'} ${money(a.expectedCost.perCourse, lang)})`,
      `- ${lang === 'zh' ? '节省' : 'Savings'}: ${saving}`,
      `- ${lang === 'zh' ? '依据' : 'Basis'}: ${option.basis} · ${lang === 'zh' ? '证据等级' : 'evidence level'} ${option.evidenceLevel}`,
    );
    if (option.drgMargin !== undefined)
      d.push(`- ${lang === 'zh' ? 'DRG 结余' : 'DRG margin'}: ${money(option.drgMargin, lang)}`);
    if (option.constraints.length > 0)
      d.push(
        '',
        lang === 'zh' ? '**前提条件**' : '**Constraints**',
        ...option.constraints.map((c) => `- ${L(lang, c)}`),
      );
    if (option.rulesPassed.length > 0)
      d.push('', `${lang === 'zh' ? '已通过规则' : 'Rules passed'}: ${option.rulesPassed.join(', ')}`);
    if (!complete)
      d.push(
        '',
        lang === 'zh'
          ? '_部分医嘱无法自动替换，请手动修改。_'
          : '_Some orders cannot be replaced automatically; change them by hand._',
      );
    d.push('');
    if (!complete || actions.length === 0) return;
    const label = truncate(lang === 'zh' ? `改用：${description}` : `Switch: ${description}`, 80);
    const orderId = single?.order.ref?.split('/')[1];
    if (
      input.suggestionStyle === 'update' &&
      single &&
      orderId &&
      single.resource.resourceType === single.order.resourceType
    ) {
      suggestions.push({
        label,
        isRecommended: i === 0,
        actions: [
          {
            type: 'update',
            description: lang === 'zh' ? `修改草稿医嘱为：${description}` : `Change the draft order: ${description}`,
            resource: { ...single.resource, id: orderId },
          },
        ],
      });
    } else suggestions.push({ label, isRecommended: i === 0, actions });
  });
  const bestSaving = `${money(best.savings.absolute, lang)} (${pct(best.savings.fraction)})`;
  const more = options.length - 1;
  const summary =
    lang === 'zh'
      ? `${L(lang, best.description)}：每疗程可节省 ${bestSaving}${more > 0 ? `（另有 ${more} 个方案）` : ''}`
      : `${L(lang, best.description)}: saves ${bestSaving} per course${more > 0 ? ` (+${more} more option${more > 1 ? 's' : ''})` : ''}`;
  b.add(
    'alternative',
    best.basis,
    {
      summary: truncate(summary),
      detail: d.join('\n').trimEnd(),
      indicator: 'info',
      source: { ...source(best.source, L(lang, input.serviceName)), topic: topic('alternative', lang) },
      selectionBehavior: 'at-most-one',
      overrideReasons: overrideReasons(lang),
    },
    suggestions,
  );
}

/**
 * A guideline-preferred option that may cost more (e.g. SGLT2 inhibitor + GLP-1 agonist in diabetic
 * kidney disease): shown apart from the cheaper alternatives, with its extra cost and value. It changes
 * the regimen, so it links to the MDT page rather than replacing orders in one click.
 */
function preferredCard(
  b: CardBuilder,
  a: Assessment,
  option: Option,
  input: RenderInput,
  links: CdsLink[] | undefined,
): void {
  const lang = input.language;
  const extra = -option.savings.absolute;
  const description = L(lang, option.description);
  const costText =
    extra > 0
      ? lang === 'zh'
        ? `每疗程多 ${money(extra, lang)}`
        : `${money(extra, lang)} more per course`
      : lang === 'zh'
        ? `每疗程省 ${money(-extra, lang)}`
        : `${money(-extra, lang)} less per course`;
  const v = option.value;
  const valueText =
    v.icer !== null
      ? `ICER ${money(v.icer, lang)}/QALY (${lang === 'zh' ? '阈值' : 'threshold'} ${money(v.willingnessToPay, lang)}) · ${v.dominance}`
      : v.dominance;
  const d = [
    description,
    '',
    `- ${lang === 'zh' ? '每疗程费用' : 'Cost per course'}: ${money(option.expectedCost.perCourse, lang)} (${lang === 'zh' ? '原方案' : 'proposal'} ${money(a.expectedCost.perCourse, lang)})`,
    `- ${lang === 'zh' ? '增量 QALY' : 'Incremental QALYs'}: ${v.incrementalQalys} · ${valueText}`,
    `- ${lang === 'zh' ? '依据' : 'Basis'}: ${option.basis} · ${lang === 'zh' ? '证据等级' : 'evidence level'} ${option.evidenceLevel}`,
    ...option.constraints.map((c) => `- ${L(lang, c)}`),
  ];
  b.add(
    'preferred',
    option.basis,
    {
      summary: truncate(
        `${lang === 'zh' ? '指南推荐' : 'Guideline-preferred'}, ${costText}: ${description.replace(/^(Guideline-preferred|指南推荐)[:：]\s*/, '')}`,
      ),
      detail: d.join('\n'),
      indicator: 'info',
      source: { ...source(option.source, L(lang, input.serviceName)), topic: topic('preferred', lang) },
      overrideReasons: overrideReasons(lang),
      ...(links ? { links } : {}),
    },
    [],
  );
}

// ---------------------------------------------------------------------------------------------

function notAssessedCard(b: CardBuilder, input: RenderInput, links: CdsLink[] | undefined): void {
  const lang = input.language;
  const items: string[] = [];
  for (const n of input.notAssessed)
    items.push(
      `- ${n.code ? `\`${n.code}\`${n.system ? ` (${n.system})` : ''}: ` : ''}${L(lang, n.reason)} — \`${n.where}\``,
    );
  for (const n of input.assessment?.unassessed ?? [])
    items.push(`- \`${n.code}\`${n.system ? ` (${n.system})` : ''}: ${L(lang, n.reason)} — \`${n.where}\``);
  if (items.length === 0) return;
  const unknownCodes =
    input.notAssessed.filter((n) => n.code !== undefined).length + (input.assessment?.unassessed.length ?? 0);
  const summary =
    lang === 'zh'
      ? `${items.length} 项未评估（${unknownCodes} 个未识别编码，其余为缺失数据）${input.assessment ? '' : '：未能完成费用评估'}`
      : `${items.length} item(s) not assessed (${unknownCodes} unrecognised code(s), the rest missing data)${input.assessment ? '' : ': no cost assessment made'}`;
  b.add('not-assessed', 'unassessed', {
    summary,
    detail: [
      lang === 'zh' ? '以下内容未纳入评估：' : 'The following was not taken into account:',
      '',
      ...items.slice(0, 50),
      ...(items.length > 50 ? [`- … (+${items.length - 50})`] : []),
    ].join('\n'),
    indicator: 'info',
    source: { label: L(lang, input.serviceName), topic: topic('not-assessed', lang) },
    ...(links ? { links } : {}),
  });
}
