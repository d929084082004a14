/**
 * FHIR `system` URIs the CDS Hooks adapter reads and writes. The project's own systems
 * (`urn:combo-cost-cds:*`) are documented in docs/code-systems.md.
 */
export const SYSTEMS = {
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  /** ICD-9-CM (volume 3: procedures), as the DRG grouper reads admission procedures. */
  icd9cm: 'http://hl7.org/fhir/sid/icd-9-cm',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  atc: 'http://www.whocc.no/atc',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  hgnc: 'http://www.genenames.org/geneId',
  snomed: 'http://snomed.info/sct',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  routeOfAdministration: 'http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration',
  /** National insurance drug / device product codes as used by the knowledge pack. */
  product: 'urn:combo-cost-cds:product',
  /** National medical-insurance (NHSA) drug codes, mapped to products by terminology.json. */
  nhsaDrug: 'urn:combo-cost-cds:nhsa-drug',
  /** Device types of the knowledge pack (codes `DEV-…`). */
  device: 'urn:combo-cost-cds:device',
  /** Default system for a hospital's HIS item codes (configurable: CDS_HIS_CODE_SYSTEM). */
  hisDefault: 'urn:combo-cost-cds:his',
  /** Scores and clinical facts without a widely used LOINC code. */
  score: 'urn:combo-cost-cds:score',
  /** Insurance scheme ids of the payer policy (Coverage.type). */
  insuranceType: 'urn:combo-cost-cds:insurance-type',
  /** Reasons a clinician may give for overriding a card. */
  overrideReason: 'urn:combo-cost-cds:override-reason',
  /** Card topics (source.topic). */
  cardTopic: 'urn:combo-cost-cds:card-topic',
} as const;

/** Alternative spellings EHRs use for the same code systems. */
export const SYSTEM_ALIASES: Readonly<Record<string, string>> = {
  'http://hl7.org/fhir/sid/icd-10-cn': SYSTEMS.icd10,
  'urn:oid:2.16.840.1.113883.6.3': SYSTEMS.icd10,
  'urn:oid:2.16.840.1.113883.6.90': SYSTEMS.icd10cm,
  'urn:oid:2.16.840.1.113883.6.96': SYSTEMS.snomed,
  'http://www.who.int/classifications/atc': SYSTEMS.atc,
  'urn:oid:2.16.840.1.113883.6.73': SYSTEMS.atc,
  'urn:oid:2.16.840.1.113883.6.88': SYSTEMS.rxnorm,
  'urn:oid:2.16.840.1.113883.6.1': SYSTEMS.loinc,
  'https://loinc.org': SYSTEMS.loinc,
  'https://www.genenames.org/geneId': SYSTEMS.hgnc,
  'http://www.genenames.org': SYSTEMS.hgnc,
};

export function canonicalSystem(system: string | undefined): string | undefined {
  if (system === undefined) return undefined;
  return SYSTEM_ALIASES[system] ?? system;
}

/** LOINC codes read from Observations (docs/code-systems.md, shared/domain/codes.md). */
export const LOINC = {
  weight: '29463-7',
  height: '8302-2',
  egfr: ['62238-1', '33914-3', '98979-8'] as readonly string[],
  alt: '1742-6',
  creatinineMass: '2160-0',
  creatinineMolar: '14682-9',
  hba1c: '4548-4',
  ecog: '89247-1',
  stageClinical: '21908-9',
  stagePathological: '21902-2',
  variantAssessment: '69548-6',
  geneStudied: '48018-6',
  aminoAcidChange: '48005-3',
  dnaChange: '48004-6',
  clinicalSignificance: '53037-8',
  her2Ihc: '85319-2',
  her2Ish: '85318-4',
  variantPresent: 'LA9633-4',
  variantAbsent: 'LA9634-2',
  /** Pregnancy status (IPS value set: LA15173-0 pregnant, LA26683-5 not pregnant, LA4489-6 unknown). */
  pregnancyStatus: '82810-3',
  pregnant: 'LA15173-0',
  notPregnant: 'LA26683-5',
  /** Breastfeeding status (LA29252-6 currently breastfeeding, LA29253-4 not currently breastfeeding). */
  breastfeedingStatus: '63895-7',
  breastfeeding: 'LA29252-6',
  notBreastfeeding: 'LA29253-4',
} as const;

/** Codes of `urn:combo-cost-cds:score` (docs/code-systems.md). */
export const SCORE_CODES = {
  das28: 'das28',
  das28Baseline: 'das28-baseline',
  riskCategory: 'risk-category',
  lesionComplexity: 'lesion-complexity',
  treatmentWeek: 'treatment-week',
  treatmentPhase: 'treatment-phase',
  lineOfTherapy: 'line-of-therapy',
  bloodPressureAtTargetYears: 'bp-at-target-years',
  glycaemiaStable: 'glycaemia-stable',
  fitForIntensiveChemotherapy: 'fit-for-intensive-chemotherapy',
  inFirstRemission: 'in-first-remission',
} as const;
