/**
 * `npm run pack:check [dir]` — validate a knowledge pack before use.
 *
 * Loads the pack (JSON Schema + referential integrity, see src/knowledge/load-pack.ts) and lints
 * it (authoring rules, see src/knowledge/lint-pack.ts). Prints every problem with its file and
 * JSON pointer and exits 1 on any; on success prints a one-line summary and exits 0.
 * The pack directory is the first argument, else $PACK_PATH, else rules/default.
 */
import path from 'node:path';
import { lintKnowledgePack } from '../src/knowledge/lint-pack';
import { PackValidationError, loadKnowledgePack } from '../src/knowledge/load-pack';
import { formatViolation } from '../src/knowledge/pack-files';

export async function packCheck(dir: string, log: (line: string) => void = console.log): Promise<number> {
  let pack;
  try {
    pack = await loadKnowledgePack(dir);
  } catch (e) {
    if (!(e instanceof PackValidationError)) throw e;
    log(`pack-check: ${dir}: ${e.violations.length} error(s)`);
    for (const v of e.violations) log(`  error  ${formatViolation(v)}`);
    return 1;
  }
  const problems = lintKnowledgePack(pack);
  if (problems.length > 0) {
    log(`pack-check: ${dir}: ${problems.length} lint problem(s)`);
    for (const p of problems) log(`  lint   [${p.kind}] ${formatViolation(p)}`);
    return 1;
  }
  const { manifest } = pack;
  log(
    `pack-check: ${manifest.id} ${manifest.version} OK — ${manifest.conditions.length} conditions, ${pack.drugs.size} drugs, ` +
      `${pack.products.size} products, ${pack.regimens.size} regimens, ${pack.regimenSwitches.length} switches, ` +
      `${pack.substitutionGroups.length} substitution groups, ${pack.rules.length} rules (${pack.digest})`,
  );
  return 0;
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? process.env.PACK_PATH ?? 'rules/default');
  packCheck(dir).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
