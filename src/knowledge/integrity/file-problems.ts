/**
 * The problems of one pack file, and the reference checks every file shares: a source, drug,
 * product or class id that must exist; ids that must be unique; rule conditions whose facts must
 * be in the fact catalogue and whose compared values must come from the pack's vocabulary.
 */
import { findFact } from '../fact-catalogue';
import { comparedValues, forEachFactCondition } from '../conditions';
import { pointer as ptr, type PackFileName, type PackViolation } from '../pack-files';
import type { Condition } from '../types';
import { GENE_SET, type PackReferences } from './pack-references';

/** Values a fact comparison may name, by fact path: the pack vocabulary they must come from. */
type Vocabulary = 'condition' | 'drug' | 'class' | 'regimen';
const FACT_VOCABULARY: Readonly<Record<string, Vocabulary>> = {
  'diagnosis.condition': 'condition',
  'regimen.drugs': 'drug',
  'patient.allergyConflicts': 'drug',
  'regimen.classes': 'class',
  'regimen.id': 'regimen',
};

export class FileProblems {
  readonly problems: PackViolation[] = [];

  constructor(
    readonly pack: PackReferences,
    readonly file: PackFileName,
  ) {}

  report(at: string, message: string): void {
    this.problems.push({ file: this.file, pointer: at, message });
  }

  shapeOk(at: string): boolean {
    return this.pack.shapeOk(this.file, at);
  }

  /** The items of an array of this file whose own shape passed the schema, with their index. */
  good<T>(items: readonly T[] | undefined, base: (i: number) => string): [T, number][] {
    return this.pack.good(this.file, items, base);
  }

  refSource(at: string, id: string): void {
    if (this.pack.has('sources.json') && !this.pack.ids.sources.has(id))
      this.report(at, `unknown source '${id}' (not in sources.json)`);
  }

  refDrug(at: string, code: string): void {
    if (this.pack.has('formulary.json') && !this.pack.ids.drugs.has(code))
      this.report(at, `unknown drug '${code}' (not in formulary.json drugs)`);
  }

  refProduct(at: string, code: string): void {
    if (this.pack.has('formulary.json') && !this.pack.ids.products.has(code))
      this.report(at, `unknown product '${code}' (not in formulary.json products)`);
  }

  refClass(at: string, id: string): void {
    if (this.pack.has('drug-classes.json') && !this.pack.ids.classes.has(id))
      this.report(at, `unknown drug class '${id}' (not in drug-classes.json)`);
  }

  refConditionId(at: string, id: string): void {
    if (this.pack.has('manifest.json') && !this.pack.ids.conditions.has(id))
      this.report(at, `unknown condition '${id}' (not in manifest.json conditions)`);
  }

  refRegimen(at: string, id: string): void {
    if (this.pack.has('regimens.json') && !this.pack.ids.regimens.has(id))
      this.report(at, `unknown regimen '${id}' (not in regimens.json)`);
  }

  refGene(at: string, gene: string): void {
    if (!GENE_SET.has(gene)) this.report(at, `unknown gene '${gene}' (known: ${[...GENE_SET].join(', ')})`);
  }

  /** Each key once; a repeat names where the first one is. */
  unique<T>(items: [T, number][], key: (t: T) => unknown, at: (i: number) => string, what: string): void {
    const seen = new Map<string, number>();
    for (const [item, i] of items) {
      const k = key(item);
      if (typeof k !== 'string') continue;
      const first = seen.get(k);
      if (first !== undefined) this.report(at(i), `duplicate ${what} '${k}' (first at ${at(first)})`);
      else seen.set(k, i);
    }
  }

  /** A rule condition: known fact paths, and compared values from the pack's vocabulary. */
  refCondition(condition: Condition, base: string): void {
    const drugs = this.pack.has('formulary.json') ? this.pack.ids.drugs : undefined;
    forEachFactCondition(condition, base, (c, at) => {
      if (findFact(c.fact, GENE_SET, drugs) === undefined) {
        this.report(
          at + ptr('fact'),
          `unknown fact path '${c.fact}' (not in the fact catalogue; genes: ${[...GENE_SET].join(', ')})`,
        );
        return;
      }
      const vocabulary = FACT_VOCABULARY[c.fact];
      if (vocabulary === undefined) return;
      comparedValues(c).forEach((value, i) => {
        const at2 = at + ptr('value') + ('value' in c && Array.isArray(c.value) ? ptr(i) : '');
        const v = String(value);
        if (vocabulary === 'condition') this.refConditionId(at2, v);
        if (vocabulary === 'drug') this.refDrug(at2, v);
        if (vocabulary === 'class') this.refClass(at2, v);
        if (vocabulary === 'regimen' && v !== 'none') this.refRegimen(at2, v);
      });
    });
  }
}
