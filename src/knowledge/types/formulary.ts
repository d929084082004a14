/** formulary.json, drug-classes.json, atc-aliases.json, terminology.json, his-codes.json: drugs, products and the codes that name them. */

import type { LocalizedText } from './sources';

export type Route = 'iv' | 'oral' | 'sc' | 'im' | 'intravitreal' | 'device';

/** formulary.json → drugs: the molecule (or device type) level. */
export interface Drug {
  code: string; // ATC level 5, or 'DEV-…' for a device type
  system: 'atc' | 'device';
  name: LocalizedText;
  /** Therapeutic classes, from the vocabulary in `drug-classes.json` (e.g. 'chemotherapy', 'egfr-tki'). */
  classes: string[];
  biologic: boolean;
}

/** drug-classes.json: the class vocabulary, so rules and the linter agree on class names. */
export interface DrugClass {
  id: string;
  name: LocalizedText;
  /** Broader class this one belongs to, e.g. 'egfr-tki' → 'targeted'. */
  parent?: string;
  /** An allergy to one member is an allergy to every member (labels: "or other platinum-containing compounds"). */
  allergyCrossReactive?: boolean;
  /** Source of the cross-reactivity. */
  allergySource?: string;
}

/** atc-aliases.json: older ATC codes that Chinese drug dictionaries still send. */
export interface AtcAlias {
  code: string; // the old code, e.g. 'L01XE02'
  current: string; // the current code, e.g. 'L01EB01'
  source: string; // source id
}

export interface Price {
  amount: number; // CNY per pack
  currency: 'CNY';
  basis: 'illustrative' | 'sourced';
  source?: string; // required when basis = 'sourced'
  note?: string;
}

export type ProductKind = 'originator' | 'generic' | 'biosimilar' | 'device';
export type Procurement = 'national-vbp' | 'provincial-vbp' | 'regional-consortium' | 'negotiated' | 'none';

/** formulary.json → products: what the pharmacy actually stocks and bills. */
export interface Product {
  code: string; // national insurance drug code (pack-local, illustrative unless sourced)
  drug: string; // Drug.code
  name: LocalizedText;
  kind: ProductKind;
  /** For a generic or biosimilar: the originator/reference product code. */
  referenceProduct?: string;
  /** Generic that passed China's quality and efficacy consistency evaluation (一致性评价). */
  consistencyEvaluated?: boolean;
  procurement: Procurement;
  reimbursementClass: 'A' | 'B' | 'none';
  form: 'vial' | 'tablet' | 'capsule' | 'prefilled-syringe' | 'pen' | 'bag' | 'infusion' | 'device';
  route: Route;
  /** Content of one unit (one vial, one tablet, one pen, one stent). */
  strength: { value: number; unit: 'mg' | 'µg' | 'IU' | 'unit' | 'dose' };
  unitsPerPack: number;
  /**
   * (Added) One unit serves several administrations (insulin and GLP-1 pens, multi-dose vials):
   * cost by the total content needed over the cycle, not one unit per administration. Absent =
   * single use for vials, syringes, pens and bags.
   */
  multiDose?: boolean;
  price: Price; // per pack
  rxnorm?: string;
}

/** terminology.json: codes foreign EHR clients send, mapped onto the pack's vocabulary (each sourced). */
export interface Terminology {
  rxnorm: {
    rxcui: string;
    tty: 'IN' | 'PIN' | 'SCD' | 'SBD';
    drug?: string;
    product?: string;
    name: string;
    source: string;
    verified: boolean;
  }[];
  conditions: {
    system: 'snomed' | 'icd-10-cm';
    code: string;
    match: 'exact' | 'prefix';
    icd10: string;
    condition: string;
    display?: string;
    source: string;
    verified: boolean;
  }[];
  nhsaDrugCodes: { product: string; code: string; illustrative: boolean; source: string }[];
}

/** his-codes.json: a hospital's own HIS item codes mapped to pack product codes. */
export interface HisCodeMapping {
  hisCode: string;
  product: string;
}
