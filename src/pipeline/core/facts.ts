/**
 * Facts: the named values rules read (`patient.ageYears`, `biomarker.EGFR.status`, `doseMg.CISPLATIN`).
 * The fact catalogue (src/knowledge/fact-catalogue.ts) says which names exist; the guideline-rules
 * stage derives them; later stages (DRG, model, options) only read them.
 */
export type FactValue = string | number | boolean | readonly string[];

/** Named facts as rules read them. */
export interface Facts {
  get(path: string): FactValue | undefined;
}
