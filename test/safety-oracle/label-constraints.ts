/**
 * Label constraints for the independent safety oracle, written FROM THE LABELS (EU SmPC / FDA PI /
 * regulator decisions), not from the knowledge pack. This file is test data: it must never be
 * imported by src/, and it must never be "fixed" to agree with the pack. Where the pack and this
 * table disagree, a pharmacist decides which one follows the label.
 *
 * `verified` says whether the cited text was seen while writing this table (through the search
 * tool, the excerpt quoted in `checked`); `false` means it is written from the reviewer's knowledge
 * of the label and still needs a look at the document before it is relied on.
 *
 * Semantics (see oracle.ts):
 * - any constraint that applies to an offered option's drugs and is violated OR unknown excludes
 *   the option ("unknown never passes an option");
 * - for the proposal, a violated constraint needs a finding of at least `proposalFinding` severity
 *   that names one of its drugs; an unknown one needs a finding that names the missing input.
 */

export interface LabelSource {
  /** Document: product, regulator, kind. */
  document: string;
  /** Section of the document (SmPC 4.3, PI 4, boxed warning, …). */
  section: string;
  /** Revision year of the document version cited. */
  year: number;
  url?: string;
  verified: boolean;
  /** What was seen (a short paraphrase), or why it is unverified. */
  checked: string;
}

export type FindingSeverity = 'critical' | 'warning';

interface Base {
  id: string;
  /** What the label says, in one line. */
  text: string;
  /** The finding severity the proposal must carry when this constraint is violated. */
  proposalFinding: FindingSeverity;
  source: LabelSource;
}

export type Measure = 'egfr' | 'crcl' | 'ageYears' | 'altUln';

/** A limit on a measure of the patient: violated when `measure op limit` holds. */
export interface MeasureLimit extends Base {
  kind: 'measure';
  drugs: readonly string[];
  measure: Measure;
  op: 'lt' | 'lte' | 'gte' | 'gt';
  limit: number;
  /** Only a daily dose above this (mg/day) breaks the limit (a dose ceiling, not a contraindication). */
  aboveDailyMg?: number;
}

/** Pregnancy or breastfeeding: violated when the patient is; unknown when she might be and it is not recorded. */
export interface ReproductiveLimit extends Base {
  kind: 'pregnancy' | 'breastfeeding';
  drugs: readonly string[];
}

/** Contraindicated in women who are not postmenopausal. */
export interface MenopauseLimit extends Base {
  kind: 'menopause';
  drugs: readonly string[];
}

/** Two drugs of these classes together (the same class twice = two different drugs of that class). */
export interface CombinationLimit extends Base {
  kind: 'combination';
  classA: DrugClass;
  classB: DrugClass;
}

/** Once-weekly drugs in non-oncology use: more than one administration in 7 days. */
export interface WeeklyOnlyLimit extends Base {
  kind: 'weekly-only';
  drugs: readonly string[];
  /** ICD-10 prefixes where the weekly rule applies (non-oncology indications). */
  indications: readonly string[];
}

/** A drug needing a wild-type result for every listed gene when combined with a partner drug. */
export interface WildTypeRequired extends Base {
  kind: 'wild-type-required';
  drugs: readonly string[];
  withAny: readonly string[];
  genes: readonly string[];
}

export type LabelConstraint =
  | MeasureLimit
  | ReproductiveLimit
  | MenopauseLimit
  | CombinationLimit
  | WeeklyOnlyLimit
  | WildTypeRequired;

/** Drug classes the labels' combination warnings speak of (ATC codes, WHO ATC 2024). */
export type DrugClass = 'jak-inhibitor' | 'biologic-dmard';

export const DRUG_CLASSES: Readonly<Record<DrugClass, readonly string[]>> = {
  // L04AF: Janus-associated kinase (JAK) inhibitors: tofacitinib, baricitinib, upadacitinib, filgotinib.
  'jak-inhibitor': ['L04AF01', 'L04AF02', 'L04AF03', 'L04AF04'],
  // Biologic DMARDs as the RA labels use the term: TNF blockers (etanercept, infliximab, adalimumab,
  // certolizumab pegol, golimumab), anakinra, tocilizumab, and rituximab (anti-CD20, licensed in RA).
  'biologic-dmard': ['L04AB01', 'L04AB02', 'L04AB04', 'L04AB05', 'L04AB06', 'L04AC03', 'L04AC07', 'L01FA01'],
};

/** How a finding may name a class (its id or its name), standing for every drug of the class. */
export const DRUG_CLASS_NAMES: Readonly<Record<DrugClass, RegExp>> = {
  'jak-inhibitor': /\bjak\b|jak-inhibitor|janus/i,
  'biologic-dmard': /biologic(-| )dmard|\bbdmard/i,
};

/** INN names, used to recognise a finding that names a drug in its text. */
export const DRUG_NAMES: Readonly<Record<string, string>> = {
  A10BA02: 'metformin',
  L04AX03: 'methotrexate',
  L04AF01: 'tofacitinib',
  L04AF02: 'baricitinib',
  L04AF03: 'upadacitinib',
  L04AF04: 'filgotinib',
  L04AB01: 'etanercept',
  L04AB02: 'infliximab',
  L04AB04: 'adalimumab',
  L04AB05: 'certolizumab',
  L04AB06: 'golimumab',
  L04AC03: 'anakinra',
  L04AC07: 'tocilizumab',
  L01FA01: 'rituximab',
  L01BC06: 'capecitabine',
  L01BA04: 'pemetrexed',
  L01XA01: 'cisplatin',
  L01XA02: 'carboplatin',
  L01XA03: 'oxaliplatin',
  C03AA03: 'hydrochlorothiazide',
  L01BB05: 'fludarabine',
  L01CD02: 'docetaxel',
  C09AA02: 'enalapril',
  L01FD01: 'trastuzumab',
  L01FD02: 'pertuzumab',
  L02BG04: 'letrozole',
  L01EB01: 'gefitinib',
  L01FE01: 'cetuximab',
};

const XELJANZ_EU: Omit<LabelSource, 'section' | 'verified' | 'checked'> = {
  document: 'Xeljanz (tofacitinib) EU SmPC, European Commission community register',
  year: 2023,
  url: 'https://ec.europa.eu/health/documents/community-register/2023/20230310157940/anx_157940_en.pdf',
};
const OLUMIANT_EU: Omit<LabelSource, 'section' | 'verified' | 'checked'> = {
  document: 'Olumiant (baricitinib) EU SmPC',
  year: 2023,
};
const JAK_ART20: LabelSource = {
  document:
    'EMA PRAC Article 20 review of JAK inhibitors for chronic inflammatory disorders; European Commission decision March 2023 (SmPC 4.2/4.4 of tofacitinib, baricitinib, upadacitinib, filgotinib)',
  section: '4.4',
  year: 2023,
  verified: true,
  checked:
    'EMA/PRAC: in patients aged 65 years or older JAK inhibitors should be used only if no suitable treatment alternatives are available (infarmed.pt notice; Swiss Xeljanz Fachinformation; EC decision March 2023).',
};

export const LABEL_CONSTRAINTS: readonly LabelConstraint[] = [
  // ---- renal ----------------------------------------------------------------------------------
  {
    id: 'metformin-egfr-below-30',
    kind: 'measure',
    drugs: ['A10BA02'],
    measure: 'egfr',
    op: 'lt',
    limit: 30,
    text: 'Metformin is contraindicated at eGFR below 30 mL/min/1.73 m² (lactic acidosis).',
    proposalFinding: 'critical',
    source: {
      document: 'FDA Drug Safety Communication 2016 and metformin US PI (Glucophage) after the 2016 labeling revision',
      section: '4 Contraindications',
      year: 2017,
      url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC5533243/table/t3',
      verified: true,
      checked: '2016 revised FDA recommendations table: eGFR < 30 contraindicated; 30–45 starting not recommended.',
    },
  },
  {
    id: 'methotrexate-crcl-below-30',
    kind: 'measure',
    drugs: ['L04AX03'],
    measure: 'crcl',
    op: 'lt',
    limit: 30,
    text: 'Methotrexate (low-dose, RA) is contraindicated in severe renal impairment (creatinine clearance below 30 mL/min).',
    proposalFinding: 'critical',
    source: {
      document: 'Methotrexate 2.5 mg tablets UK SmPC (emc product 9945)',
      section: '4.3',
      year: 2024,
      url: 'https://medicines.org.uk/emc/product/9945/smpc',
      verified: false,
      checked:
        'The SmPC was found (4.1/4.2 seen, once-weekly warning); the 4.3 wording "severe renal impairment (CrCl < 30 mL/min)" was not in the retrieved excerpt.',
    },
  },
  {
    id: 'baricitinib-egfr-below-30',
    kind: 'measure',
    drugs: ['L04AF02'],
    measure: 'egfr',
    op: 'lt',
    limit: 30,
    text: 'Baricitinib is not recommended at eGFR below 30 mL/min/1.73 m².',
    proposalFinding: 'warning',
    source: {
      ...OLUMIANT_EU,
      section: '4.2',
      verified: false,
      checked:
        'Medscape renal table seen up to "moderate (eGFR 30 to <60)"; the "< 30 not recommended" line was cut off in the excerpt.',
    },
  },
  {
    id: 'tofacitinib-crcl-below-30-dose',
    kind: 'measure',
    drugs: ['L04AF01'],
    measure: 'crcl',
    op: 'lt',
    limit: 30,
    aboveDailyMg: 5,
    text: 'Tofacitinib in severe renal impairment (CrCl < 30 mL/min): 5 mg once daily at most.',
    proposalFinding: 'warning',
    source: {
      ...XELJANZ_EU,
      section: '4.2',
      verified: false,
      checked:
        'EU SmPC found (4.1 seen); the 4.2 renal dose reduction is written from the label, not seen in the excerpt.',
    },
  },
  {
    id: 'capecitabine-crcl-below-30',
    kind: 'measure',
    drugs: ['L01BC06'],
    measure: 'crcl',
    op: 'lt',
    limit: 30,
    text: 'Capecitabine is contraindicated in severe renal impairment (Cockcroft-Gault creatinine clearance below 30 mL/min).',
    proposalFinding: 'critical',
    source: {
      document: 'Capecitabine tablets US PI (generic, Xeloda-based labeling); Xeloda EU SmPC',
      section: '4.1 (US) / 4.3 (EU)',
      year: 2021,
      url: 'https://medlibrary.org/lib/rx/meds/capecitabine-13/page/2/',
      verified: true,
      checked:
        '"Capecitabine is contraindicated in patients with severe renal impairment (creatinine clearance below 30 mL/min [Cockroft and Gault])".',
    },
  },
  {
    id: 'pemetrexed-crcl-below-45',
    kind: 'measure',
    drugs: ['L01BA04'],
    measure: 'crcl',
    op: 'lt',
    limit: 45,
    text: 'Pemetrexed is not recommended at creatinine clearance below 45 mL/min.',
    proposalFinding: 'warning',
    source: {
      document: 'Alimta (pemetrexed) prescribing information (MIMS Philippines, EU-SmPC-based)',
      section: '4.2/4.4',
      year: 2022,
      url: 'https://uat.mimsdev.com/philippines/drug/info/alimta',
      verified: true,
      checked: '"Not recommended in patients w/ CrCl <45 mL/min."',
    },
  },
  {
    id: 'cisplatin-crcl-below-60',
    kind: 'measure',
    drugs: ['L01XA01'],
    measure: 'crcl',
    op: 'lt',
    limit: 60,
    text: 'Cisplatin is contraindicated in renal impairment (creatinine clearance below 60 mL/min).',
    proposalFinding: 'critical',
    source: {
      document: 'Cisplatin 1 mg/mL concentrate UK SmPC',
      section: '4.3',
      year: 2019,
      verified: false,
      checked: 'SmPCs found (4.1/4.2 seen); the 4.3 "CrCl < 60 mL/min" wording was not in the retrieved excerpts.',
    },
  },
  {
    id: 'oxaliplatin-crcl-below-30',
    kind: 'measure',
    drugs: ['L01XA03'],
    measure: 'crcl',
    op: 'lt',
    limit: 30,
    text: 'Oxaliplatin is contraindicated in severe renal impairment (creatinine clearance below 30 mL/min).',
    proposalFinding: 'critical',
    source: {
      document: 'Oxaliplatino Mylan Generics SmPC (Italy); Oxaliplatin Winthrop package leaflet (Germany)',
      section: '4.3',
      year: 2020,
      url: 'http://www.sanihelp.it/farmaci/farmaco/38097010/oxaliplatino-mg-ev-1fl-50mg.html',
      verified: true,
      checked:
        'Controindicazioni: "funzionalità renale gravemente compromessa (clearance della creatinina inferiore a 30 ml/min)"; also breast-feeding.',
    },
  },
  {
    id: 'carboplatin-crcl-20-or-below',
    kind: 'measure',
    drugs: ['L01XA02'],
    measure: 'crcl',
    op: 'lte',
    limit: 20,
    text: 'Carboplatin is contraindicated in severe pre-existing renal impairment (creatinine clearance 20 mL/min or less).',
    proposalFinding: 'critical',
    source: {
      document: 'Carboplatin 10 mg/mL concentrate UK SmPC',
      section: '4.3',
      year: 2019,
      verified: false,
      checked: 'SmPCs found (4.2 Calvert seen); the 4.3 threshold was not in the retrieved excerpts.',
    },
  },
  {
    id: 'hydrochlorothiazide-severe-renal-failure',
    kind: 'measure',
    drugs: ['C03AA03'],
    measure: 'crcl',
    op: 'lt',
    limit: 30,
    text: 'Hydrochlorothiazide is contraindicated in anuria and severe renal failure (taken as creatinine clearance below 30 mL/min).',
    proposalFinding: 'critical',
    source: {
      document: 'Didralin (hydrochlorothiazide) SmPC, Cyprus',
      section: '4.3',
      year: 2021,
      url: 'https://www.rxreasoner.com/monographs/didralin/precautions',
      verified: true,
      checked:
        '4.3: anuria; severe renal or hepatic failure; pregnancy and breast feeding. "Severe" is read as CrCl < 30 mL/min (the usual SmPC definition).',
    },
  },
  {
    id: 'fludarabine-crcl-below-30',
    kind: 'measure',
    drugs: ['L01BB05'],
    measure: 'crcl',
    op: 'lt',
    limit: 30,
    text: 'Fludarabine is contraindicated in renal impairment with creatinine clearance below 30 mL/min.',
    proposalFinding: 'critical',
    source: {
      document: 'Fludara (fludarabine phosphate) EU SmPC',
      section: '4.3',
      year: 2020,
      verified: false,
      checked: 'Written from the label; not seen through the search tool.',
    },
  },
  // ---- hepatic --------------------------------------------------------------------------------
  {
    id: 'docetaxel-alt-above-1.5-uln',
    kind: 'measure',
    drugs: ['L01CD02'],
    measure: 'altUln',
    op: 'gt',
    limit: 1.5,
    text: 'Docetaxel should generally not be given with ALT/AST > 1.5 × ULN together with alkaline phosphatase > 2.5 × ULN; the API carries no ALP, so ALT > 1.5 × ULN leaves the label unsatisfiable (unknown never passes).',
    proposalFinding: 'warning',
    source: {
      document: 'Taxotere (docetaxel) US PI boxed warning / EU SmPC',
      section: 'Boxed warning; 4.2',
      year: 2020,
      verified: false,
      checked: 'Written from the label; not seen through the search tool.',
    },
  },
  {
    id: 'jak-inhibitor-alt-above-3-uln',
    kind: 'measure',
    drugs: ['L04AF01', 'L04AF02'],
    measure: 'altUln',
    op: 'gt',
    limit: 3,
    text: 'JAK inhibitors: severe hepatic impairment is a contraindication (tofacitinib) or "not recommended" (baricitinib); the API carries ALT only, so ALT > 3 × ULN (suspected drug-induced liver injury: interrupt) is the proxy.',
    proposalFinding: 'warning',
    source: {
      ...XELJANZ_EU,
      section: '4.3/4.4',
      verified: false,
      checked:
        'US Xeljanz 8.7 seen: "use in patients with severe hepatic impairment is not recommended"; the ALT > 3 × ULN proxy is the oracle\'s, not the label\'s.',
    },
  },
  // ---- age ------------------------------------------------------------------------------------
  {
    id: 'jak-inhibitor-age-65',
    kind: 'measure',
    drugs: ['L04AF01', 'L04AF02', 'L04AF03', 'L04AF04'],
    measure: 'ageYears',
    op: 'gte',
    limit: 65,
    text: 'JAK inhibitors at 65 or over only if no suitable treatment alternative: never a cheaper equivalent.',
    proposalFinding: 'warning',
    source: JAK_ART20,
  },
  // ---- pregnancy and breastfeeding ------------------------------------------------------------
  {
    id: 'methotrexate-pregnancy',
    kind: 'pregnancy',
    drugs: ['L04AX03'],
    text: 'Methotrexate is contraindicated in pregnancy in non-oncological indications.',
    proposalFinding: 'critical',
    source: {
      document: 'Methotrexate tablets US PI (openFDA label, 2020 revision of boxed warning and contraindications)',
      section: 'Boxed warning; 4 Contraindications',
      year: 2020,
      url: 'https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22Methotrexate%22',
      verified: true,
      checked: '"For non-neoplastic diseases, methotrexate tablets are contraindicated in pregnancy."',
    },
  },
  {
    id: 'methotrexate-breastfeeding',
    kind: 'breastfeeding',
    drugs: ['L04AX03'],
    text: 'Methotrexate is contraindicated during breast-feeding.',
    proposalFinding: 'critical',
    source: {
      document: 'Methotrexate tablets UK SmPC',
      section: '4.3',
      year: 2024,
      verified: false,
      checked: 'Written from the label.',
    },
  },
  {
    id: 'baricitinib-pregnancy',
    kind: 'pregnancy',
    drugs: ['L04AF02'],
    text: 'Baricitinib is contraindicated during pregnancy.',
    proposalFinding: 'critical',
    source: {
      ...OLUMIANT_EU,
      section: '4.3/4.6',
      url: 'https://www.lillymedical.eu/en-gb/answers/olumiant-baricitinib-exposure-during-pregnancy-100459',
      verified: true,
      checked:
        '"Baricitinib is contraindicated during pregnancy" (Lilly medical information quoting the SmPC; MIMS Thailand 4.6).',
    },
  },
  {
    id: 'baricitinib-breastfeeding',
    kind: 'breastfeeding',
    drugs: ['L04AF02'],
    text: 'Baricitinib should not be used during breast-feeding.',
    proposalFinding: 'warning',
    source: {
      ...OLUMIANT_EU,
      section: '4.6',
      url: 'https://www.mims.com/thailand/drug/info/olumiant/use-in-pregnancy-lactation',
      verified: true,
      checked: '"Olumiant should not be used during breast-feeding."',
    },
  },
  {
    id: 'tofacitinib-pregnancy',
    kind: 'pregnancy',
    drugs: ['L04AF01'],
    text: 'Tofacitinib is contraindicated in pregnancy (EU).',
    proposalFinding: 'critical',
    source: {
      ...XELJANZ_EU,
      section: '4.3/4.6',
      verified: false,
      checked:
        'Swiss label seen: not to be used in pregnancy unless clearly necessary; EU 4.3 "pregnancy and lactation" written from the label.',
    },
  },
  {
    id: 'tofacitinib-breastfeeding',
    kind: 'breastfeeding',
    drugs: ['L04AF01'],
    text: 'Tofacitinib: women should not breast-feed during treatment.',
    proposalFinding: 'critical',
    source: {
      ...XELJANZ_EU,
      section: '4.3/4.6',
      verified: true,
      checked: 'Swiss Fachinformation 62630: "Frauen sollten daher während der Behandlung mit Xeljanz nicht stillen."',
    },
  },
  {
    id: 'enalapril-pregnancy',
    kind: 'pregnancy',
    drugs: ['C09AA02'],
    text: 'ACE inhibitors (enalapril) are contraindicated in the second and third trimesters and to be stopped when pregnancy is detected (FDA boxed warning: fetal toxicity).',
    proposalFinding: 'critical',
    source: {
      document: 'Enalapril EU SmPC; Vasotec US PI boxed warning',
      section: '4.3 / boxed warning',
      year: 2021,
      verified: false,
      checked: 'Written from the label.',
    },
  },
  {
    id: 'trastuzumab-pertuzumab-pregnancy',
    kind: 'pregnancy',
    drugs: ['L01FD01', 'L01FD02'],
    text: 'Trastuzumab and pertuzumab: embryo-fetal toxicity (boxed warning; oligohydramnios, fetal death).',
    proposalFinding: 'critical',
    source: {
      document: 'Herceptin and Perjeta US PI',
      section: 'Boxed warning',
      year: 2021,
      verified: false,
      checked: 'Written from the label.',
    },
  },
  {
    id: 'letrozole-pregnancy',
    kind: 'pregnancy',
    drugs: ['L02BG04'],
    text: 'Letrozole is contraindicated in pregnancy.',
    proposalFinding: 'critical',
    source: {
      document: 'Femara (letrozole) SmPC (Hong Kong, EU-based)',
      section: '4.3/4.6',
      year: 2020,
      url: 'https://prdmimsweb.azurewebsites.net/hongkong/drug/info/femara/use-in-pregnancy-lactation',
      verified: true,
      checked: '"Femara is contraindicated during pregnancy" and "during breast-feeding".',
    },
  },
  {
    id: 'letrozole-breastfeeding',
    kind: 'breastfeeding',
    drugs: ['L02BG04'],
    text: 'Letrozole is contraindicated during breast-feeding.',
    proposalFinding: 'critical',
    source: {
      document: 'Femara (letrozole) SmPC (Hong Kong, EU-based)',
      section: '4.3/4.6',
      year: 2020,
      url: 'https://prdmimsweb.azurewebsites.net/hongkong/drug/info/femara/use-in-pregnancy-lactation',
      verified: true,
      checked: '"Femara is contraindicated during breast-feeding".',
    },
  },
  {
    id: 'pemetrexed-breastfeeding',
    kind: 'breastfeeding',
    drugs: ['L01BA04'],
    text: 'Breast-feeding must be discontinued during pemetrexed therapy (contraindication).',
    proposalFinding: 'critical',
    source: {
      document: 'Pemetrexed (Pexate) prescribing information, EU-SmPC-based',
      section: '4.3/4.6',
      year: 2021,
      url: 'https://sit.mimsdev.com/philippines/drug/info/pexate-100-pexate-500/use-in-pregnancy-lactation',
      verified: true,
      checked: '"Breast-feeding must be discontinued during Pemetrexed therapy (see Contraindications)."',
    },
  },
  {
    id: 'oxaliplatin-breastfeeding',
    kind: 'breastfeeding',
    drugs: ['L01XA03'],
    text: 'Oxaliplatin is contraindicated during breast-feeding.',
    proposalFinding: 'critical',
    source: {
      document: 'Oxaliplatino SUN SmPC (Italy)',
      section: '4.3/4.6',
      year: 2020,
      url: 'https://www.starbene.it/farmaci/oxaliplatino-sun-1fl-100mg20ml_041761038/gravidanza-e-allattamento',
      verified: true,
      checked: '"Oxaliplatino SUN è controindicato durante l\'allattamento (vedere paragrafo 4.3)".',
    },
  },
  {
    id: 'cisplatin-pregnancy',
    kind: 'pregnancy',
    drugs: ['L01XA01'],
    text: 'Cisplatin is contraindicated in pregnant women (Swiss label).',
    proposalFinding: 'critical',
    source: {
      document: 'Cisplatin-Mepha Fachinformation (Switzerland)',
      section: 'Kontraindikationen / Schwangerschaft',
      year: 2020,
      url: 'https://ch.oddb.org:443/en/gcc/fachinfo/reg/57529/chapter/pregnancy',
      verified: true,
      checked: '"Cisplatin-Mepha ist bei schwangeren Frauen kontraindiziert"; no breast-feeding during treatment.',
    },
  },
  {
    id: 'cisplatin-breastfeeding',
    kind: 'breastfeeding',
    drugs: ['L01XA01'],
    text: 'No breast-feeding during cisplatin treatment.',
    proposalFinding: 'critical',
    source: {
      document: 'Cisplatin-Mepha Fachinformation (Switzerland)',
      section: 'Schwangerschaft/Stillzeit',
      year: 2020,
      url: 'https://ch.oddb.org:443/en/gcc/fachinfo/reg/57529/chapter/pregnancy',
      verified: true,
      checked: '"Während einer Behandlung mit Cisplatin-Mepha darf deshalb nicht gestillt werden."',
    },
  },
  {
    id: 'gefitinib-breastfeeding',
    kind: 'breastfeeding',
    drugs: ['L01EB01'],
    text: 'Gefitinib is contraindicated during breast-feeding.',
    proposalFinding: 'critical',
    source: {
      document: 'Gefitinib (Figet) prescribing information, Iressa-SmPC-based',
      section: '4.3/4.6',
      year: 2020,
      url: 'https://sit.mimsdev.com/philippines/drug/info/figet/use-in-pregnancy-lactation',
      verified: true,
      checked: '"Gefitinib is contraindicated during breast-feeding".',
    },
  },
  {
    id: 'capecitabine-pregnancy',
    kind: 'pregnancy',
    drugs: ['L01BC06'],
    text: 'Capecitabine should not be used in pregnancy (embryo-fetal toxicity).',
    proposalFinding: 'warning',
    source: {
      document: 'Xeloda (capecitabine) EU SmPC',
      section: '4.6',
      year: 2022,
      verified: false,
      checked: 'Written from the label.',
    },
  },
  {
    id: 'hydrochlorothiazide-pregnancy',
    kind: 'pregnancy',
    drugs: ['C03AA03'],
    text: 'Hydrochlorothiazide: pregnancy is a contraindication in the cited SmPC.',
    proposalFinding: 'critical',
    source: {
      document: 'Didralin (hydrochlorothiazide) SmPC, Cyprus',
      section: '4.3',
      year: 2021,
      url: 'https://www.rxreasoner.com/monographs/didralin/precautions',
      verified: true,
      checked: '4.3 lists "Pregnancy and breast feeding".',
    },
  },
  {
    id: 'hydrochlorothiazide-breastfeeding',
    kind: 'breastfeeding',
    drugs: ['C03AA03'],
    text: 'Hydrochlorothiazide: breast-feeding is a contraindication in the cited SmPC.',
    proposalFinding: 'critical',
    source: {
      document: 'Didralin (hydrochlorothiazide) SmPC, Cyprus',
      section: '4.3',
      year: 2021,
      url: 'https://www.rxreasoner.com/monographs/didralin/precautions',
      verified: true,
      checked: '4.3 lists "Pregnancy and breast feeding".',
    },
  },
  // ---- menopausal status ----------------------------------------------------------------------
  {
    id: 'letrozole-not-postmenopausal',
    kind: 'menopause',
    drugs: ['L02BG04'],
    text: 'Letrozole is contraindicated in premenopausal endocrine status; only women of confirmed postmenopausal status should receive it.',
    proposalFinding: 'critical',
    source: {
      document: 'Letrozole SmPC (MIMS Philippines, Dracenax; EU-based)',
      section: '4.3/4.4',
      year: 2021,
      url: 'https://sit.mimsdev.com/philippines/drug/info/dracenax/special-precautions',
      verified: true,
      checked:
        '"Only women of confirmed postmenopausal endocrine status should receive letrozole"; unclear status → measure LH/FSH/estradiol first.',
    },
  },
  // ---- combinations ---------------------------------------------------------------------------
  {
    id: 'jak-inhibitor-with-biologic-dmard',
    kind: 'combination',
    classA: 'jak-inhibitor',
    classB: 'biologic-dmard',
    text: 'JAK inhibitors must not be combined with biologic DMARDs (rituximab included: a biologic DMARD in RA).',
    proposalFinding: 'critical',
    source: {
      ...XELJANZ_EU,
      section: '4.4/4.5 (Olumiant 4.5 likewise)',
      verified: false,
      checked: 'Written from the labels: "combination with biologic DMARDs … should be avoided / is not recommended".',
    },
  },
  {
    id: 'two-biologic-dmards',
    kind: 'combination',
    classA: 'biologic-dmard',
    classB: 'biologic-dmard',
    text: 'Two biologic DMARDs together are not recommended (serious infections without added benefit).',
    proposalFinding: 'critical',
    source: {
      document: 'Humira (adalimumab) and Enbrel (etanercept) EU SmPC',
      section: '4.4/4.5',
      year: 2023,
      verified: false,
      checked:
        'Written from the labels (combination with anakinra, abatacept or other TNF antagonists not recommended).',
    },
  },
  {
    id: 'two-jak-inhibitors',
    kind: 'combination',
    classA: 'jak-inhibitor',
    classB: 'jak-inhibitor',
    text: 'Two JAK inhibitors together are not recommended.',
    proposalFinding: 'critical',
    source: {
      ...OLUMIANT_EU,
      section: '4.5',
      verified: false,
      checked: 'Written from the label ("combination with other JAK inhibitors is not recommended").',
    },
  },
  // ---- schedule -------------------------------------------------------------------------------
  {
    id: 'methotrexate-once-weekly',
    kind: 'weekly-only',
    drugs: ['L04AX03'],
    indications: ['M05', 'M06', 'L40'],
    text: 'In rheumatic and skin diseases methotrexate is taken ONCE A WEEK; daily dosing errors have been fatal.',
    proposalFinding: 'critical',
    source: {
      document:
        'Methotrexate 2.5 mg tablets UK SmPC (emc 9945); EMA PRAC Article 31 referral on methotrexate dosing errors, 2019',
      section: '4.2 "Important warning about the dosage"',
      year: 2024,
      url: 'https://medicines.org.uk/emc/product/9945/smpc',
      verified: true,
      checked:
        '"In the treatment of rheumatic diseases … must only be taken once a week. Dosage errors … can result in serious adverse reactions, including death."',
    },
  },
  // ---- biomarker --------------------------------------------------------------------------------
  {
    id: 'cetuximab-oxaliplatin-ras',
    kind: 'wild-type-required',
    drugs: ['L01FE01'],
    withAny: ['L01XA03'],
    genes: ['KRAS', 'NRAS'],
    text: 'Cetuximab with oxaliplatin-containing chemotherapy is contraindicated in RAS-mutant mCRC or when RAS status is unknown.',
    proposalFinding: 'critical',
    source: {
      document: 'Erbitux (cetuximab) EU SmPC',
      section: '4.3',
      year: 2021,
      verified: false,
      checked: 'Written from the label; the search returned the EMA indication (RAS wild-type) but not the 4.3 text.',
    },
  },
];

/** Allergy: a recorded allergy to the molecule or to its ATC class (ATC prefix) excludes the drug. */
export const ALLERGY_SOURCE: LabelSource = {
  document:
    'Every SmPC 4.3 ("hypersensitivity to the active substance"); platinum cross-reactivity: carboplatin and oxaliplatin SmPC 4.3/4.4',
  section: '4.3',
  year: 2020,
  verified: true,
  checked:
    'Oxaliplatin Winthrop leaflet: known allergic reactions to platinum compounds; oxaliplatin 4.3 hypersensitivity.',
};

/** Doses far above the protocol: ≥ 2 × the highest protocol dose intensity of the regimen library. */
export const DOSE_CEILING_RATIO = 2;
