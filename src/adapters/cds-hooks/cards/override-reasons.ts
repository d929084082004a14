/**
 * Override reasons (urn:combo-cost-cds:override-reason). CDS Hooks 2.0 defines `overrideReasons`
 * per card (there is no response-level list to share), so each card that asks the clinician to act
 * carries a short list that fits its kind; informational cards without suggestions carry none (there
 * is nothing to override). Feedback accepts any of these codes.
 */
import type { LocalizedText } from '../../../knowledge/types';
import { SYSTEMS } from '../code-systems';
import type { CdsCoding, Language } from './card-types';

export type OverrideReasonCode =
  | 'clinical-judgement'
  | 'already-addressed'
  | 'patient-preference'
  | 'mdt-decision'
  | 'data-incorrect'
  | 'not-available';

export const OVERRIDE_REASONS: Readonly<Record<OverrideReasonCode, LocalizedText>> = {
  'clinical-judgement': { en: 'Clinical judgement: benefit outweighs the concern', zh: '临床判断：获益大于风险' },
  'already-addressed': {
    en: 'Already addressed (result available elsewhere or pending)',
    zh: '已处理（结果在他处或待回报）',
  },
  'patient-preference': { en: 'Patient preference or consent', zh: '患者意愿或知情选择' },
  'mdt-decision': { en: 'Decided by the MDT', zh: 'MDT 讨论决定' },
  'data-incorrect': { en: 'The data the card used is wrong or outdated', zh: '卡片所用数据有误或过时' },
  'not-available': { en: 'Suggested product or test not available here', zh: '本院无建议的药品或检测' },
};

/** The reasons each kind of card offers. */
const BY_CARD: Readonly<Record<'finding' | 'deviation' | 'alternative' | 'preferred', readonly OverrideReasonCode[]>> =
  {
    finding: ['clinical-judgement', 'already-addressed', 'data-incorrect'],
    deviation: ['clinical-judgement', 'mdt-decision', 'data-incorrect'],
    alternative: ['not-available', 'patient-preference', 'clinical-judgement'],
    preferred: ['mdt-decision', 'patient-preference'],
  };

export function overrideReasons(card: keyof typeof BY_CARD, lang: Language): CdsCoding[] {
  return BY_CARD[card].map((code) => ({
    system: SYSTEMS.overrideReason,
    code,
    display: OVERRIDE_REASONS[code][lang],
  }));
}
