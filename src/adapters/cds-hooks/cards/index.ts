/**
 * Assessment → CDS Hooks 2.0 cards. Pure: the same assessment, orders and language always give
 * the same cards (uuids included, see card-ids.ts). Cards only render what the pipeline decided.
 *
 * Cards (at most CDS_MAX_CARDS, default 5, ordered critical → warnings → cost → alternatives →
 * not assessed → informational findings → preferred options; critical cards are never dropped;
 * the pack's policies.cdsCards switches card types off), one module per kind:
 * - cost-card.ts: cost and DRG (one);
 * - deviation-card.ts: protocol deviations (one per kind of deviation);
 * - finding-cards.ts: guideline and safety findings (one each; undecided safety limits share one);
 * - alternatives-card.ts: the cheaper alternatives the assessment offers (ONE card, one suggestion
 *   each; replacement orders from replacement-order.ts);
 * - preferred-card.ts: guideline-preferred options that may cost more;
 * - not-assessed-card.ts: unknown codes, missing data, what could not be fetched.
 */
import type { CardType } from '../card-ids';
import { alternativesCard } from './alternatives-card';
import { CardBuilder } from './card-builder';
import type { CardAttribution, CdsCard, CdsLink, RenderInput } from './card-types';
import { costCard } from './cost-card';
import { deviationCards } from './deviation-card';
import { findingCards } from './finding-cards';
import { notAssessedCard } from './not-assessed-card';
import { preferredCards } from './preferred-card';

export type {
  CardAttribution,
  CdsAction,
  CdsCard,
  CdsCoding,
  CdsLink,
  CdsSuggestion,
  Language,
  RenderInput,
} from './card-types';
export { SUMMARY_MAX, money, truncate } from './card-text';
export { OVERRIDE_REASONS } from './override-reasons';
export { serviceRequestFor } from './finding-cards';

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
    deviationCards(b, a, input);
    findingCards(b, a, input);
    alternativesCard(b, a, input);
    preferredCards(b, a, input, links);
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
