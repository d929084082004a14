/**
 * Loads a DRG grouping scheme (`rules/drg-schemes/<id>-<version>/`) and compiles it once.
 *
 * A pack names the scheme it groups with (`drg-tariffs.json` → `grouper.scheme`). The scheme is
 * looked up first inside the pack (`<pack>/drg-schemes/<id>-<version>/`, a region's own variant
 * travelling with its pack) and then beside it (`<pack>/../drg-schemes/<id>-<version>/`, the
 * national tables shared by every pack), and last among the schemes shipped with the service
 * (`rules/drg-schemes/`, for a pack kept elsewhere). A region's local variant is therefore a data folder,
 * not code. Compiled schemes are cached per folder and file timestamps, so a reload that does not
 * touch the scheme does not re-read 6 MB of tables.
 */
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ROOT_DIR } from '../config/config';
import { compileScheme, type CompiledScheme } from './drg-scheme/compile-scheme';
import type { SchemeFiles, SchemeManifest } from './drg-scheme/scheme-files';

export class DrgSchemeError extends Error {
  override name = 'DrgSchemeError';
}

const FILES = {
  manifest: 'scheme.json',
  mdcs: 'mdcs.json',
  adrgs: 'adrgs.json',
  drgs: 'drgs.json',
  cc: 'cc.json',
  mcc: 'mcc.json',
  ccExclusions: 'cc-exclusions.json',
  orProcedures: 'or-procedures.json',
  checks: 'checks.json',
  diagnosisNames: 'diagnoses.json',
  procedureNames: 'procedures.json',
} as const;
const TRANSLATION_FILES = { diagnosisMap: 'diagnosis-map.json', procedureMap: 'procedure-map.json' } as const;

const cache = new Map<string, Promise<CompiledScheme>>();

/** The folder a scheme lives in, for a pack folder: the pack's own copy first, then the shared one. */
export async function findSchemeDir(packDir: string, id: string, version: string): Promise<string> {
  const name = `${id}-${version}`;
  const candidates = [
    ...new Set([
      path.join(packDir, 'drg-schemes', name),
      path.join(packDir, '..', 'drg-schemes', name),
      path.join(ROOT_DIR, 'rules', 'drg-schemes', name),
    ]),
  ];
  for (const dir of candidates) {
    try {
      await access(path.join(dir, FILES.manifest));
      return dir;
    } catch {
      // try the next place
    }
  }
  throw new DrgSchemeError(`DRG scheme ${id} ${version} not found (looked in ${candidates.join(' and ')})`);
}

async function readJson(dir: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path.join(dir, file), 'utf8');
  } catch (e) {
    throw new DrgSchemeError(
      `DRG scheme ${dir}: ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DrgSchemeError(`DRG scheme ${dir}: ${file} is not valid JSON (${(e as Error).message})`);
  }
}

function shapeProblems(files: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const arrays = ['mdcs', 'adrgs', 'drgs', 'orProcedures'];
  const objects = ['manifest', 'cc', 'mcc', 'ccExclusions', 'checks', 'diagnosisNames', 'procedureNames'];
  for (const k of arrays)
    if (!Array.isArray(files[k])) problems.push(`${FILES[k as keyof typeof FILES]} must be an array`);
  for (const k of objects)
    if (typeof files[k] !== 'object' || files[k] === null || Array.isArray(files[k]))
      problems.push(`${FILES[k as keyof typeof FILES]} must be an object`);
  const m = files.manifest as Partial<SchemeManifest> | undefined;
  if (m && (typeof m.id !== 'string' || typeof m.version !== 'string'))
    problems.push('scheme.json needs an id and a version');
  return problems;
}

async function loadUncached(dir: string, expect?: { id: string; version: string }): Promise<CompiledScheme> {
  const entries = await Promise.all(Object.entries(FILES).map(async ([k, f]) => [k, await readJson(dir, f)] as const));
  const files: Record<string, unknown> = Object.fromEntries(entries);
  const problems = shapeProblems(files);
  if (problems.length > 0) throw new DrgSchemeError(`DRG scheme ${dir} is invalid:\n  - ${problems.join('\n  - ')}`);
  const manifest = files.manifest as SchemeManifest;
  if (expect && (manifest.id !== expect.id || manifest.version !== expect.version)) {
    throw new DrgSchemeError(
      `DRG scheme ${dir} is ${manifest.id} ${manifest.version}, not the ${expect.id} ${expect.version} the pack names`,
    );
  }
  if (manifest.translation) for (const [k, f] of Object.entries(TRANSLATION_FILES)) files[k] = await readJson(dir, f);
  try {
    return compileScheme(files as unknown as SchemeFiles);
  } catch (e) {
    throw new DrgSchemeError((e as Error).message);
  }
}

/** Loads and compiles the scheme in `dir` (cached while its files are unchanged). */
export async function loadDrgScheme(dir: string, expect?: { id: string; version: string }): Promise<CompiledScheme> {
  const stamps = await Promise.all(
    Object.values(FILES).map(async (f) => {
      try {
        const s = await stat(path.join(dir, f));
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return 'missing';
      }
    }),
  );
  const key = `${path.resolve(dir)}|${expect ? `${expect.id}@${expect.version}` : ''}|${stamps.join(',')}`;
  let loading = cache.get(key);
  if (!loading) {
    loading = loadUncached(dir, expect);
    cache.set(key, loading);
    loading.catch(() => cache.delete(key));
  }
  return loading;
}
