/**
 * `npm run pack:import-drg-tariff -- file.csv [--pack rules/default] [--source id] [--citation text] [--replace]`
 *
 * Imports a city's published DRG weight table into a pack's drg-tariffs.json (format in
 * src/knowledge/drg-tariff-import.ts). Codes that are not DRGs of the pack's scheme version are
 * refused with their line numbers and nothing is written. The imported weights cite `--source`
 * (added to sources.json when new, with `--citation`). The result must pass `pack:check`; if it
 * does not, the previous files are restored.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { importDrgTariff } from '../src/knowledge/drg-tariff-import';
import { loadKnowledgePack } from '../src/knowledge/load-pack';
import type { Source } from '../src/knowledge/types';
import { packCheck } from './pack-check';

interface Args {
  file: string;
  pack: string;
  source: string;
  citation?: string;
  replace: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> = { replace: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--pack') args.pack = argv[++i];
    else if (a === '--source') args.source = argv[++i];
    else if (a === '--citation') args.citation = argv[++i];
    else if (a === '--replace') args.replace = true;
    else if (!a.startsWith('--')) args.file = a;
    else throw new Error(`unknown option ${a}`);
  }
  if (!args.file)
    throw new Error(
      'usage: npm run pack:import-drg-tariff -- file.csv [--pack dir] [--source id] [--citation text] [--replace]',
    );
  const base = path.basename(args.file, path.extname(args.file)).replace(/[^A-Za-z0-9._-]/g, '-');
  return {
    file: args.file,
    pack: path.resolve(args.pack ?? process.env.PACK_PATH ?? 'rules/default'),
    source: args.source ?? `drg-tariff-${base}`,
    replace: args.replace ?? false,
    ...(args.citation ? { citation: args.citation } : {}),
  };
}

export async function importTariffCommand(argv: string[], log: (line: string) => void = console.log): Promise<number> {
  const args = parseArgs(argv);
  const pack = await loadKnowledgePack(args.pack);
  if (!pack.drgScheme) {
    log(`import-drg-tariff: ${args.pack} names no DRG grouping scheme (drg-tariffs.json → grouper)`);
    return 1;
  }
  const csv = await readFile(args.file, 'utf8');
  const result = importDrgTariff(csv, structuredClone(pack.drgTariffs), pack.drgScheme, {
    source: args.source,
    replace: args.replace,
  });
  if (!result.ok) {
    log(`import-drg-tariff: ${args.file}: ${result.errors.length} line(s) refused, nothing imported`);
    for (const e of result.errors) log(`  line ${e.line}: ${e.message}`);
    return 1;
  }
  const tariffPath = path.join(args.pack, 'drg-tariffs.json');
  const sourcesPath = path.join(args.pack, 'sources.json');
  const [oldTariffs, oldSources] = await Promise.all([readFile(tariffPath, 'utf8'), readFile(sourcesPath, 'utf8')]);
  const sources = JSON.parse(oldSources) as Source[];
  if (!sources.some((s) => s.id === args.source)) {
    sources.push({
      id: args.source,
      kind: 'policy',
      citation: args.citation ?? `City DRG relative-weight table imported from ${path.basename(args.file)}.`,
    });
    await writeFile(sourcesPath, JSON.stringify(sources, null, 2) + '\n');
  }
  await writeFile(tariffPath, JSON.stringify(result.tariffs, null, 2) + '\n');
  if ((await packCheck(args.pack, log)) !== 0) {
    await Promise.all([writeFile(tariffPath, oldTariffs), writeFile(sourcesPath, oldSources)]);
    log(
      'import-drg-tariff: the pack does not pass pack:check with the imported table; the previous files are restored',
    );
    return 1;
  }
  log(
    `import-drg-tariff: ${result.imported} DRG weights imported from ${args.file} (source ${args.source})${result.kept.length > 0 ? `; kept ${result.kept.length} existing group(s) the table does not list: ${result.kept.join(', ')}` : ''}`,
  );
  return 0;
}

if (require.main === module) {
  importTariffCommand(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error((e as Error).message);
      process.exit(2);
    },
  );
}
