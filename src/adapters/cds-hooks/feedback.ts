/**
 * CDS Hooks 2.0 feedback: `{ feedback: [{ card, outcome, acceptedSuggestions, overrideReason,
 * outcomeTimestamp }] }`. Each item becomes one structured audit event and one increment of
 * `cds_feedback_total{card_type, rule, outcome}`; card type and rule are decoded from the card
 * uuid (card-ids.ts), so no state is needed. The clinician's free-text comment is never logged
 * (it may name the patient); only whether there was one.
 *
 * Logging bounds: ids (card, suggestions) are never logged verbatim: the card as a short keyed
 * fingerprint (enough to join with the `cds.cards` line, which logs the same fingerprint), the
 * accepted suggestions as a count; an override reason only as a code of this service's own
 * override-reason system, anything else as `other`. Every field is length-checked before use.
 */
import crypto from 'node:crypto';
import { SYSTEMS } from './code-systems';
import { problems, type ProblemError } from '../../http/problem';
import { type CardType, decodeCardUuid } from './card-ids';
import { isObject } from './fhir-read';

export interface FeedbackItem {
  card: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions: string[];
  overrideReason?: { system?: string; code?: string };
  hasUserComment: boolean;
  outcomeTimestamp: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseFeedback(body: unknown): FeedbackItem[] {
  const errors: ProblemError[] = [];
  const err = (pointer: string, message: string) => errors.push({ pointer, message });
  if (!isObject(body) || !Array.isArray(body.feedback))
    throw problems.badRequest('A feedback request is {"feedback": [ … ]}.', [
      { pointer: 'feedback', message: 'is required and must be an array' },
    ]);
  if (body.feedback.length === 0 || body.feedback.length > 500) err('feedback', 'must hold 1 to 500 items');
  const items: FeedbackItem[] = [];
  body.feedback.forEach((raw, i) => {
    const p = `feedback[${i}]`;
    if (!isObject(raw)) return err(p, 'must be an object');
    const card = raw.card;
    if (typeof card !== 'string' || card.length === 0 || card.length > 128)
      err(`${p}.card`, 'is required: the card.uuid from the response');
    const outcome = raw.outcome;
    if (outcome !== 'accepted' && outcome !== 'overridden') err(`${p}.outcome`, 'must be accepted or overridden');
    const ts = raw.outcomeTimestamp;
    if (typeof ts !== 'string' || !ISO.test(ts) || Number.isNaN(Date.parse(ts)))
      err(`${p}.outcomeTimestamp`, 'is required: an ISO 8601 timestamp');
    const accepted: string[] = [];
    if (raw.acceptedSuggestions !== undefined) {
      if (!Array.isArray(raw.acceptedSuggestions)) err(`${p}.acceptedSuggestions`, 'must be an array of {id}');
      else if (raw.acceptedSuggestions.length > 50) err(`${p}.acceptedSuggestions`, 'must hold at most 50 items');
      else
        raw.acceptedSuggestions.forEach((s, j) => {
          if (!isObject(s) || typeof s.id !== 'string' || s.id.length === 0 || s.id.length > 128)
            err(`${p}.acceptedSuggestions[${j}].id`, 'is required: the suggestion.uuid (at most 128 characters)');
          else accepted.push(s.id);
        });
    }
    if (outcome === 'accepted' && accepted.length === 0)
      err(`${p}.acceptedSuggestions`, 'is required for an accepted outcome');
    let overrideReason: FeedbackItem['overrideReason'];
    let hasUserComment = false;
    if (raw.overrideReason !== undefined) {
      if (!isObject(raw.overrideReason)) err(`${p}.overrideReason`, 'must be an object');
      else {
        const reason = raw.overrideReason.reason;
        if (reason !== undefined) {
          if (
            !isObject(reason) ||
            typeof reason.code !== 'string' ||
            typeof reason.system !== 'string' ||
            reason.code.length > 256 ||
            reason.system.length > 1024
          )
            err(`${p}.overrideReason.reason`, 'must be a Coding with system (≤ 1024 characters) and code (≤ 256)');
          else overrideReason = { system: reason.system.slice(0, 200), code: reason.code.slice(0, 64) };
        }
        const comment = raw.overrideReason.userComment;
        if (comment !== undefined && typeof comment !== 'string')
          err(`${p}.overrideReason.userComment`, 'must be a string');
        hasUserComment = typeof comment === 'string' && comment.trim().length > 0;
      }
    }
    if (errors.length === 0)
      items.push({
        card: card as string,
        outcome: outcome as FeedbackItem['outcome'],
        acceptedSuggestions: accepted,
        ...(overrideReason ? { overrideReason } : {}),
        hasUserComment,
        outcomeTimestamp: ts as string,
      });
  });
  if (errors.length > 0) throw problems.badRequest('The feedback does not follow CDS Hooks 2.0.', errors);
  return items;
}

export interface Attributed {
  cardType: CardType | 'unknown';
  /** A rule known to the service, or 'other' / 'unknown' (keeps metric label cardinality bounded). */
  rule: string;
}

export function attribute(uuid: string, knownRules: ReadonlySet<string>): Attributed {
  const decoded = decodeCardUuid(uuid, knownRules);
  if (!decoded || decoded.suggestion) return { cardType: 'unknown', rule: 'unknown' };
  return {
    cardType: decoded.type,
    rule: decoded.rule !== undefined && knownRules.has(decoded.rule) ? decoded.rule : 'other',
  };
}

const FINGERPRINT_KEY = crypto.randomBytes(32);

/**
 * A short keyed fingerprint of an id for the logs: the same id gives the same fingerprint within
 * one process, so lines can be joined, but the id itself is never written.
 */
export function fingerprint(id: string): string {
  return crypto.createHmac('sha256', FINGERPRINT_KEY).update(id.slice(0, 1024)).digest('base64url').slice(0, 16);
}

const REASON_CODE = /^[a-z0-9-]{1,40}$/;

/** The override reason as logged: this service's own codes only, anything else `other`. */
export function loggableReason(reason: { system?: string; code?: string }): { code: string } {
  return reason.system === SYSTEMS.overrideReason && reason.code !== undefined && REASON_CODE.test(reason.code)
    ? { code: reason.code }
    : { code: 'other' };
}
