/** The national CHS-DRG 1.1 scheme as shipped, loaded once per test file. */
import path from 'node:path';
import { loadDrgScheme } from '../../src/knowledge/drg-scheme';
import type { CompiledScheme } from '../../src/knowledge/drg-scheme/compile-scheme';
import type { GrouperRecord } from '../../src/domain/grouper-record';

export const SCHEME_DIR = path.join(__dirname, '..', '..', 'rules', 'drg-schemes', 'chs-drg-1.1');

export function nationalScheme(): Promise<CompiledScheme> {
  return loadDrgScheme(SCHEME_DIR, { id: 'chs-drg', version: '1.1' });
}

/** An adult male inpatient record; override what the case is about. */
export function adult(
  diagnoses: string[],
  procedures: string[] = [],
  over: Partial<GrouperRecord> = {},
): GrouperRecord {
  return { gender: '1', age: '62', ageDays: '', weight: '', diagnoses, procedures, ...over };
}

/** A newborn record (age 0 years). */
export function newborn(
  diagnoses: string[],
  ageDays: string,
  weight: string,
  procedures: string[] = [],
): GrouperRecord {
  return { gender: '2', age: '0', ageDays, weight, diagnoses, procedures };
}
