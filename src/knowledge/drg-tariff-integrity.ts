/**
 * Checks a pack's DRG tariff against the grouping scheme it names: every tariff code must be a
 * DRG of the scheme (a tariff keyed by codes the grouper never returns would price nothing), and
 * every code of the admission coding must be one the scheme knows.
 */
import type { CompiledScheme } from './drg-scheme/compile-scheme';
import { pointer, type PackViolation } from './pack-files';
import type { DrgTariffs } from './types';

export function schemeViolations(tariffs: DrgTariffs, scheme: CompiledScheme): PackViolation[] {
  const file = 'drg-tariffs.json';
  const out: PackViolation[] = [];
  const name = `${scheme.manifest.id} ${scheme.manifest.version}`;
  tariffs.groups.forEach((g, i) => {
    if (!g.codeIllustrative && !scheme.drgs.has(g.code))
      out.push({ file, pointer: pointer('groups', i, 'code'), message: `'${g.code}' is not a DRG of scheme ${name}` });
  });
  (tariffs.admissionCoding ?? []).forEach((c, i) => {
    if (c.encounterDiagnosis !== undefined && !scheme.knownDiagnoses.has(c.encounterDiagnosis)) {
      out.push({
        file,
        pointer: pointer('admissionCoding', i, 'encounterDiagnosis'),
        message: `'${c.encounterDiagnosis}' is not a diagnosis code of scheme ${name}`,
      });
    }
    c.procedures.forEach((p, j) => {
      if (!scheme.knownProcedures.has(p))
        out.push({
          file,
          pointer: pointer('admissionCoding', i, 'procedures', j),
          message: `'${p}' is not a procedure code of scheme ${name}`,
        });
    });
  });
  return out;
}
