/** Collects cards with deterministic uuids (card-ids.ts) and what the audit log records for each. */
import { type CardType, cardUuid } from '../card-ids';
import { truncate } from './card-text';
import type { CardAttribution, CdsCard, CdsSuggestion } from './card-types';

export class CardBuilder {
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
    if (full.overrideReasons !== undefined && full.overrideReasons.length === 0) delete full.overrideReasons;
    this.cards.push(full);
    this.attributions.push({ uuid, type, rule, suggestions: withIds.map((s) => s.uuid) });
    return full;
  }
}
