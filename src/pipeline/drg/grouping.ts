/**
 * The grouper as the API shows it: an API record (JSON numbers, `male`/`female`) turned into the
 * scheme's text record, grouped, and answered with names, the CC/MCC found and excluded, the
 * CC/MCC that moved the group (and the DRG the record would get without them), unknown codes by
 * position, and the trace. Used by `POST /v1/drg/group` and by every assessment.
 */
import type { components } from '../../generated/api';
import type { CompiledScheme } from '../../knowledge/drg-scheme/compile-scheme';
import { groupRecord, type Complication, type GroupingResult } from './grouper/group-record';
import type { GrouperRecord } from '../../domain/grouper-record';

export type DrgGroupRecord = components['schemas']['DrgGroupRecord'];
export type DrgGrouping = components['schemas']['DrgGrouping'];

const STATUS: Record<GroupingResult['status'], DrgGrouping['status']> = {
  SUCCESS: 'grouped',
  FAIL: 'ungroupable',
  CHECK_FAILED: 'invalid',
  ZD_NOT_MAPPING: 'invalid',
  SS_NOT_MAPPING: 'invalid',
  QY: 'ambiguous',
};

const text = (n: number | undefined): string => (n === undefined ? '' : String(n));

/** API JSON → the scheme's record (README §2). Absent numbers are blank, as in a discharge abstract. */
export function grouperRecordOf(r: DrgGroupRecord): GrouperRecord {
  return {
    gender: r.sex === 'male' ? '1' : r.sex === 'female' ? '2' : '',
    age: text(r.ageYears),
    ageDays: text(r.ageDays),
    weight: text(r.birthWeightGrams),
    diagnoses: r.diagnoses,
    procedures: r.procedures ?? [],
  };
}

function complication(scheme: CompiledScheme, c: Complication) {
  const name = scheme.diagnosisNames.get(c.code);
  return {
    code: c.code,
    position: c.position,
    level: c.level,
    exclusionGroup: c.group,
    ...(name !== undefined ? { name } : {}),
  };
}

function unknownCodes(scheme: CompiledScheme, record: GrouperRecord): DrgGrouping['unknownCodes'] {
  const out: DrgGrouping['unknownCodes'] = [];
  record.diagnoses.forEach((code, position) => {
    if (code !== '' && !scheme.knownDiagnoses.has(code))
      out.push({
        list: 'diagnoses',
        position,
        code,
        reason: `not a diagnosis code of ${scheme.manifest.id} ${scheme.manifest.version} (${scheme.manifest.codeSystems.diagnoses}); it matches no grouping rule and counts as no CC/MCC`,
      });
  });
  record.procedures.forEach((code, position) => {
    if (code !== '' && !scheme.knownProcedures.has(code))
      out.push({
        list: 'procedures',
        position,
        code,
        reason: `not a procedure code of ${scheme.manifest.id} ${scheme.manifest.version} (${scheme.manifest.codeSystems.procedures}); it matches no grouping rule`,
      });
  });
  return out;
}

/** ADRG kinds and MDC entries that read secondary diagnoses: leaving a diagnosis out may change the ADRG itself. */
const READS_SECONDARY = new Set(['any_dx_newborn_weight', 'any_dx_and_first_proc_or']);

/** Which CC/MCC decided the split, and the DRG the record gets with those diagnoses left out. */
function splitBy(scheme: CompiledScheme, record: GrouperRecord, result: GroupingResult): DrgGrouping['splitBy'] {
  if (result.status !== 'SUCCESS') return undefined;
  const drg = scheme.drgs.get(result.drg);
  if (drg === undefined || drg.split === 'always') return { level: 'none', codes: [], drgWithout: result.drg };
  const c = result.complications;
  const level = c.mcc.length > 0 ? 'mcc' : 'cc';
  const deciding = drg.split === 'mcc' ? c.mcc : [...c.mcc, ...c.cc];
  const codes = deciding.map((d) => d.code);
  const adrgKind = result.trace.find((t) => t.stage === 'adrg' && t.held)?.kind ?? '';
  if (!READS_SECONDARY.has(adrgKind) && result.mdc !== 'MDCZ') {
    // Same ADRG without them: the first of its DRGs whose split holds on what is left.
    // Every MCC is dropped; the CCs stay only when an MCC alone decided.
    const ccLeft = drg.split === 'mcc' && c.cc.length > 0;
    const next = scheme.adrgs
      .get(result.adrg)
      ?.drgs.find((d) => d.split === 'always' || (d.split === 'mcc_or_cc' && ccLeft));
    if (next) return { level, codes, drgWithout: next.code };
  }
  const drop = new Set(deciding.map((d) => d.position));
  const without = groupRecord(scheme, { ...record, diagnoses: record.diagnoses.filter((_, i) => !drop.has(i)) });
  return { level, codes, drgWithout: without.drg };
}

export function groupForApi(scheme: CompiledScheme, record: GrouperRecord): DrgGrouping {
  const result = groupRecord(scheme, record);
  const status = STATUS[result.status];
  const split = splitBy(scheme, record, result);
  const names =
    result.status === 'SUCCESS' || result.status === 'QY'
      ? {
          mdc: scheme.mdcNames.get(result.mdc) ?? '',
          adrg: scheme.adrgNames.get(result.adrg) ?? '',
          drg: scheme.drgs.get(result.drg)?.name ?? '',
        }
      : undefined;
  const reason =
    status === 'invalid'
      ? `${result.failure?.message ?? ''} (${result.failure?.rule ?? ''})`
      : status === 'ungroupable'
        ? `No MDC of ${scheme.manifest.id} ${scheme.manifest.version} produced a group for principal diagnosis ${record.diagnoses[0] ?? '(none)'} with main procedure ${record.procedures[0] || '(none)'}.`
        : undefined;
  return {
    scheme: { id: scheme.manifest.id, version: scheme.manifest.version },
    status,
    mdc: result.mdc,
    adrg: result.adrg,
    drg: result.drg,
    ...(names ? { names } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(result.failure
      ? { check: { id: result.failure.id, message: result.failure.message, rule: result.failure.rule } }
      : {}),
    complications: {
      exclusionGroup: result.complications.exclusionGroup,
      mcc: result.complications.mcc.map((c) => complication(scheme, c)),
      cc: result.complications.cc.map((c) => complication(scheme, c)),
      excluded: result.complications.excluded.map((c) => complication(scheme, c)),
    },
    ...(split ? { splitBy: split } : {}),
    unknownCodes: unknownCodes(scheme, record),
    trace: result.trace,
  };
}
