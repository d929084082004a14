/**
 * Groups one record with a compiled scheme, exactly as the scheme's README §4 describes:
 * optional code translation, input checks, then the MDC loop (entry → ADRGs in order → the first
 * DRG whose CC/MCC split holds), falling through to the next MDC when an entered MDC matches no
 * ADRG. Returns the result codes with every rule applied, in order, as a trace.
 */
import {
  viewOf,
  type CompiledAdrg,
  type CompiledMdc,
  type CompiledScheme,
  type RecordView,
} from '../../../knowledge/drg-scheme/compile-scheme';
import type { GrouperRecord } from '../../../domain/grouper-record';
import { num } from '../../../domain/grouper-record';
import type { CheckTest, SplitKind } from '../../../knowledge/drg-scheme/scheme-files';

export type GroupingStatus = 'SUCCESS' | 'FAIL' | 'CHECK_FAILED' | 'ZD_NOT_MAPPING' | 'SS_NOT_MAPPING' | 'QY';

export interface TraceStep {
  stage: 'translation' | 'check' | 'mdc' | 'adrg' | 'drg' | 'qy';
  /** The MDC, ADRG or DRG code, or the check id. */
  code: string;
  /** The condition or split kind, as named in the scheme's tables. */
  kind: string;
  held: boolean;
  detail: string;
}

/** A secondary diagnosis found in the CC or MCC table. */
export interface Complication {
  code: string;
  /** Position in the diagnosis list (0 = principal). */
  position: number;
  level: 'cc' | 'mcc';
  /** The exclusion group it belongs to. */
  group: string;
}

export interface Complications {
  /** Exclusion group of the principal diagnosis, or null when it excludes nothing. */
  exclusionGroup: string | null;
  mcc: Complication[];
  cc: Complication[];
  /** CCs and MCCs that do not count: same exclusion group as the principal diagnosis. */
  excluded: Complication[];
}

export interface GroupingResult {
  status: GroupingStatus;
  mdc: string;
  adrg: string;
  drg: string;
  /** The failing check or translation step, for CHECK_FAILED / *_NOT_MAPPING. */
  failure?: { id: string; message: string; rule: string; position?: number };
  /** The record as grouped (after translation, when it is on). */
  diagnoses: readonly string[];
  procedures: readonly string[];
  complications: Complications;
  trace: TraceStep[];
}

const NOT_GROUPED = { mdc: '0000', adrg: '00', drg: '0000' } as const;

function testHolds(t: CheckTest, record: GrouperRecord): boolean {
  switch (t.op) {
    case 'is_empty':
      return t.field !== 'diagnoses' && fieldText(record, t.field) === '';
    case 'num_eq':
      return t.field !== 'diagnoses' && num(fieldText(record, t.field)) === t.value;
    case 'num_le':
      return t.field !== 'diagnoses' && t.value !== undefined && num(fieldText(record, t.field)) <= t.value;
    case 'list_is_empty':
      return t.field === 'diagnoses' && record.diagnoses.length === 0;
  }
}

function fieldText(record: GrouperRecord, field: 'gender' | 'age' | 'age_days' | 'weight'): string {
  return field === 'age_days' ? record.ageDays : record[field];
}

/** CC/MCC with exclusions (README §5), over the secondary diagnoses only. */
export function findComplications(scheme: CompiledScheme, dx: readonly string[]): Complications {
  const excl = scheme.ccExclusions.get(dx[0] ?? '');
  const out: Complications = { exclusionGroup: excl ?? null, mcc: [], cc: [], excluded: [] };
  for (let i = 1; i < dx.length; i++) {
    const code = dx[i] as string;
    const mccGroup = scheme.mcc.get(code);
    if (mccGroup !== undefined) {
      (excl !== undefined && mccGroup === excl ? out.excluded : out.mcc).push({
        code,
        position: i,
        level: 'mcc',
        group: mccGroup,
      });
      continue;
    }
    const ccGroup = scheme.cc.get(code);
    if (ccGroup !== undefined)
      (excl !== undefined && ccGroup === excl ? out.excluded : out.cc).push({
        code,
        position: i,
        level: 'cc',
        group: ccGroup,
      });
  }
  return out;
}

function splitHolds(split: SplitKind, dx: readonly string[], c: Complications): boolean {
  if (split === 'always') return true;
  if (dx.length <= 1) return false;
  return split === 'mcc' ? c.mcc.length > 0 : c.mcc.length > 0 || c.cc.length > 0;
}

function splitDetail(split: SplitKind, held: boolean, c: Complications): string {
  if (split === 'always') return 'no CC/MCC split';
  const codes = (list: readonly Complication[]) => list.map((x) => x.code).join(', ');
  if (split === 'mcc') return held ? `MCC present: ${codes(c.mcc)}` : 'no secondary diagnosis is a counting MCC';
  return held
    ? `${c.mcc.length > 0 ? `MCC present: ${codes(c.mcc)}` : `CC present: ${codes(c.cc)}`}`
    : 'no secondary diagnosis is a counting CC or MCC';
}

/** README §4.1: each code looked up once; a changed code replaces the first occurrence in the live list. */
function translate(
  map: ReadonlyMap<string, string>,
  list: readonly string[],
): { list: string[]; missing?: { code: string; position: number }; changed: string[] } {
  const live = [...list];
  const changed: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const code = list[i] as string;
    const mapped = map.get(code);
    if (mapped === undefined) return { list: live, missing: { code, position: i }, changed };
    if (mapped !== code) {
      live[live.indexOf(code)] = mapped;
      changed.push(`${code} → ${mapped}`);
    }
  }
  return { list: live, changed };
}

/** One grouping in progress: the scheme, the record as it stands (translated when that is on) and the trace so far. */
interface GroupingRun {
  readonly scheme: CompiledScheme;
  record: GrouperRecord;
  readonly trace: TraceStep[];
}

const noComplications = (): Complications => ({ exclusionGroup: null, mcc: [], cc: [], excluded: [] });

/** A record that could not be grouped: translation, an input check or the MDC loop failed. */
function notGrouped(run: GroupingRun, status: GroupingStatus, failure: GroupingResult['failure']): GroupingResult {
  return {
    status,
    ...NOT_GROUPED,
    ...(failure ? { failure } : {}),
    diagnoses: run.record.diagnoses,
    procedures: run.record.procedures,
    complications: noComplications(),
    trace: run.trace,
  };
}

/** A grouped record (SUCCESS, or QY for an ambiguous one) with its codes. */
function grouped(
  run: GroupingRun,
  status: 'SUCCESS' | 'QY',
  codes: { mdc: string; adrg: string; drg: string },
  complications: Complications,
): GroupingResult {
  return {
    status,
    mdc: codes.mdc,
    adrg: codes.adrg,
    drg: codes.drg,
    diagnoses: run.record.diagnoses,
    procedures: run.record.procedures,
    complications,
    trace: run.trace,
  };
}

/** Step 1, README §4.1 (when the scheme switches translation on): diagnoses, then procedures. */
function translateCodes(run: GroupingRun): GroupingResult | undefined {
  const translation = run.scheme.translation;
  if (!translation) return undefined;
  const steps = [
    { list: 'diagnoses' as const, map: translation.diagnoses, status: 'ZD_NOT_MAPPING' as const },
    { list: 'procedures' as const, map: translation.procedures, status: 'SS_NOT_MAPPING' as const },
  ];
  for (const step of steps) {
    const t = translate(step.map, run.record[step.list]);
    if (t.missing) {
      run.trace.push({
        stage: 'translation',
        code: step.status,
        kind: step.list,
        held: false,
        detail: `${step.list}[${t.missing.position}] '${t.missing.code}' has no grouper code`,
      });
      return notGrouped(run, step.status, {
        id: step.status,
        message: `${step.list} code '${t.missing.code}' cannot be translated to a grouper code`,
        rule: `every ${step.list} code must be a key of the scheme's map`,
        position: t.missing.position,
      });
    }
    run.trace.push({
      stage: 'translation',
      code: step.list,
      kind: step.list,
      held: true,
      detail: t.changed.length > 0 ? `translated ${t.changed.join('; ')}` : 'every code already a grouper code',
    });
    run.record = { ...run.record, [step.list]: t.list };
  }
  return undefined;
}

/** Step 2, README §4.2: the first check whose tests all hold fails the record. */
function runInputChecks(run: GroupingRun): GroupingResult | undefined {
  const { scheme, record, trace } = run;
  for (const check of scheme.checks) {
    if (check.all_of.every((t) => testHolds(t, record))) {
      trace.push({
        stage: 'check',
        code: check.id,
        kind: check.status,
        held: false,
        detail: `${check.message} (${check.rule})`,
      });
      return notGrouped(run, 'CHECK_FAILED', { id: check.id, message: check.message, rule: check.rule });
    }
  }
  trace.push({
    stage: 'check',
    code: 'input-checks',
    kind: 'CHECK',
    held: true,
    detail: `all ${scheme.checks.length} input checks pass (${scheme.checks.map((c) => c.id).join(', ')})`,
  });
  return undefined;
}

/**
 * Step 3, the MDC loop: every MDC whose entry holds (§4.3) tries its ADRGs; an entered MDC that
 * matches none falls through to the next MDC. FAIL when no MDC produces a group.
 */
function groupInMdcs(run: GroupingRun): GroupingResult {
  const r: RecordView = viewOf(run.scheme, run.record);
  for (const mdc of run.scheme.mdcs) {
    const entered = mdc.entry(r);
    if (entered === undefined) continue;
    run.trace.push({
      stage: 'mdc',
      code: mdc.mdc,
      kind: mdc.entryKind,
      held: true,
      detail: `entered ${mdc.mdc} (${mdc.name}): ${entered}`,
    });
    const result = groupInMdc(run, mdc, r);
    if (result) return result;
    run.trace.push({
      stage: 'adrg',
      code: mdc.mdc,
      kind: 'none',
      held: false,
      detail: `none of the ${mdc.adrgs.length} ADRGs of ${mdc.mdc} matched; grouping continues with the next MDC`,
    });
  }
  run.trace.push({ stage: 'mdc', code: '0000', kind: 'none', held: false, detail: 'no MDC produced a group' });
  return notGrouped(run, 'FAIL', undefined);
}

/** An entered MDC's ADRGs in order (§4.4), with the QY check at its position (§4.6); undefined when none matches. */
function groupInMdc(run: GroupingRun, mdc: CompiledMdc, r: RecordView): GroupingResult | undefined {
  for (let i = 0; i < mdc.adrgs.length; i++) {
    if (mdc.qy.enabled && i === mdc.qy.position) {
      const ambiguous = ambiguousRecord(run, mdc, r);
      if (ambiguous) return ambiguous;
    }
    const adrg = mdc.adrgs[i] as CompiledAdrg;
    const matched = adrg.condition(r);
    if (matched === undefined) continue;
    run.trace.push({
      stage: 'adrg',
      code: adrg.code,
      kind: adrg.kind,
      held: true,
      detail: `${adrg.code} (${adrg.name}): ${matched}`,
    });
    return groupInAdrg(run, adrg, r);
  }
  return undefined;
}

/** README §4.6: an operating-room procedure that matched none of the MDC's surgical ADRGs makes the record QY. */
function ambiguousRecord(run: GroupingRun, mdc: CompiledMdc, r: RecordView): GroupingResult | undefined {
  const or = r.pr.find((p) => run.scheme.orProcedures.has(p));
  if (or === undefined) return undefined;
  run.trace.push({
    stage: 'qy',
    code: mdc.qy.result_drg,
    kind: mdc.qy.condition,
    held: true,
    detail: `operating-room procedure ${or} matched none of ${mdc.mdc}'s surgical ADRGs: ambiguous record`,
  });
  return grouped(run, 'QY', { mdc: mdc.mdc, adrg: 'QY', drg: mdc.qy.result_drg }, noComplications());
}

/** README §4.5: the matched ADRG's DRGs in order; the first whose CC/MCC split holds (§5) is the group. */
function groupInAdrg(run: GroupingRun, adrg: CompiledAdrg, r: RecordView): GroupingResult {
  const complications = findComplications(run.scheme, r.dx);
  for (const drg of adrg.drgs) {
    const held = splitHolds(drg.split, r.dx, complications);
    run.trace.push({
      stage: 'drg',
      code: drg.code,
      kind: drg.split,
      held,
      detail: splitDetail(drg.split, held, complications),
    });
    if (held)
      return grouped(
        run,
        'SUCCESS',
        { mdc: 'MDC' + drg.code.charAt(0), adrg: drg.code.slice(0, 3), drg: drg.code },
        complications,
      );
  }
  // Unreachable with a compiled scheme: the last DRG of every ADRG is 'always'.
  return grouped(run, 'SUCCESS', { mdc: 'MDC' + adrg.code.charAt(0), adrg: adrg.code, drg: adrg.code }, complications);
}

/** README §4: translation, input checks, then the MDC loop; the first result ends the grouping. */
export function groupRecord(scheme: CompiledScheme, input: GrouperRecord): GroupingResult {
  const run: GroupingRun = { scheme, record: input, trace: [] };
  return translateCodes(run) ?? runInputChecks(run) ?? groupInMdcs(run);
}
