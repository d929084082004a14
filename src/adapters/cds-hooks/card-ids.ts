/**
 * Card and suggestion uuids that carry their own attribution.
 *
 * The service keeps no state, yet the feedback endpoint must count acceptance per card type and
 * rule. So every `card.uuid` and `suggestion.uuid` is an RFC 9562 UUIDv8 (custom layout) whose
 * 122 free bits encode what the card was about:
 *
 *   bits (MSB first, version/variant bits excluded)   meaning
 *   2    scheme                                        1 (this layout)
 *   4    card type                                     1 cost, 2 finding, 3 alternative, 4 deviation,
 *                                                      (6 preferred: a guideline-preferred option that costs more)
 *                                                      5 not-assessed
 *   1    kind                                          0 card, 1 suggestion
 *   1    rule encoding                                 0 literal, 1 hashed
 *   66   rule                                          literal: up to 11 characters of [0-9A-Za-z-],
 *                                                      6 bits each, 0 = padding ('G-01', 'biosimilar');
 *                                                      hashed (longer or other characters, e.g.
 *                                                      'consistency-evaluated-generic'): the first 66
 *                                                      bits of SHA-256(rule)
 *   48   instance                                      first 48 bits of SHA-256(hookInstance), XOR
 *                                                      the ordinal times an odd constant (mod 2^48):
 *                                                      with type, kind and rule above, unique per
 *                                                      card per call (a bijection of the ordinal)
 *
 * The rule is: a finding's rule id (`G-01`), an alternative's equivalence basis
 * (`biosimilar`), a deviation's kind, `cost` or `unassessed`. A literal rule decodes by itself; a
 * hashed one is resolved against the candidates the caller knows (the pack's rule ids and the
 * fixed bases), so a pack reload that removes a rule leaves its feedback as `unknown`.
 *
 * One SHA-256 per call (of hookInstance, kept for the cards rendered next) and one per long rule
 * name (kept in a small bounded table), not one per card: a card id costs a few integer operations.
 *
 * The uuid is deterministic (same hookInstance and card → same uuid), so the audit log line
 * written when the cards are returned (`cds.cards`) joins exactly with the feedback line
 * (`cds.feedback`) on `card`. It carries no patient identifier: hookInstance is hashed.
 */
import { createHash } from 'node:crypto';

export const CARD_TYPES = ['cost', 'finding', 'alternative', 'deviation', 'not-assessed', 'preferred'] as const;
export type CardType = (typeof CARD_TYPES)[number];

const TYPE_CODE: Record<CardType, number> = {
  cost: 1,
  finding: 2,
  alternative: 3,
  deviation: 4,
  'not-assessed': 5,
  preferred: 6,
};
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-'; // index + 1; 0 = padding
const MAX_LITERAL = 11;
const SCHEME = 1n;

export interface CardIdInput {
  hookInstance: string;
  type: CardType;
  rule: string;
  /** Position among cards of the same type and rule (e.g. two alternatives of the same basis). */
  ordinal: number;
  suggestion?: boolean;
}

export interface DecodedCardId {
  type: CardType;
  suggestion: boolean;
  /** The literal rule, or the resolved one for a hashed rule; undefined when not resolvable. */
  rule?: string;
  ruleHash?: bigint;
}

function sha256(...parts: string[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p.length}:${p}`);
  return h.digest();
}

function topBits(buf: Buffer, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < Math.ceil(bits / 8); i++) v = (v << 8n) | BigInt(buf[i] ?? 0);
  return v >> BigInt(Math.ceil(bits / 8) * 8 - bits);
}

function literal(rule: string): bigint | undefined {
  if (rule.length === 0 || rule.length > MAX_LITERAL) return undefined;
  let v = 0n;
  for (let i = 0; i < MAX_LITERAL; i++) {
    const ch = rule[i];
    let code = 0;
    if (ch !== undefined) {
      const idx = ALPHABET.indexOf(ch);
      if (idx < 0) return undefined;
      code = idx + 1;
    }
    v = (v << 6n) | BigInt(code);
  }
  return v;
}

const ruleHashes = new Map<string, bigint>();
const MAX_RULE_HASHES = 4096;

export function ruleHash(rule: string): bigint {
  let hash = ruleHashes.get(rule);
  if (hash === undefined) {
    hash = topBits(sha256('rule', rule), 66);
    if (ruleHashes.size >= MAX_RULE_HASHES) ruleHashes.clear();
    ruleHashes.set(rule, hash);
  }
  return hash;
}

/** The hash of the call being rendered: its cards are made one after the other. */
let lastCall: { hookInstance: string; bits: bigint } | undefined;
const INSTANCE_MASK = (1n << 48n) - 1n;
/** Odd, so multiplying by it is a bijection on 48-bit ordinals. */
const ORDINAL_SPREAD = 0x9e3779b97f4bn;

function instanceBits(hookInstance: string, ordinal: number): bigint {
  if (lastCall?.hookInstance !== hookInstance)
    lastCall = { hookInstance, bits: topBits(sha256('instance', hookInstance), 48) };
  return lastCall.bits ^ ((BigInt(ordinal) * ORDINAL_SPREAD) & INSTANCE_MASK);
}

export function cardUuid(input: CardIdInput): string {
  const lit = literal(input.rule);
  const ruleBits = lit ?? ruleHash(input.rule);
  const instance = instanceBits(input.hookInstance, input.ordinal);
  let payload = SCHEME;
  payload = (payload << 4n) | BigInt(TYPE_CODE[input.type]);
  payload = (payload << 1n) | (input.suggestion ? 1n : 0n);
  payload = (payload << 1n) | (lit === undefined ? 1n : 0n);
  payload = (payload << 66n) | ruleBits;
  payload = (payload << 48n) | instance; // 122 bits
  const a = payload >> 74n; // 48 bits
  const b = (payload >> 62n) & 0xfffn; // 12 bits
  const c = payload & ((1n << 62n) - 1n); // 62 bits
  const hi = (a << 16n) | (8n << 12n) | b; // 64 bits: a | version 8 | b
  const lo = (2n << 62n) | c; // 64 bits: variant 10 | c
  const hex = hi.toString(16).padStart(16, '0') + lo.toString(16).padStart(16, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * Decodes a uuid made by `cardUuid`. Returns undefined for anything else (another service's
 * uuid, a v4, a tampered value). `candidates` resolves hashed rules.
 */
export function decodeCardUuid(uuid: string, candidates: Iterable<string> = []): DecodedCardId | undefined {
  if (!UUID.test(uuid)) return undefined;
  const hex = uuid.replace(/-/g, '').toLowerCase();
  const hi = BigInt(`0x${hex.slice(0, 16)}`);
  const lo = BigInt(`0x${hex.slice(16)}`);
  const a = hi >> 16n;
  const b = hi & 0xfffn;
  const c = lo & ((1n << 62n) - 1n);
  const payload = (a << 74n) | (b << 62n) | c;
  const scheme = payload >> 120n;
  if (scheme !== SCHEME) return undefined;
  const typeCode = Number((payload >> 116n) & 0xfn);
  const type = CARD_TYPES.find((t) => TYPE_CODE[t] === typeCode);
  if (!type) return undefined;
  const suggestion = ((payload >> 115n) & 1n) === 1n;
  const hashed = ((payload >> 114n) & 1n) === 1n;
  const ruleBits = (payload >> 48n) & ((1n << 66n) - 1n);
  if (!hashed) {
    let rule = '';
    let ended = false;
    for (let i = MAX_LITERAL - 1; i >= 0; i--) {
      const code = Number((ruleBits >> BigInt(i * 6)) & 0x3fn);
      if (code === 0) {
        ended = true;
        continue;
      }
      if (ended) return undefined; // padding inside the rule: not ours
      rule += ALPHABET[code - 1];
    }
    return rule.length > 0 ? { type, suggestion, rule } : undefined;
  }
  for (const candidate of candidates) {
    if (ruleHash(candidate) === ruleBits) return { type, suggestion, rule: candidate, ruleHash: ruleBits };
  }
  return { type, suggestion, ruleHash: ruleBits };
}
