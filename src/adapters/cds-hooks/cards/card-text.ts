/** Text helpers shared by every card: one-line summaries, money, the card's topic and source. */
import type { LocalizedText } from '../../../knowledge/types';
import type { CardType } from '../card-ids';
import { SYSTEMS } from '../code-systems';
import type { Assessment, CdsCard, CdsCoding, Language } from './card-types';

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

export function money(amount: number, _lang: Language): string {
  const sign = amount < 0 ? '−' : '';
  return `${sign}¥${Math.abs(Math.round(amount)).toLocaleString('en-US')}`;
}

export function pct(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

export const L = (lang: Language, text: LocalizedText): string => text[lang];

const TOPICS: Record<CardType, LocalizedText> = {
  cost: { en: 'Cost and DRG', zh: '费用与 DRG' },
  finding: { en: 'Guideline finding', zh: '指南提示' },
  alternative: { en: 'Cheaper alternative', zh: '更经济的替代方案' },
  deviation: { en: 'Protocol deviation', zh: '方案偏离' },
  'not-assessed': { en: 'Not assessed', zh: '未评估内容' },
  preferred: { en: 'Guideline-preferred option', zh: '指南推荐方案' },
};

export function topic(code: CardType, lang: Language): CdsCoding {
  return { system: SYSTEMS.cardTopic, code, display: TOPICS[code][lang] };
}

/** The citation text behind a source id of the assessment (its `citations` table), or the id. */
export function citationText(a: Assessment, sourceId: string): string {
  return a.citations[sourceId]?.citation ?? sourceId;
}

/** A card's source: the cited source (label, and its link when it is a web address), else the service. */
export function cardSource(
  a: Assessment,
  sourceId: string | undefined,
  fallback: string,
  type: CardType,
  lang: Language,
): CdsCard['source'] {
  const citation = sourceId !== undefined ? a.citations[sourceId] : undefined;
  const label = citation ? truncate(citation.citation, 100) : fallback;
  const url = citation?.url && /^https?:\/\//.test(citation.url) ? { url: citation.url } : {};
  return { label, ...url, topic: topic(type, lang) };
}
