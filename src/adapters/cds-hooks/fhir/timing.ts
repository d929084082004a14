/**
 * Dosage.timing → how often and how long an order is given; the orders' timings together → the
 * cycle length, administrations per cycle and number of cycles of the proposal.
 */
import type { CaseProposal, ProposedComponent } from '../../../domain/case';
import {
  type FhirIssues,
  type JsonObject,
  child,
  optArray,
  optDate,
  optNumber,
  optObject,
  optString,
  readCodeableConcept,
  readQuantity,
  ucumOf,
} from '../fhir-read';
import type { NotAssessed } from '../not-assessed';
import { daysBetween } from './dates';
import { t } from './reading';

export interface TimingInfo {
  periodDays?: number | undefined;
  frequency: number;
  count?: number;
  boundsDays?: number;
  path: string;
}

const PERIOD_UNIT_DAYS: Record<string, number> = {
  s: 1 / 86400,
  min: 1 / 1440,
  h: 1 / 24,
  d: 1,
  wk: 7,
  mo: 30,
  a: 365,
};

/**
 * HL7 v3 GTSAbbreviation codes (as bound to Timing.code in R4: BID, TID, QID, AM, PM, QD, QOD, Q4H,
 * Q6H, WK, MO …) and the QnD / QnW / QnH forms oncology orders use (Q3W = every 21 days).
 */
export function timingAbbreviation(raw: string): { frequency: number; periodDays: number } | undefined {
  const code = raw.trim().toUpperCase();
  const fixed: Record<string, { frequency: number; periodDays: number }> = {
    QD: { frequency: 1, periodDays: 1 },
    AM: { frequency: 1, periodDays: 1 },
    PM: { frequency: 1, periodDays: 1 },
    BED: { frequency: 1, periodDays: 1 },
    BID: { frequency: 2, periodDays: 1 },
    TID: { frequency: 3, periodDays: 1 },
    QID: { frequency: 4, periodDays: 1 },
    QOD: { frequency: 1, periodDays: 2 },
    WK: { frequency: 1, periodDays: 7 },
    QW: { frequency: 1, periodDays: 7 },
    BIW: { frequency: 2, periodDays: 7 },
    TIW: { frequency: 3, periodDays: 7 },
    MO: { frequency: 1, periodDays: 30 },
  };
  if (fixed[code]) return fixed[code];
  const m = /^Q(\d{1,3})(H|D|W|WK|M|MO)$/.exec(code);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n <= 0) return undefined;
  const unitDays = m[2] === 'H' ? 1 / 24 : m[2] === 'D' ? 1 : m[2] === 'W' || m[2] === 'WK' ? 7 : 30;
  return { frequency: 1, periodDays: n * unitDays };
}

/** The timing of a Dosage, when it has a repeat rule or a schedule the service reads. */
export function readTiming(
  d: JsonObject,
  dp: string,
  issues: FhirIssues,
  notAssessed: NotAssessed[],
): TimingInfo | undefined {
  const timing = optObject(d, 'timing', dp, issues);
  if (!timing) return undefined;
  const tp = child(dp, 'timing');
  const repeat = optObject(timing, 'repeat', tp, issues);
  const info: TimingInfo = { frequency: 1, path: child(tp, 'repeat') };
  let known = false;
  if (repeat) known = readRepeat(repeat, child(tp, 'repeat'), info, { issues, notAssessed });
  // Timing.code (HL7 GTS abbreviations and the common QnD/QnW forms) when repeat gives no period.
  const code = readCodeableConcept(timing.code, child(tp, 'code'), issues);
  if (!known && code) {
    const parsed =
      code.codings.map((c) => (c.code ? timingAbbreviation(c.code) : undefined)).find((x) => x) ??
      (code.text ? timingAbbreviation(code.text) : undefined);
    if (parsed) {
      info.frequency = parsed.frequency;
      info.periodDays = parsed.periodDays;
      known = true;
    } else
      notAssessed.push({
        ...(code.codings[0]?.code ? { code: code.codings[0].code } : {}),
        where: child(tp, 'code'),
        reason: t(
          'The timing code of the order is not read; its schedule was not assessed.',
          '医嘱的给药频次代码无法识别；未评估其给药时间。',
        ),
      });
  }
  if (readEvents(timing, tp, info, { known, issues, notAssessed })) known = true;
  return repeat || known ? info : undefined;
}

interface Sink {
  issues: FhirIssues;
  notAssessed: NotAssessed[];
}

/** Timing.repeat: frequency, period, count and bounds. Whether it gave a period the service reads. */
function readRepeat(repeat: JsonObject, rp: string, info: TimingInfo, { issues, notAssessed }: Sink): boolean {
  let known = false;
  info.frequency = optNumber(repeat, 'frequency', rp, issues, { integer: true, positive: true }) ?? 1;
  const period = optNumber(repeat, 'period', rp, issues, { positive: true });
  const periodUnit = optString(repeat, 'periodUnit', rp, issues);
  if (periodUnit !== undefined && PERIOD_UNIT_DAYS[periodUnit] === undefined)
    issues.add(child(rp, 'periodUnit'), 'must be one of s, min, h, d, wk, mo, a');
  const count = optNumber(repeat, 'count', rp, issues, { integer: true, positive: true });
  if (period !== undefined && periodUnit !== undefined && PERIOD_UNIT_DAYS[periodUnit] !== undefined) {
    info.periodDays = period * (PERIOD_UNIT_DAYS[periodUnit] as number);
    known = true;
  }
  if (count !== undefined) info.count = count;
  readBoundsDuration(repeat, rp, info, { issues, notAssessed });
  readBoundsPeriod(repeat, rp, info, { issues, notAssessed });
  return known;
}

function readBoundsDuration(repeat: JsonObject, rp: string, info: TimingInfo, { issues, notAssessed }: Sink): void {
  const bd = optObject(repeat, 'boundsDuration', rp, issues);
  if (!bd) return;
  const q = readQuantity(bd, child(rp, 'boundsDuration'), issues);
  const unit = q ? ucumOf(q) : undefined;
  if (q && unit && PERIOD_UNIT_DAYS[unit] !== undefined) info.boundsDays = q.value * (PERIOD_UNIT_DAYS[unit] as number);
  else if (q)
    notAssessed.push({
      where: child(rp, 'boundsDuration'),
      reason: t(
        'The duration of the order has a unit that is not read; the course length was not taken from it.',
        '医嘱疗程时长的单位无法识别；未据此确定疗程长度。',
      ),
    });
}

function readBoundsPeriod(repeat: JsonObject, rp: string, info: TimingInfo, { issues, notAssessed }: Sink): void {
  const bp = optObject(repeat, 'boundsPeriod', rp, issues);
  if (!bp) return;
  const bpp = child(rp, 'boundsPeriod');
  const start = optDate(bp, 'start', bpp, issues);
  const end = optDate(bp, 'end', bpp, issues);
  if (start && end) info.boundsDays = daysBetween(start, end) + 1;
  else
    notAssessed.push({
      where: bpp,
      reason: t(
        'The order period has no end; the course length was not taken from it.',
        '医嘱起止时间没有结束日期；未据此确定疗程长度。',
      ),
    });
}

/**
 * Timing.event: explicit administration times; their number bounds the order. Whether they define
 * the schedule (they do when nothing else did).
 */
function readEvents(
  timing: JsonObject,
  tp: string,
  info: TimingInfo,
  { known, issues, notAssessed }: Sink & { known: boolean },
): boolean {
  const events = optArray(timing, 'event', tp, issues).filter((e) => typeof e === 'string');
  if (events.length === 0) return false;
  if (info.count === undefined) info.count = events.length;
  if (known) return false;
  if (events.length === 1) {
    info.periodDays = undefined;
    info.count = 1;
  } else
    notAssessed.push({
      where: child(tp, 'event'),
      reason: t(
        `The order lists ${events.length} administration times without a repeat rule; ${events.length} administrations were counted.`,
        `医嘱列出 ${events.length} 个给药时间但无重复规则；按 ${events.length} 次给药计算。`,
      ),
    });
  return true;
}

export interface OrderTiming {
  component: ProposedComponent;
  timing: TimingInfo;
}

/**
 * Cycles from Timing.repeat. An order repeating every ≥ 7 days defines the cycle (q21d → 21-day
 * cycle, frequency = administrations per cycle, count ÷ frequency = cycles). Orders repeating at
 * most daily are continuous: frequency per day → times per administration, and their
 * administrations per cycle follow from the cycle length.
 */
export function applyTimings(
  timings: readonly OrderTiming[],
  proposal: CaseProposal,
  notAssessed: NotAssessed[],
): void {
  const intermittent = timings.filter((x) => x.timing.periodDays !== undefined && x.timing.periodDays >= 7);
  let cycleLength =
    intermittent.length > 0 ? Math.max(...intermittent.map((x) => x.timing.periodDays as number)) : undefined;
  let courseCycles: number | undefined;
  if (cycleLength === undefined) {
    const course = continuousCourse(timings);
    if (course) ({ cycleLength, courseCycles } = course);
  }
  if (cycleLength !== undefined) proposal.cycleLengthDays = Math.round(cycleLength);
  const distinct = new Set(intermittent.map((x) => x.timing.periodDays));
  if (distinct.size > 1)
    notAssessed.push({
      where: 'context.draftOrders',
      reason: t(
        `Orders repeat at different intervals; a ${Math.round(cycleLength ?? 0)}-day cycle was assumed.`,
        `各医嘱重复间隔不同；按 ${Math.round(cycleLength ?? 0)} 天周期计算。`,
      ),
    });
  const cyclesSeen: number[] = courseCycles !== undefined ? [courseCycles] : [];
  for (const { component, timing } of timings) {
    const cycles = applyTiming(component, timing, cycleLength);
    if (cycles !== undefined) cyclesSeen.push(cycles);
  }
  if (cyclesSeen.length > 0) proposal.cycles = Math.max(...cyclesSeen);
}

/**
 * Only continuous (at most daily) orders: the course length comes from boundsPeriod,
 * boundsDuration or count, not from a default year. Up to 28 days is one cycle of that
 * length; longer courses are 28-day cycles.
 */
function continuousCourse(timings: readonly OrderTiming[]): { cycleLength: number; courseCycles: number } | undefined {
  const days = timings
    .map(({ timing }) => {
      if (timing.periodDays === undefined || timing.periodDays >= 7) return undefined;
      if (timing.boundsDays !== undefined) return timing.boundsDays;
      if (timing.count !== undefined) return Math.ceil((timing.count / timing.frequency) * timing.periodDays);
      return undefined;
    })
    .filter((d): d is number => d !== undefined && d > 0);
  if (days.length === 0) return undefined;
  const total = Math.max(...days);
  return {
    cycleLength: total <= 28 ? Math.max(1, Math.round(total)) : 28,
    courseCycles: total <= 28 ? 1 : Math.ceil(total / 28),
  };
}

/** One order's administrations per cycle (and times per administration); the cycles its own bounds imply. */
function applyTiming(
  component: ProposedComponent,
  timing: TimingInfo,
  cycleLength: number | undefined,
): number | undefined {
  const p = timing.periodDays;
  if (p === undefined) {
    // Explicit administration times (Timing.event) without a repeat rule.
    if (timing.count === undefined) return undefined;
    component.administrationsPerCycle = timing.count;
    return 1;
  }
  if (p >= 7) {
    component.administrationsPerCycle = Math.max(1, Math.round((timing.frequency * (cycleLength ?? p)) / p));
    if (timing.count !== undefined) return Math.ceil(timing.count / component.administrationsPerCycle);
    if (timing.boundsDays !== undefined && cycleLength) return Math.ceil(timing.boundsDays / cycleLength);
    return undefined;
  }
  const perDay = timing.frequency / p;
  if (p <= 1 && Number.isInteger(perDay) && perDay >= 1 && perDay <= 6) {
    component.timesPerAdministration = perDay;
    if (cycleLength) component.administrationsPerCycle = Math.round(cycleLength);
  } else if (cycleLength) {
    component.administrationsPerCycle = Math.max(1, Math.round((timing.frequency * cycleLength) / p));
  }
  if (cycleLength && timing.boundsDays !== undefined) return Math.ceil(timing.boundsDays / cycleLength);
  return undefined;
}
