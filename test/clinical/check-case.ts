/**
 * Judges one answer of the service against a case's expectations and returns what is wrong, in words a
 * pharmacist can read. Pure: no HTTP here, so the judge itself can be tested on made-up answers.
 */
import type { components } from '../../src/generated/api';
import type { ClinicalCase, Expectations, Severity } from './clinical-case';

type Assessment = components['schemas']['Assessment'];
type Option = components['schemas']['Option'];
type Finding = components['schemas']['Finding'];
type Deviation = components['schemas']['Deviation'];

/** The answer of the issue-10 API: therapy changes apart, excluded candidates with their safety reason. */
type ExcludedCandidate = components['schemas']['ExcludedCandidate'];
export type Answer = Omit<Assessment, 'excludedCandidates'> & {
  therapyChanges?: Option[];
  excludedCandidates?: (Omit<ExcludedCandidate, 'reasons'> & {
    safety?: string;
    missingInputs?: string[];
    reasons: (ExcludedCandidate['reasons'][number] & { safety?: string; missingInputs?: string[] })[];
  })[];
};

/** The inputs an excluded candidate says would decide it (on the candidate or on one of its reasons). */
function missingInputsOf(x: NonNullable<Answer['excludedCandidates']>[number]): string[] {
  return [...(x.missingInputs ?? []), ...x.reasons.flatMap((r) => r.missingInputs ?? [])];
}

export interface HttpResult {
  status: number;
  body: unknown;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export function offeredOptions(a: Answer): { list: string; option: Option }[] {
  return [
    ...a.alternatives.map((option) => ({ list: 'alternatives', option })),
    ...(a.therapyChanges ?? []).map((option) => ({ list: 'therapyChanges', option })),
    ...a.preferredOptions.map((option) => ({ list: 'preferredOptions', option })),
  ];
}

const drugsOf = (o: Option): string[] => o.components.map((c) => c.drug);

/** A finding names a drug when the code appears anywhere in it (inputs, action, drug lists the API adds). */
/** An option's costed components (the corpus asks with view=full); their absence is itself a problem. */
function breakdown(option: Option, problems: string[]): NonNullable<Option['expectedCost']['components']> {
  if (option.expectedCost.components === undefined)
    problems.push(`${option.id} has no per-component costing (the corpus must ask with view=full)`);
  return option.expectedCost.components ?? [];
}

function findingNames(f: Finding, code: string): boolean {
  return JSON.stringify(f).includes(code);
}

interface Signal {
  severity: Severity;
  names: (code: string) => boolean;
  label: string;
  text: string;
}

function signals(a: Answer): Signal[] {
  const findings = a.findings.map(
    (f): Signal => ({
      severity: f.severity,
      names: (c) => findingNames(f, c),
      label: `finding ${f.ruleId} (${f.severity}, ${f.category})`,
      text: JSON.stringify(f),
    }),
  );
  const deviations = a.regimen.deviations.map(
    (d: Deviation): Signal => ({
      severity: d.severity,
      names: (c) => d.drug === c,
      label: `deviation ${d.kind} ${d.drug ?? ''} (${d.severity})`,
      text: d.drug ?? '',
    }),
  );
  return [...findings, ...deviations];
}

function finiteMoney(x: unknown): boolean {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

/** Checks every answer must pass, whatever the case: no NaN, infinite, zero or negative cost or dose; no dearer "alternative". */
export function invariantProblems(a: Answer): string[] {
  const problems: string[] = [];
  if (!finiteMoney(a.expectedCost.perCourse)) problems.push(`proposal cost per course is ${a.expectedCost.perCourse}`);
  for (const c of a.expectedCost.components) {
    if (!(Number.isFinite(c.dose.perAdministration) && c.dose.perAdministration > 0))
      problems.push(`proposal dose of ${c.drug.code} is ${c.dose.perAdministration}`);
    if (!(Number.isFinite(c.costPerCycle) && c.costPerCycle >= 0))
      problems.push(`proposal cost per cycle of ${c.drug.code} is ${c.costPerCycle}`);
  }
  for (const { list, option } of offeredOptions(a)) {
    if (!finiteMoney(option.expectedCost.perCourse))
      problems.push(`${list} ${option.id} costs ${option.expectedCost.perCourse}`);
  }
  for (const option of a.alternatives) {
    if (option.expectedCost.perCourse > a.expectedCost.perCourse)
      problems.push(
        `alternative ${option.id} costs more (${option.expectedCost.perCourse}) than the proposal (${a.expectedCost.perCourse})`,
      );
  }
  return problems;
}

function pointerNamed(errors: unknown, pointer: string): boolean {
  if (!Array.isArray(errors)) return false;
  return errors.some(
    (e: { pointer?: string }) =>
      typeof e.pointer === 'string' && (e.pointer === pointer || e.pointer.startsWith(`${pointer}/`)),
  );
}

function problemPointers(body: unknown): string {
  const errors = (body as { errors?: { pointer?: string }[] } | undefined)?.errors ?? [];
  return errors.map((e) => e.pointer).join(', ') || '(none)';
}

/** What the answer breaks of the expectations (empty when the case passes). */
export function assessmentProblems(a: Answer, e: Expectations): string[] {
  const problems: string[] = [...invariantProblems(a)];
  const offered = offeredOptions(a);
  const sig = signals(a);

  for (const want of e.findings ?? []) {
    const ok = sig.some(
      (s) =>
        (want.exactly ? s.severity === want.severity : RANK[s.severity] >= RANK[want.severity]) &&
        (want.atc === undefined || s.names(want.atc)),
    );
    if (!ok) {
      const unnamed =
        want.atc === undefined
          ? []
          : sig.filter(
              (x) =>
                RANK[x.severity] >= RANK[want.severity] &&
                !x.names(want.atc ?? '') &&
                !/[A-Z]\d{2}[A-Z]{2}\d{2}|DEV-/.test(x.label + x.text),
            );
      const hint = unnamed.length > 0 ? ` (${unnamed.map((x) => x.label).join(', ')} names no drug)` : '';
      problems.push(
        `no ${want.exactly ? '' : 'at least '}${want.severity} finding${want.atc ? ` naming ${want.atc}` : ''}${hint}`,
      );
    }
  }
  if (e.noCriticalFinding) {
    for (const s of sig.filter((x) => x.severity === 'critical')) problems.push(`unexpected critical: ${s.label}`);
  }
  if (e.missingInputFinding !== undefined) {
    const re = new RegExp(e.missingInputFinding, 'i');
    if (
      !a.findings.some(
        (f) =>
          f.missing.some((m) => re.test(m)) ||
          re.test(JSON.stringify((f as { missingInputs?: unknown }).missingInputs ?? [])),
      )
    ) {
      problems.push(`no finding names the missing input /${e.missingInputFinding}/`);
    }
  }
  if (e.excludedForMissingInput !== undefined) {
    const re = new RegExp(e.excludedForMissingInput, 'i');
    if (!(a.excludedCandidates ?? []).some((x) => missingInputsOf(x).some((m) => re.test(m)))) {
      problems.push(`no excluded candidate names the missing input /${e.excludedForMissingInput}/`);
    }
  }
  for (const code of e.notOffered ?? []) {
    for (const { list, option } of offered)
      if (drugsOf(option).includes(code)) problems.push(`${list} ${option.id} (${option.basis}) offers ${code}`);
  }
  for (const code of e.notInAlternatives ?? []) {
    for (const option of a.alternatives)
      if (drugsOf(option).includes(code))
        problems.push(`alternative ${option.id} (${option.basis}) offers ${code} as a cheaper equivalent`);
  }
  for (const [x, y] of e.forbiddenPairs ?? []) {
    for (const { list, option } of offered)
      if (drugsOf(option).includes(x) && drugsOf(option).includes(y))
        problems.push(`${list} ${option.id} repeats the forbidden pair ${x} + ${y}`);
  }
  for (const code of e.alternativesInclude ?? []) {
    if (!a.alternatives.some((o) => drugsOf(o).includes(code))) problems.push(`no cheaper equivalent contains ${code}`);
  }
  for (const code of e.preferredInclude ?? []) {
    if (!a.preferredOptions.some((o) => drugsOf(o).includes(code)))
      problems.push(`no guideline-preferred option contains ${code}`);
  }
  if (e.noStepDown) {
    for (const { list, option } of offered)
      if (option.basis === 'step-down')
        problems.push(`${list} ${option.id} steps down to ${drugsOf(option).join('+')}`);
  }
  for (const code of e.unassessed ?? []) {
    if (!a.unassessed.some((u) => u.code === code)) problems.push(`${code} is not listed as not assessed`);
  }
  for (const code of e.notUnassessed ?? []) {
    const u = a.unassessed.find((x) => x.code === code);
    if (u) problems.push(`${code} was not assessed (${u.where}: ${u.reason})`);
  }
  if (e.findingReads !== undefined) {
    const key = e.findingReads.toLowerCase();
    if (!a.findings.some((f) => Object.keys(f.inputs).some((k) => k.toLowerCase().includes(key))))
      problems.push(`no finding reads ${e.findingReads}`);
  }
  if (e.noFindingReads !== undefined) {
    const key = e.noFindingReads.toLowerCase();
    for (const f of a.findings) {
      const read = Object.entries(f.inputs).filter(([k]) => k.toLowerCase().includes(key));
      if (read.length > 0 && f.missing.length === 0)
        problems.push(`finding ${f.ruleId} (${f.severity}) fired on ${JSON.stringify(Object.fromEntries(read))}`);
    }
  }
  if (e.proposalDoseMg) {
    const { atc, mg } = e.proposalDoseMg;
    const c = a.expectedCost.components.find((x) => x.drug.code === atc);
    if (!c) problems.push(`the proposal has no ${atc} component`);
    else if (Math.abs(c.dose.perAdministration - mg) > 0.5)
      problems.push(`${atc} dose is ${c.dose.perAdministration} mg (${c.dose.calculation}), expected ${mg} mg`);
  }
  if (e.noOptionRepeatsDose !== undefined) {
    const atc = e.noOptionRepeatsDose;
    const overdose = a.expectedCost.components.find((x) => x.drug.code === atc)?.dose.perAdministration;
    if (overdose === undefined) problems.push(`the proposal has no ${atc} component`);
    else {
      const sameRegimen = offered.filter(
        ({ option }) => option.regimenId === undefined || option.regimenId === a.regimen.id,
      );
      for (const { list, option } of sameRegimen) {
        for (const c of breakdown(option, problems)) {
          if (c.drug.code === atc && c.dose.perAdministration >= 0.75 * overdose)
            problems.push(
              `${list} ${option.id} repeats the overdose: ${atc} ${c.dose.perAdministration} ${c.dose.unit} (proposal ${overdose})`,
            );
        }
      }
    }
  }
  if (e.maxAdministrationsPerWeek) {
    const { atc, perWeek } = e.maxAdministrationsPerWeek;
    for (const { list, option } of offered) {
      const days = option.expectedCost.cycleLengthDays;
      for (const c of breakdown(option, problems)) {
        const weekly = (c.administrationsPerCycle * 7) / days;
        if (c.drug.code === atc && weekly > perWeek + 1e-9)
          problems.push(`${list} ${option.id} gives ${atc} ${weekly.toFixed(2)} times a week`);
      }
    }
  }
  return problems;
}

/** Judges an HTTP result (single or batch) against the case. */
export function caseProblems(c: ClinicalCase, r: HttpResult): string[] {
  const e = c.expect;
  if (c.batch) {
    const body = r.body as {
      results?: { index: number; status: number; assessment?: Answer; problem?: { errors?: unknown } }[];
    };
    if (r.status !== 200 || !Array.isArray(body.results))
      return [`batch answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`];
    const problems: string[] = [];
    const statuses = body.results.map((x) => x.status);
    if (JSON.stringify(statuses) !== JSON.stringify(e.batch?.statuses))
      problems.push(`batch slot statuses ${JSON.stringify(statuses)}, expected ${JSON.stringify(e.batch?.statuses)}`);
    for (const [index, pointers] of Object.entries(e.batch?.problemFields ?? {})) {
      const slot = body.results.find((x) => x.index === Number(index));
      for (const p of pointers)
        if (!pointerNamed(slot?.problem?.errors, p))
          problems.push(`slot ${index} problem does not name ${p} (names ${problemPointers(slot?.problem)})`);
    }
    for (const slot of body.results)
      if (slot.assessment) problems.push(...invariantProblems(slot.assessment).map((p) => `slot ${slot.index}: ${p}`));
    return problems;
  }
  const statuses = [e.status ?? 200].flat();
  if (!statuses.includes(r.status))
    return [`HTTP ${r.status}, expected ${statuses.join(' or ')}: ${JSON.stringify(r.body).slice(0, 400)}`];
  if (r.status !== 200) {
    const errors = (r.body as { errors?: unknown }).errors;
    return (e.problemFields ?? [])
      .filter((p) => !pointerNamed(errors, p))
      .map((p) => `problem does not name ${p} (names ${problemPointers(r.body)})`);
  }
  return assessmentProblems(r.body as Answer, e);
}

/** What was offered and flagged, for the failure message. */
export function describeAnswer(r: HttpResult): string {
  if (r.status !== 200) return `HTTP ${r.status}`;
  const a = r.body as Answer;
  if (!a.findings) return JSON.stringify(r.body).slice(0, 300);
  const opts = offeredOptions(a).map(({ list, option }) => `${list}:${option.basis}[${drugsOf(option).join('+')}]`);
  const sig = signals(a)
    .filter((s) => s.severity !== 'info')
    .map((s) => s.label);
  return `offered: ${opts.join(', ') || 'nothing'}; flagged: ${sig.join(', ') || 'nothing'}`;
}
