import type { LocalizedText, EvidenceLevel } from './sources';

// ---------------------------------------------------------------------------------------------
// Guideline rules: one declarative format; every input is a named fact path (see src/rules/facts.ts)

export type Scalar = string | number | boolean;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: string; op: 'exists' | 'missing' }
  | { fact: string; op: 'eq' | 'ne'; value: Scalar }
  | { fact: string; op: 'lt' | 'lte' | 'gt' | 'gte'; value: number }
  | { fact: string; op: 'in' | 'notIn'; value: Scalar[] }
  | { fact: string; op: 'includes' | 'excludes'; value: string }
  | { fact: string; op: 'includesAny' | 'includesNone'; value: string[] }
  | { fact: string; op: 'startsWithAny'; value: string[] };

export type Severity = 'info' | 'warning' | 'critical';

export type RuleCategory =
  | 'biomarker-testing'
  | 'biomarker-mismatch'
  | 'contraindication'
  | 'interaction'
  | 'stop-criteria'
  | 'over-treatment'
  | 'step-down'
  | 'dose'
  | 'pathway'
  | 'data-quality';

export interface SuggestedAction {
  kind: 'order-test' | 'stop-drug' | 'switch-regimen' | 'reduce-dose' | 'review' | 'discuss-bsc' | 'add-supportive';
  text: LocalizedText;
  /** For order-test: the LOINC code of the test to order. */
  loinc?: string;
  /** For stop-drug: the drug class (or drug code) to stop. */
  stop?: string;
}

/**
 * contraindications.json: a label contraindication or safety limit by drug and/or class. Compiled
 * at load into a safety rule (`compileContraindications`): it applies to a regimen containing one of
 * its drugs or a drug of one of its classes (neither listed: every regimen).
 */
export interface Contraindication {
  id: string;
  kind:
    | 'renal'
    | 'hepatic'
    | 'age'
    | 'pregnancy'
    | 'breastfeeding'
    | 'allergy'
    | 'history'
    | 'endocrine-status'
    | 'combination'
    | 'dose-frequency'
    | 'dose';
  drugs?: string[];
  classes?: string[];
  severity: Severity;
  when: Condition;
  title: LocalizedText;
  message: LocalizedText;
  action?: SuggestedAction;
  source: string;
  evidenceLevel: EvidenceLevel;
  enabled?: boolean;
  disabledReason?: string;
}

export interface GuidelineRule {
  id: string; // e.g. 'G-01'
  title: LocalizedText;
  category: RuleCategory;
  /** 'critical' is kept for patient safety; money is at most 'warning'. */
  severity: Severity;
  /** When the rule is relevant at all (diagnosis, regimen classes). Not relevant → not evaluated. */
  appliesWhen: Condition;
  /**
   * Fires when true. Evaluated in three-valued logic: a comparison on a missing fact is unknown;
   * when the result is unknown the rule reports the missing facts instead of guessing
   * ("no EGFR result recorded" is not "EGFR negative").
   */
  when: Condition;
  /** What to say when `when` cannot be decided for missing facts. Default: an info finding naming them. */
  onMissing?: { severity: Severity; message?: LocalizedText };
  message: LocalizedText;
  action?: SuggestedAction;
  /** A rule every candidate must obey as well: a candidate that makes it fire is never offered. */
  safety: boolean;
  source: string;
  evidenceLevel: EvidenceLevel;
  enabled?: boolean;
  disabledReason?: string;
}

/** variant-classes.json: how a recorded variant reads for a drug class (EGFR exon-20 insertions resist EGFR TKIs). */
export interface VariantClassification {
  gene: string; // HGNC symbol
  /** Regular expression over the HGVS p. notation or a free-text label (case-insensitive). */
  pattern: string;
  label: string; // e.g. 'exon 19 deletion'
  class: 'sensitising' | 'resistance' | 'other';
  /**
   * (Added) Drug classes this reading holds for, e.g. EGFR T790M is 'resistance' for
   * 'egfr-tki-first-generation' and 'sensitising' for 'egfr-tki-third-generation'. Absent = any
   * class. Entries are listed in priority order: for a regimen, the first entry whose pattern
   * matches and whose appliesToClasses (if any) meets the regimen's classes wins.
   */
  appliesToClasses?: string[];
  /** (Added) Caveat for the clinician reading the classification. */
  note?: string;
  source: string;
}
