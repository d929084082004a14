/**
 * Genomic variant assessments (LOINC 69548-6): the gene studied (an HGNC id the service knows),
 * present or absent, the variant and its clinical significance.
 */
import type { CaseBiomarker } from '../../../domain/case';
import { KNOWN_GENES } from '../../../knowledge/fact-catalogue';
import { LOINC, SYSTEMS } from '../code-systems';
import {
  type CodingValue,
  type FhirIssues,
  type JsonObject,
  child,
  isObject,
  optArray,
  readCodeableConcept,
} from '../fhir-read';
import type { NotAssessed } from '../not-assessed';
import { type ObservationReader, conceptText } from './observation-values';
import { t } from './reading';
import type { SourcedResource } from './types';

const SIGNIFICANCE: Record<string, CaseBiomarker['clinicalSignificance']> = {
  'LA6668-3': 'pathogenic',
  'LA26332-9': 'likely-pathogenic',
  'LA26333-7': 'uncertain',
  'LA26334-5': 'likely-benign',
  'LA6675-8': 'benign',
  pathogenic: 'pathogenic',
  'likely pathogenic': 'likely-pathogenic',
  'uncertain significance': 'uncertain',
  'likely benign': 'likely-benign',
  benign: 'benign',
};

function components(
  o: JsonObject,
  path: string,
  issues: FhirIssues,
): { code: CodingValue[]; value: JsonObject; path: string }[] {
  const out: { code: CodingValue[]; value: JsonObject; path: string }[] = [];
  optArray(o, 'component', path, issues).forEach((c, i) => {
    const cp = child(child(path, 'component'), i);
    if (!isObject(c)) {
      issues.add(cp, 'must be an Observation.component object');
      return;
    }
    const cc = readCodeableConcept(c.code, child(cp, 'code'), issues);
    out.push({ code: cc?.codings ?? [], value: c, path: cp });
  });
  return out;
}

function hasLoinc(codes: CodingValue[], code: string): boolean {
  return codes.some((c) => c.system === SYSTEMS.loinc && c.code === code);
}

const GENE_BY_HGNC = new Map([...KNOWN_GENES].map(([symbol, id]) => [id, symbol]));

/** The gene a variant assessment studied (component 48018-6, an HGNC id the service knows). */
export function variantGene(r: SourcedResource, issues: FhirIssues, notAssessed: NotAssessed[]): string | undefined {
  const comp = components(r.resource, r.path, issues).find((c) => hasLoinc(c.code, LOINC.geneStudied));
  if (!comp) {
    notAssessed.push({
      where: r.path,
      reason: t(
        'Genomic variant assessment without a gene studied (48018-6); not assessed.',
        '基因变异检测未注明检测基因（48018-6），未评估。',
      ),
    });
    return undefined;
  }
  const cc = readCodeableConcept(comp.value.valueCodeableConcept, child(comp.path, 'valueCodeableConcept'), issues);
  const hgnc = cc?.codings.find((c) => c.system === SYSTEMS.hgnc && c.code);
  const id = hgnc?.code;
  const symbol = id ? (GENE_BY_HGNC.get(id) ?? GENE_BY_HGNC.get(`HGNC:${id}`)) : undefined;
  if (!symbol) {
    notAssessed.push({
      ...(id ? { code: id } : {}),
      system: SYSTEMS.hgnc,
      where: child(comp.path, 'valueCodeableConcept'),
      reason: t(
        `Gene ${hgnc?.display ?? id ?? cc?.text ?? '(no HGNC id)'} is not one the service knows; its result was not assessed.`,
        `基因 ${hgnc?.display ?? id ?? cc?.text ?? '（无 HGNC 编号）'} 不在服务已知范围，结果未评估。`,
      ),
    });
    return undefined;
  }
  return symbol;
}

/** The latest assessment of a gene (its record carries the gene, from `variantGene`). */
export const readVariant: ObservationReader = (rec, patient, issues, notAssessed) => {
  const gene = rec.gene ?? '';
  const o = rec.r.resource;
  const value = conceptText(o, rec.r.path, issues);
  const code = value?.codes.find((c) => c.code === LOINC.variantPresent || c.code === LOINC.variantAbsent)?.code;
  const text = value?.text?.toLowerCase();
  const result: CaseBiomarker['result'] | undefined =
    code === LOINC.variantPresent || text === 'present'
      ? 'present'
      : code === LOINC.variantAbsent || text === 'absent'
        ? 'absent'
        : undefined;
  if (!result) {
    notAssessed.push({
      where: rec.r.path,
      reason: t(
        `${gene} variant assessment has no present/absent value (LA9633-4 / LA9634-2); not assessed.`,
        `${gene} 变异检测缺少阳性/阴性结果（LA9633-4 / LA9634-2），未评估。`,
      ),
    });
    return;
  }
  const biomarker: CaseBiomarker = { gene, result, method: 'NGS', ...(rec.date ? { date: rec.date } : {}) };
  for (const c of components(o, rec.r.path, issues)) {
    if (
      hasLoinc(c.code, LOINC.aminoAcidChange) ||
      (biomarker.variant === undefined && hasLoinc(c.code, LOINC.dnaChange))
    ) {
      const v = conceptText(c.value, c.path, issues);
      const label = v?.codes.find((x) => x.display)?.display ?? v?.codes.find((x) => x.code)?.code ?? v?.text;
      if (label) biomarker.variant = label.slice(0, 120);
    }
    if (hasLoinc(c.code, LOINC.clinicalSignificance)) {
      const v = conceptText(c.value, c.path, issues);
      const sig =
        v?.codes.map((x) => SIGNIFICANCE[x.code ?? '']).find((x) => x) ??
        (v?.text ? SIGNIFICANCE[v.text.toLowerCase()] : undefined);
      if (sig) biomarker.clinicalSignificance = sig;
    }
  }
  patient.biomarkers.push(biomarker);
};
