/**
 * The ADRG condition kinds of README §4.4, each compiled into a predicate over the record view that
 * returns the trace sentence when it holds. Grouped by what they read: the diagnosis and procedure
 * lists, a newborn's age and birth weight, or the operating-room procedure list.
 */
import type { AdrgCondition } from './scheme-files';
import type { Predicate, RecordView } from './compile-scheme';

type ConditionOf<K extends AdrgCondition['kind']> = Extract<AdrgCondition, { kind: K }>;

/** The first code of `codes` (from index `from`) that is in `set`. */
const anyIn = (codes: readonly string[], set: ReadonlySet<string>, from = 0): string | undefined => {
  for (let i = from; i < codes.length; i++) {
    const c = codes[i] as string;
    if (set.has(c)) return c;
  }
  return undefined;
};

function newborn(r: RecordView, maxAgeDays: number): boolean {
  return r.ageDays <= maxAgeDays;
}

/** Compiles one ADRG condition into its predicate. */
export function compileAdrgCondition(c: AdrgCondition, or: ReadonlySet<string>): Predicate {
  switch (c.kind) {
    case 'first_proc_newborn':
    case 'principal_dx_newborn':
    case 'any_dx_newborn_weight':
      return newbornCondition(c);
    case 'always':
    case 'first_proc_or':
    case 'any_dx_and_first_proc_or':
    case 'no_or_proc':
      return operatingRoomCondition(c, or);
    case 'principal_dx_and_proc_categories':
      return procedureCategoriesCondition(c);
    default:
      return codeListCondition(c);
  }
}

/** Conditions on the principal diagnosis, the main procedure and the procedure lists A and B. */
function codeListCondition(
  c: ConditionOf<
    'principal_dx' | 'first_proc' | 'principal_dx_and_first_proc' | 'two_proc_lists' | 'principal_dx_and_two_proc_lists'
  >,
): Predicate {
  switch (c.kind) {
    case 'principal_dx': {
      const d = new Set(c.diagnoses);
      return (r) => (d.has(r.pdx) ? `principal diagnosis ${r.pdx} is in the list` : undefined);
    }
    case 'first_proc': {
      const p = new Set(c.procedures);
      return (r) => (p.has(r.p1) ? `main procedure ${r.p1} is in the list` : undefined);
    }
    case 'principal_dx_and_first_proc': {
      const d = new Set(c.diagnoses);
      const p = new Set(c.procedures);
      return (r) =>
        d.has(r.pdx) && p.has(r.p1)
          ? `principal diagnosis ${r.pdx} and main procedure ${r.p1} are in the lists`
          : undefined;
    }
    case 'two_proc_lists':
    case 'principal_dx_and_two_proc_lists': {
      const d = c.kind === 'principal_dx_and_two_proc_lists' ? new Set(c.diagnoses) : undefined;
      const a = new Set(c.procedures_a);
      const b = new Set(c.procedures_b);
      return (r) => {
        if (d && !d.has(r.pdx)) return undefined;
        const inA = anyIn(r.pr, a);
        if (inA === undefined) return undefined;
        const inB = anyIn(r.pr, b);
        if (inB === undefined) return undefined;
        return `${d ? `principal diagnosis ${r.pdx} is in the list, ` : ''}procedure ${inA} is in list A and procedure ${inB} in list B`;
      };
    }
  }
}

/** The principal diagnosis is listed and the procedures cover one of the rule's category combinations. */
function procedureCategoriesCondition(c: ConditionOf<'principal_dx_and_proc_categories'>): Predicate {
  const d = new Set(c.diagnoses);
  const categories = new Map(Object.entries(c.procedure_categories));
  const rule = c.category_rule;
  return (r) => {
    if (!d.has(r.pdx)) return undefined;
    const found = new Set<string>();
    for (const p of r.pr) {
      const cat = categories.get(p);
      if (cat !== undefined) found.add(cat);
    }
    const term = rule.find((and) => and.every((label) => found.has(label)));
    return term
      ? `principal diagnosis ${r.pdx} is in the list and the procedures cover categories ${term.join(' + ')}`
      : undefined;
  };
}

/** Conditions that hold for a newborn only (age in days at most the limit), some with a birth-weight band. */
function newbornCondition(
  c: ConditionOf<'first_proc_newborn' | 'principal_dx_newborn' | 'any_dx_newborn_weight'>,
): Predicate {
  switch (c.kind) {
    case 'first_proc_newborn': {
      const p = new Set(c.procedures);
      const max = c.max_age_days;
      return (r) =>
        p.has(r.p1) && newborn(r, max)
          ? `main procedure ${r.p1} is in the list and age ${r.ageDays} days is at most ${max}`
          : undefined;
    }
    case 'principal_dx_newborn': {
      const d = new Set(c.diagnoses);
      const max = c.max_age_days;
      return (r) =>
        d.has(r.pdx) && newborn(r, max)
          ? `principal diagnosis ${r.pdx} is in the list and age ${r.ageDays} days is at most ${max}`
          : undefined;
    }
    case 'any_dx_newborn_weight': {
      const d = new Set(c.diagnoses);
      const { weight_min_g: min, weight_max_g: max, max_age_days: maxDays } = c;
      const band = `[${min ?? 0}, ${max ?? '∞'}) g`;
      return (r) => {
        if (!newborn(r, maxDays) || !(r.weight > 0)) return undefined;
        if (min !== null && !(r.weight >= min)) return undefined;
        if (max !== null && !(r.weight < max)) return undefined;
        const hit = anyIn(r.dx, d);
        return hit === undefined
          ? undefined
          : `diagnosis ${hit} is in the list, age ${r.ageDays} days is at most ${maxDays} and birth weight ${r.weight} g is in ${band}`;
      };
    }
  }
}

/** The catch-all and the conditions on operating-room procedures. */
function operatingRoomCondition(
  c: ConditionOf<'always' | 'first_proc_or' | 'any_dx_and_first_proc_or' | 'no_or_proc'>,
  or: ReadonlySet<string>,
): Predicate {
  switch (c.kind) {
    case 'always':
      return () => 'catch-all of the MDC';
    case 'first_proc_or':
      return (r) => (or.has(r.p1) ? `main procedure ${r.p1} is an operating-room procedure` : undefined);
    case 'any_dx_and_first_proc_or': {
      const d = new Set(c.diagnoses);
      return (r) => {
        if (!or.has(r.p1)) return undefined;
        const hit = anyIn(r.dx, d);
        return hit === undefined
          ? undefined
          : `diagnosis ${hit} is in the list and main procedure ${r.p1} is an operating-room procedure`;
      };
    }
    case 'no_or_proc':
      return (r) => (anyIn(r.pr, or) === undefined ? 'no procedure is an operating-room procedure' : undefined);
  }
}
