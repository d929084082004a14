/** Citations, the pack's identity and the shared vocabulary (bilingual text, evidence levels, conditions). */

export interface LocalizedText {
  en: string;
  zh: string;
}

export type EvidenceLevel = 'A' | 'B' | 'C' | 'expert-opinion' | 'policy' | 'illustrative';

export type SourceKind = 'guideline' | 'label' | 'trial' | 'digest' | 'policy' | 'hospital' | 'illustrative';

/** sources.json: every citation the pack uses. */
export interface Source {
  id: string;
  kind: SourceKind;
  /** Title, issuing body or authors, year, section. Enough for a clinician to find it. */
  citation: string;
  year?: number;
  url?: string;
  /** Why a figure is kept as an illustrative default, contradictions, caveats. */
  note?: string;
}

/** manifest.json: identity and validity of the pack. */
export interface PackManifest {
  id: string;
  version: string;
  name: LocalizedText;
  effectiveFrom: string; // ISO date
  effectiveTo?: string; // ISO date, exclusive
  description: string;
  /** The conditions this pack covers (condition ids used by regimens and rules). */
  conditions: ConditionDefinition[];
}

export interface ConditionDefinition {
  id: string; // e.g. 'nsclc', 'rheumatoid-arthritis'
  name: LocalizedText;
  icd10Prefixes: string[]; // 'C34' matches 'C34.9' and 'C34.900x001'
}
