/**
 * The labels and guidelines the corpus cites. Each was looked up with the search tool on 2026-11-30;
 * `verified: false` marks the few whose text could not be retrieved (the fact is stated as recalled).
 * These are test data written from the sources, independent of the knowledge pack's own rules.
 */
import type { ClinicalSource } from './clinical-case';

const s = (
  document: string,
  section: string,
  year: number,
  url: string | undefined,
  verified = true,
  illustrative = false,
): ClinicalSource => ({
  document,
  section,
  year,
  ...(url ? { url } : {}),
  verified,
  ...(illustrative ? { illustrative } : {}),
});

export const SOURCES = {
  // Rheumatoid arthritis
  emaJak2023: s(
    'EMA Article 20 referral "Janus kinase inhibitors (JAKi)", CHMP opinion of 23 January 2023',
    'Measures: in patients aged 65 or above use only if no suitable treatment alternatives are available',
    2023,
    'https://www.ema.europa.eu/en/medicines/human/referrals/janus-kinase-inhibitors-jaki',
  ),
  olumiantUspi: s(
    'OLUMIANT (baricitinib) US prescribing information (Eli Lilly)',
    '1 Indications (RA after inadequate response to one or more TNF blockers; limitation of use: not with biologic DMARDs or other JAK inhibitors); 2 Dosage (not recommended at eGFR < 30 mL/min/1.73 m²)',
    2022,
    'https://reference.medscape.com/drug/olumiant-baricitinib-1000107',
  ),
  olumiantSmpc: s(
    'Olumiant (baricitinib) EU SmPC',
    '4.2 Posology (eGFR 30–60: 2 mg; not recommended at eGFR < 30); 4.4 (ALT/AST increase: interrupt if drug-induced liver injury suspected)',
    2023,
    'https://www.lillymedical.eu/en-gb/answers/olumiant-baricitinib-dosing-for-moderate-to-severe-rheumatoid-arthritis-147750',
  ),
  xeljanzSmpc: s(
    'XELJANZ (tofacitinib) EU SmPC, Annex I (2023 revision after the JAK referral)',
    '4.1 Indication (RA with MTX after inadequate response to DMARDs); 4.4 Use in patients over 65 years only if no suitable alternatives (retrieved from the Swiss Fachinformation, ch.oddb.org)',
    2023,
    'https://ec.europa.eu/health/documents/community-register/2023/20230310157940/anx_157940_en.pdf',
  ),
  xeljanzUspi: s(
    'XELJANZ (tofacitinib) US prescribing information (Pfizer), ORAL Surveillance revision',
    '1 Indications (RA after inadequate response or intolerance to one or more TNF blockers; limitation of use: not with biologic DMARDs or potent immunosuppressants)',
    2021,
    'https://api.fda.gov/drug/label.json?search=set_id%3A%22cf74ba2f-afc5-4baa-8594-979c889a5831%22',
    false,
  ),
  rituximabRaUspi: s(
    'Rituximab US prescribing information, rheumatoid arthritis indication',
    '1.3 Rheumatoid arthritis: with methotrexate after inadequate response to one or more TNF antagonists (rituximab is a biologic DMARD in RA)',
    2021,
    'http://vortuxi.com/indications.html',
  ),
  niceTa126: s(
    'NICE technology appraisal TA126: rituximab for rheumatoid arthritis',
    '1.2 An adequate response is an improvement in DAS28 of 1.2 points or more',
    2007,
    'http://guidance.nice.org.uk/TA126/Guidance',
  ),
  digestG10: s(
    'Source digest G-10 (combination-therapy cost-control plan), illustrative anecdote',
    'Stop the JAK inhibitor at week 12 when DAS28 fell by less than 1.2 or ALT > 3 × ULN',
    2026,
    undefined,
    true,
    true,
  ),
  methotrexateUspi: s(
    'Methotrexate tablets US prescribing information',
    'Boxed warning: embryo-fetal toxicity (contraindicated in pregnancy for non-neoplastic diseases); risk of serious adverse reactions and death from medication errors (daily instead of weekly dosing)',
    2020,
    'https://api.fda.gov/drug/label.json?search=set_id%3A%22757d6cef-6696-7a1c-8074-01258aaa8bdd%22',
  ),
  ismpMethotrexate: s(
    'ISMP "Call to action: longstanding strategies to prevent accidental daily methotrexate dosing must be implemented"; FDA Sentinel wrong-frequency study (label revised 2019)',
    'Oral methotrexate for non-oncologic use is once weekly; daily dosing has caused fatal overdoses',
    2020,
    'https://www.ismp.org/resources/call-action-longstanding-strategies-prevent-accidental-daily-methotrexate-dosing-must-be',
  ),
  methotrexateSmpcRenal: s(
    'Methotrexate tablets EU SmPC (pack source smpc-methotrexate)',
    '4.3 Contraindicated in severe renal impairment (creatinine clearance < 30 mL/min)',
    2023,
    undefined,
    false,
  ),
  tnfClassLabel: s(
    'Adalimumab and etanercept labels (class: TNF blockers)',
    '4 Contraindications: hypersensitivity to the active substance; class hypersensitivity as recorded',
    2023,
    undefined,
    false,
  ),

  // Type 2 diabetes
  metforminFda2016: s(
    'FDA Drug Safety Communication: revised warnings for metformin in reduced kidney function (8 April 2016; labels updated 2017)',
    'Contraindicated at eGFR < 30 mL/min/1.73 m²; starting at eGFR 30–45 not recommended; obtain eGFR before starting',
    2016,
    'http://www.fda.gov/Drugs/DrugSafety/ucm493244.htm',
  ),
  ckdEpi2021: s(
    'Inker LA et al. New creatinine- and cystatin C-based equations to estimate GFR without race (CKD-EPI 2021). N Engl J Med 2021;385:1737-49',
    'Creatinine equation (race-free), the eGFR the service must derive when none is sent',
    2021,
    undefined,
    false,
  ),
  forxigaSmpc: s(
    'Forxiga (dapagliflozin) SmPC summary (MIMS)',
    'Not recommended to initiate at GFR < 25 mL/min; not to be used in the 2nd and 3rd trimester of pregnancy or by a nursing woman',
    2023,
    'https://sit.mimsdev.com/singapore/drug/info/forxiga',
  ),
  onglyzaHf: s(
    'ONGLYZA (saxagliptin) US prescribing information',
    '5.2 Heart failure (SAVOR-TIMI 53): consider risks and benefits in patients with heart failure',
    2019,
    undefined,
    false,
  ),
  adaSoc2024: s(
    'American Diabetes Association. Standards of Care in Diabetes—2024',
    '9 Pharmacologic approaches: DPP-4 inhibitor not added to a GLP-1 receptor agonist',
    2024,
    undefined,
    false,
  ),

  // Hypertension
  enalaprilLabel: s(
    'Enalapril (EPANED / VASOTEC) US prescribing information',
    'Boxed warning: fetal toxicity — when pregnancy is detected, discontinue as soon as possible; 4 Contraindications: history of ACE-inhibitor angioedema',
    2021,
    'https://globalrph.com/rx-list/epaned-drug',
  ),
  enalaprilRenal: s(
    'VASOTEC (enalapril) US prescribing information',
    '2 Dosage: creatinine clearance ≤ 30 mL/min, start at 2.5 mg',
    2021,
    undefined,
    false,
  ),
  hctzLabel: s(
    'Hydrochlorothiazide US prescribing information and renal dosing references',
    '4 Contraindications: anuria; thiazides are ineffective at creatinine clearance < 30 mL/min',
    2023,
    'https://www.droracle.ai/articles/146505/what-are-the-contraindications-and-precautions-for-using-hydrochlorothiazide',
  ),
  digestG20: s(
    'Source digest G-20 (combination-therapy cost-control plan), illustrative anecdote',
    'ACEI + diuretic at target and stable for 3 years: try monotherapy',
    2026,
    undefined,
    true,
    true,
  ),

  // Coronary intervention
  escRevasc2018: s(
    '2018 ESC/EACTS Guidelines on myocardial revascularization (Eur Heart J 2019;40:87-165)',
    'DES recommended over BMS for any PCI (class I, A)',
    2018,
    'https://eurointervention.pcronline.com/article/2018-esc-eacts-guidelines-on-myocardial-revascularization',
    false,
  ),
  brilintaBoxed: s(
    'BRILINTA (ticagrelor) US prescribing information',
    'Boxed warning: bleeding risk (do not use with active bleeding or a history of intracranial haemorrhage); aspirin maintenance doses above 100 mg reduce effectiveness',
    2018,
    'https://blackboxrx.com/app/display/506',
  ),
  aspirinHypersensitivity: s(
    'Aspirin (acetylsalicylic acid) labelling',
    'Contraindications: known hypersensitivity to salicylates',
    2020,
    undefined,
    false,
  ),

  // Lung cancer
  capIaslcAmp2018: s(
    'Lindeman NI et al. CAP/IASLC/AMP molecular testing guideline for lung cancer TKIs. J Thorac Oncol 2018;13:323-58 (pack source cap-iaslc-amp-2018)',
    'EGFR testing before EGFR TKIs; an indeterminate result is not a result',
    2018,
    undefined,
    false,
  ),
  gefitinibLabel: s(
    'IRESSA (gefitinib) prescribing information (AstraZeneca) (pack source label-gefitinib)',
    '1 Indication: EGFR exon 19 deletions or exon 21 L858R detected by a validated test',
    2023,
    undefined,
    false,
  ),
  pemetrexedLabel: s(
    'ALIMTA (pemetrexed) US prescribing information (pack source label-pemetrexed)',
    '2 Dosage: 500 mg/m²; not recommended at creatinine clearance < 45 mL/min',
    2022,
    undefined,
    false,
  ),
  cisplatinLabel: s(
    'Cisplatin injection US prescribing information',
    'Boxed warning: nephrotoxicity — consider dose reduction or alternative treatment in renal impairment',
    2023,
    'https://api.fda.gov/drug/label.json?search=set_id%3A%22508496cb-3441-46b3-a4fe-e0d440e6adc6%22',
  ),
  carboplatinCalvert: s(
    'Calvert AH et al. J Clin Oncol 1989;7:1748-56 and carboplatin labelling (pack sources calvert-1989, label-carboplatin)',
    'Dose = AUC × (GFR + 25); GFR capped at 125 mL/min by the hospital policy, so the cap is AUC × 150',
    1989,
    undefined,
    false,
  ),
  oxaliplatinHypersensitivity: s(
    'Oxaliplatin injection US prescribing information',
    'Boxed warning / 4 Contraindications: hypersensitivity to oxaliplatin and other platinum-based drugs',
    2023,
    'https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22oxaliplatin%22',
  ),
  carboplatinHypersensitivity: s(
    'Carboplatin injection US prescribing information',
    '4 Contraindications: history of severe allergic reactions to cisplatin or other platinum-containing compounds',
    2023,
    undefined,
    false,
  ),
  docetaxelLabel: s(
    'TAXOTERE (docetaxel) US prescribing information (pack source label-docetaxel)',
    'Boxed warning: do not give when bilirubin > ULN or AST/ALT > 1.5 × ULN with alkaline phosphatase > 2.5 × ULN',
    2023,
    undefined,
    false,
  ),
  pembrolizumabLabel: s(
    'KEYTRUDA (pembrolizumab) US prescribing information (pack source label-pembrolizumab)',
    '1 Indication with pemetrexed and platinum: no EGFR or ALK genomic tumour aberrations',
    2023,
    undefined,
    false,
  ),

  // Breast cancer
  ascoCapErPgr2020: s(
    'Allison KH et al. Estrogen and progesterone receptor testing in breast cancer: ASCO/CAP guideline update. J Clin Oncol 2020;38:1346-66',
    'ER testing by validated IHC predicts benefit from endocrine therapy; < 1% staining is ER negative',
    2020,
    'https://meridian.allenpress.com/aplm/article/144/5/545/427509/Estrogen-and-Progesterone-Receptor-Testing-in',
  ),
  femaraSmpc: s(
    'Femara (letrozole) SmPC',
    '4.3 Contraindications: premenopausal endocrine status, pregnancy, breast-feeding; 4.4 unclear menopausal status: measure LH, FSH and/or oestradiol first',
    2023,
    'https://prdmimsweb.azurewebsites.net/hongkong/drug/info/femara/use-in-pregnancy-lactation',
  ),
  ascoCapHer2: s(
    'Wolff AC et al. HER2 testing in breast cancer: ASCO/CAP guideline update 2018, affirmed 2023 (J Clin Oncol 2023;41:3867-72; pack source asco-cap-her2-2023)',
    'HER2 positive: IHC 3+ or ISH amplified; IHC 2+ is equivocal until reflex ISH; IHC 1+ or 2+/ISH not amplified is HER2-negative (HER2-low)',
    2023,
    undefined,
    false,
  ),
  trastuzumabLabel: s(
    'Trastuzumab US prescribing information and SmPC',
    'Boxed warning / 8.1: embryo-fetal toxicity (oligohydramnios); SmPC 4.6: women should not breast-feed during therapy and for 7 months after',
    2024,
    'http://www.120ty.net/bencandy.php?aid=58370&fid=134&page=16',
  ),
  hgncHer2: s(
    'HGNC gene symbol report ERBB2 (HGNC:3430); previous symbols / aliases HER2, NEU; ESR1 alias ER; PGR alias PR',
    'Aliases used on pathology reports',
    2024,
    undefined,
    false,
  ),

  // Colorectal cancer
  capecitabineLabel: s(
    'Capecitabine US prescribing information and SmPC',
    '4.1 Contraindicated at creatinine clearance < 30 mL/min (Cockcroft-Gault); 2.4 reduce to 75 % at 30–50 mL/min; SmPC: contraindicated in pregnancy and breast-feeding',
    2022,
    'https://medlibrary.org/lib/rx/meds/capecitabine-13/page/2/',
  ),
  capecitabinePregnancy: s(
    'Capecitabine SmPC 4.6 (MIMS) and pregnancy/breastfeeding summaries',
    'Contraindicated during pregnancy; breast-feeding should be discontinued during treatment and for 2 weeks after',
    2023,
    'https://prdmimsweb.azurewebsites.net/malaysia/drug/info/captab/use-in-pregnancy-lactation',
  ),
  oxaliplatinRenal: s(
    'Oxaliplatin EU SmPC 4.3 (contraindicated at creatinine clearance < 30 mL/min) / US PI 2 (reduce to 65 mg/m²); NCI Organ Dysfunction Working Group (J Clin Oncol 2003;21:2664-72)',
    'Severe renal impairment: full-dose oxaliplatin is not given (label text recalled; the NCI study was retrieved)',
    2020,
    'http://www.ncbi.nlm.nih.gov/pubmed/12860942',
    false,
  ),
  cetuximabLabel: s(
    'ERBITUX (cetuximab) US prescribing information; NCBI Medical Genetics Summaries "Cetuximab therapy and RAS and BRAF genotype"',
    '1 Limitation of use: not indicated for RAS-mutant colorectal cancer or when the results of RAS mutation tests are unknown',
    2021,
    'https://https.ncbi.nlm.nih.gov/books/n/gtrbook/cetuximab/',
    false,
  ),
  fluorouracilHypersensitivity: s(
    'Fluorouracil injection labelling',
    'Contraindications: known hypersensitivity to fluorouracil',
    2016,
    undefined,
    false,
  ),

  // AML
  venclextaLabel: s(
    'VENCLEXTA (venetoclax) US prescribing information, AML indication (FDA accelerated approval 21 Nov 2018)',
    '1.2 Newly diagnosed AML in adults ≥ 75 years or with comorbidities that preclude intensive induction chemotherapy; 400 mg daily',
    2018,
    'https://gene.com/media/news-features/fda-approves-new-treatment-option-for-people-newly-diagnosed-with-acute-myeloid-leukemia',
  ),
  elnAml2022: s(
    'Döhner H et al. ELN 2022 recommendations for AML (Blood 2022;140:1345-77)',
    'Intensive induction only for patients fit for it; allogeneic HSCT in CR1 not recommended for favourable risk',
    2022,
    undefined,
    false,
  ),
  busulfanLabel: s(
    'Busulfan injection (BUSULFEX) US prescribing information',
    '2 Dosage: 0.8 mg/kg every 6 hours × 16 doses (3.2 mg/kg/day)',
    2020,
    undefined,
    false,
  ),
  anthracyclineClass: s(
    'Daunorubicin / doxorubicin labelling',
    '4 Contraindications: hypersensitivity to the drug or other anthracyclines',
    2020,
    undefined,
    false,
  ),

  // Lymphoma
  yescartaLabel: s(
    'YESCARTA (axicabtagene ciloleucel) US prescribing information (2022 second-line approval)',
    '1 Large B-cell lymphoma refractory to first-line chemoimmunotherapy or relapsing within 12 months of it, or after two or more lines',
    2022,
    'https://www.pipelineevidence.com/drugs/yescarta.html',
  ),
  rchopLabel: s(
    'R-CHOP-21 (Coiffier B et al. N Engl J Med 2002;346:235-42) and vincristine labelling',
    'Vincristine 1.4 mg/m² capped at 2 mg; doxorubicin 50 mg/m²',
    2002,
    undefined,
    false,
  ),
  rituximabHypersensitivity: s(
    'Rituximab labelling',
    'Contraindications (SmPC 4.3): hypersensitivity to the active substance or murine proteins',
    2021,
    undefined,
    false,
  ),

  // Dose safety and plausibility
  doseTwiceProtocol: s(
    "Issue 10 acceptance criteria with each regimen's protocol source: a dose ≥ 2 × the protocol is critical",
    'Dose-frequency safety',
    2026,
    undefined,
    true,
    true,
  ),
  plausibility: s(
    'Issue 10 acceptance criteria: implausible inputs are a 422 naming the field; Cockcroft-Gault (Nephron 1976;16:31-41) and Mosteller (N Engl J Med 1987;317:1098) cannot take them',
    'Plausible inputs, one check for REST and FHIR',
    2026,
    undefined,
    true,
    true,
  ),
} as const satisfies Record<string, ClinicalSource>;
