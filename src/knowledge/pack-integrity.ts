/**
 * Referential integrity of a pack: the cross-file checks without which the pack cannot be used
 * (a rule naming a class that does not exist never fires; a regimen naming an unknown drug cannot
 * be costed). They run after schema validation and report every problem, not the first.
 *
 * Outgoing references are checked only in files that passed their schema (their shape is then
 * known); the sets of ids they refer to are collected from every file that parsed, so one schema
 * error in formulary.json does not turn every drug reference elsewhere into a false alarm.
 *
 * Each pack file has its own check in `integrity/`, returning that file's problems; this module
 * runs them in the order of the pack's files.
 */
import type { PackViolation } from './pack-files';
import { checkAtcAliases } from './integrity/atc-aliases';
import { checkContraindications } from './integrity/contraindications';
import { checkDrgTariffs } from './integrity/drg-tariffs';
import { checkDrugClasses } from './integrity/drug-classes';
import { checkFormulary } from './integrity/formulary';
import { checkHisCodes } from './integrity/his-codes';
import { checkManifest } from './integrity/manifest';
import { PackReferences, type ParsedFiles } from './integrity/pack-references';
import { checkPayerPolicy } from './integrity/payer-policy';
import { checkPolicies } from './integrity/policies';
import { checkRegimenSwitches } from './integrity/regimen-switches';
import { checkRegimens } from './integrity/regimens';
import { checkRules } from './integrity/rules';
import { checkSources } from './integrity/sources';
import { checkSubstitutionGroups } from './integrity/substitution-groups';
import { checkTerminology } from './integrity/terminology';
import { checkVariantClasses } from './integrity/variant-classes';

export type { PackFileContents, ParsedFiles } from './integrity/pack-references';

/** One check per pack file, in the order their problems are listed. */
export const FILE_CHECKS: readonly ((pack: PackReferences) => PackViolation[])[] = [
  checkManifest,
  checkSources,
  checkDrugClasses,
  checkFormulary,
  checkAtcAliases,
  checkHisCodes,
  checkTerminology,
  checkRegimens,
  checkRegimenSwitches,
  checkSubstitutionGroups,
  checkRules,
  checkContraindications,
  checkVariantClasses,
  checkDrgTariffs,
  checkPolicies,
  checkPayerPolicy,
];

/**
 * @param schemaViolations what schema validation found; an item (array element) with a schema
 * violation in or above it is skipped here, every other item is checked.
 */
export function checkIntegrity(files: ParsedFiles, schemaViolations: readonly PackViolation[]): PackViolation[] {
  const pack = new PackReferences(files, schemaViolations);
  return FILE_CHECKS.flatMap((check) => check(pack));
}
