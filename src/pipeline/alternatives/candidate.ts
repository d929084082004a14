/**
 * A candidate option: the proposal with one change (a product swap, a dose rounding, a regimen
 * switch, a step-down), or the accepted simple changes combined. Candidates are generated one
 * change at a time — never as a cartesian product of substitutes — and then re-costed and
 * re-checked against the same rules as the proposal.
 */
import type { components } from '../../generated/api';
import type { EvidenceLevel, LocalizedText } from '../../knowledge/types';
import type { ResolvedRegimen } from '../resolve/resolved-case';

export type OptionBasis = components['schemas']['Option']['basis'];
export type ComponentChange = components['schemas']['ComponentChange'];

export interface Candidate {
  /** Deterministic id: the same case gives the same ids. */
  id: string;
  basis: OptionBasis;
  description: LocalizedText;
  changes: ComponentChange[];
  regimen: ResolvedRegimen;
  evidenceLevel: EvidenceLevel;
  source: string;
  constraints: LocalizedText[];
  /**
   * Cheaper alternatives must save money; guideline-preferred options and therapy changes (a change
   * of mechanism a guideline allows for this patient) are separate lists, shown even when dearer.
   */
  list: 'alternatives' | 'preferred' | 'therapy-changes';
  /** Same molecule (generic, biosimilar, procured product, dose rounding): cost-minimisation, ΔQALY = 0. */
  sameMolecule: boolean;
  /** The one component a single-component change touches (product swaps, dose rounding). */
  changesDrug?: string;
}

export interface ExcludedCandidate {
  id: string;
  basis: string;
  description: LocalizedText;
  reasons: {
    kind: 'rule' | 'not-cheaper' | 'below-display-threshold' | 'policy' | 'costing';
    ruleId?: string;
    /** For a safety rule: it holds against the option, or cannot be decided. */
    safety?: 'unsafe' | 'unknown';
    /** For an undecided safety rule or eligibility condition: the inputs that would decide it. */
    missingInputs?: string[];
    message: string;
  }[];
}
