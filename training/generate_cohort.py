#!/usr/bin/python3
"""Synthetic cohort generator for the cost-outcome model.

No patient-level data is available to this project, so the default model is
trained on a cohort drawn from the documented generative process below.  Every
number the process uses lives in PARAMS together with its source; the model card
renders that table verbatim (``render_parameter_table``).  Sources are either the
project's source-document digest (shared/domain/source-digest.md, item ids such
as D-12) or a published paper cited by authors, title, journal and year.  A
value marked "assumption" is this project's own choice: it is a plausible
placeholder that fixes a direction (e.g. worse ECOG -> more toxicity) but its
size is not taken from any publication.  Treat the model as a demonstration of
the pipeline, not as evidence.

Generative process, one patient at a time (vectorised below):

 1. condition ~ Categorical(CONDITION_WEIGHTS)
 2. demographics: age ~ Normal(condition mean, sd) truncated to [18, 90];
    sex ~ Bernoulli(condition female share); BSA ~ Normal(sex mean, 0.15)
    truncated to [1.2, 2.6]; comorbidity count ~ Poisson(rate rising with age);
    eGFR = 125 - 0.85*(age-20) - 6*comorbidities + Normal(0, 14), truncated to
    [10, 150]; ALT/ULN ~ LogNormal(0, 0.35), times 2.5 for 6% of patients.
 3. disease: stage ~ Categorical(condition-specific; 0 = not staged for AML and
    RA); line of therapy 1..4 (first line most common); ECOG 0..4 with odds
    rising with age, stage and comorbidity.
 4. hospital tier ~ Categorical(TIER_WEIGHTS); regimens flagged tertiary-only
    (cell therapy, intensive AML induction) move the patient to tertiary.
 5. regimen ~ Categorical over the condition's templates (REGIMENS), each with
    its drug-class counts, agent count, route, intensity, reference febrile-
    neutropenia (FN) risk over the course and reference probability of >= 1
    grade >= 3 adverse event (AE) over the course, planned length of stay per
    admission and a cycle range.  Risk-stratified intensity (digest G-40):
    patients aged >= 75 or with ECOG >= 2 get the dose-reduced "low" variant of
    a standard regimen with probability 0.5 (risk x DOSE_REDUCTION_RISK_FACTOR).
    The FN-risk feature is the template's reference risk x LogNormal(0, 0.15)
    jitter (different packs quote different figures).  cycles ~ Uniform in the
    template's range.  horizon ~ Uniform{1..60} months.
 6. per admission (cycle) c = 1..cycles:
      FN_c    ~ Bernoulli(p_fn):  per-cycle hazard that reproduces the course
                 risk for the reference patient, times patient risk factors;
      OTHER_c ~ Bernoulli(p_oth): per-cycle probability whose log-odds are the
                 reference log-odds plus additive patient effects (ECOG, eGFR,
                 age, comorbidity, ALT, line, stage) and an unobserved frailty;
    FN is a grade 3 event by definition (CTCAE v5.0), so
    grade3_ae = any(FN_c or OTHER_c).
 7. costs per admission (CNY): AE management (excluding bed-days) = sum of
    episode costs (LogNormal around the base cost x class multiplier x tier
    coefficient) / cycles; unplanned stay = extra bed-days (FN: Gamma mean 7;
    other: Gamma mean 3; background extension 4%/admission, mean 2 days) x
    bed-day cost x tier coefficient / cycles.
 8. length of stay per admission = planned LOS x tier factor + unplanned days /
    cycles.
 9. QALYs over the horizon: death time ~ Exponential(hazard) where the hazard
    is ln 2 / median OS for the condition-stage, times regimen hazard ratio and
    patient hazard ratios; an FN episode is fatal with the in-hospital FN
    mortality; utility by ECOG minus stage/comorbidity decrements, minus one
    month of AE disutility per episode; QALY = utility x years alive within the
    horizon - disutilities.

Usage: generate_cohort.py --n 60000 --seed 20250101 --out training/out/cohort.csv
"""
from __future__ import annotations

import argparse
import csv
import math
import os
from typing import Any

import numpy as np

DEFAULT_SEED = 20250101
DEFAULT_N = 60000

CONDITIONS = ["nsclc", "breast-cancer", "colorectal-cancer", "aml", "lymphoma", "rheumatoid-arthritis"]
CLASSES = ["chemotherapy", "targeted", "immunotherapy", "cell-therapy", "biologic-dmard",
           "jak-inhibitor", "csdmard", "hypomethylating", "bcl2-inhibitor"]
ROUTES = ["iv", "oral", "sc", "mixed"]
INTENSITIES = ["low", "standard", "intensive"]
TIERS = ["primary", "secondary", "tertiary"]

# --------------------------------------------------------------------------------------
# Sources.  Only publications whose title, journal and year are certain are cited.
# --------------------------------------------------------------------------------------
SOURCES: dict[str, str] = {
    "DIGEST": "Project source-document digest, shared/domain/source-digest.md (anecdotal figures from "
              "Chinese hospital cost-control documents; the digest itself warns they are illustrative)",
    "KEYNOTE-189": "Gandhi L, et al. Pembrolizumab plus Chemotherapy in Metastatic Non-Small-Cell Lung Cancer. "
                   "N Engl J Med. 2018;378:2078-2092",
    "KEYNOTE-024": "Reck M, et al. Pembrolizumab versus Chemotherapy for PD-L1-Positive Non-Small-Cell Lung "
                   "Cancer. N Engl J Med. 2016;375:1823-1833",
    "FLAURA": "Soria J-C, et al. Osimertinib in Untreated EGFR-Mutated Advanced Non-Small-Cell Lung Cancer. "
              "N Engl J Med. 2018;378:113-125",
    "FLAURA-OS": "Ramalingam SS, et al. Overall Survival with Osimertinib in Untreated, EGFR-Mutated Advanced "
                 "NSCLC. N Engl J Med. 2020;382:41-50",
    "CLEOPATRA": "Baselga J, et al. Pertuzumab plus Trastuzumab plus Docetaxel for Metastatic Breast Cancer. "
                 "N Engl J Med. 2012;366:109-119",
    "CLEOPATRA-OS": "Swain SM, et al. Pertuzumab, Trastuzumab, and Docetaxel in HER2-Positive Metastatic Breast "
                    "Cancer. N Engl J Med. 2015;372:724-734",
    "HURWITZ-2004": "Hurwitz H, et al. Bevacizumab plus Irinotecan, Fluorouracil, and Leucovorin for Metastatic "
                    "Colorectal Cancer. N Engl J Med. 2004;350:2335-2342",
    "VIALE-A": "DiNardo CD, et al. Azacitidine and Venetoclax in Previously Untreated Acute Myeloid Leukemia. "
               "N Engl J Med. 2020;383:617-629",
    "POLARIX": "Tilly H, et al. Polatuzumab Vedotin in Previously Untreated Diffuse Large B-Cell Lymphoma. "
               "N Engl J Med. 2022;386:351-363",
    "ZUMA-1": "Neelapu SS, et al. Axicabtagene Ciloleucel CAR T-Cell Therapy in Refractory Large B-Cell "
              "Lymphoma. N Engl J Med. 2017;377:2531-2544",
    "ORAL-SURVEILLANCE": "Ytterberg SR, et al. Cardiovascular and Cancer Risk with Tofacitinib in Rheumatoid "
                         "Arthritis. N Engl J Med. 2022;386:316-326",
    "KUDERER-2006": "Kuderer NM, Dale DC, Crawford J, Cosler LE, Lyman GH. Mortality, morbidity, and cost "
                    "associated with febrile neutropenia in adult cancer patients. Cancer. 2006;106:2258-2266",
    "ASCO-2015": "Smith TJ, et al. Recommendations for the Use of WBC Growth Factors: American Society of "
                 "Clinical Oncology Clinical Practice Guideline Update. J Clin Oncol. 2015;33:3199-3212",
    "EORTC-2010": "Aapro MS, et al. 2010 update of EORTC guidelines for the use of granulocyte-colony "
                  "stimulating factor to reduce the incidence of chemotherapy-induced febrile neutropenia in "
                  "adult patients with lymphoproliferative disorders and solid tumours. Eur J Cancer. 2011;47:8-32",
    "HURRIA-2011": "Hurria A, et al. Predicting chemotherapy toxicity in older adults with cancer: a prospective "
                   "multicenter study. J Clin Oncol. 2011;29:3457-3465",
    "OKEN-1982": "Oken MM, et al. Toxicity and response criteria of the Eastern Cooperative Oncology Group. "
                 "Am J Clin Oncol. 1982;5:649-655",
    "CHARLSON-1987": "Charlson ME, et al. A new method of classifying prognostic comorbidity in longitudinal "
                     "studies: development and validation. J Chronic Dis. 1987;40:373-383",
    "NAFEES-2008": "Nafees B, Stafford M, Gavriel S, Bhalla S, Watkins J. Health state utilities for non small "
                   "cell lung cancer. Health Qual Life Outcomes. 2008;6:84",
    "LLOYD-2006": "Lloyd A, Nafees B, Narewska J, Dewilde S, Watkins J. Health state utilities for metastatic "
                  "breast cancer. Br J Cancer. 2006;95:683-690",
    "LUO-2017": "Luo N, et al. Estimating an EQ-5D-5L Value Set for China. Value Health. 2017;20:662-669",
    "CTCAE-5": "National Cancer Institute. Common Terminology Criteria for Adverse Events (CTCAE) Version 5.0. "
               "US Department of Health and Human Services, 2017",
    "ASSUMPTION": "Assumption of this project (direction stated, size not taken from a publication)",
}

# --------------------------------------------------------------------------------------
# Parameters: name -> (value, unit, source key, note)
# --------------------------------------------------------------------------------------
PARAMS: dict[str, tuple[Any, str, str, str]] = {
    # population mix
    "condition_weights": ({"nsclc": 0.25, "breast-cancer": 0.2, "colorectal-cancer": 0.18, "aml": 0.1,
                           "lymphoma": 0.12, "rheumatoid-arthritis": 0.15}, "share", "ASSUMPTION",
                          "case mix of an oncology/rheumatology combination-therapy service"),
    "tier_weights": ({"primary": 0.15, "secondary": 0.35, "tertiary": 0.5}, "share", "ASSUMPTION",
                     "complex regimens concentrate in tertiary hospitals (digest R-03 tier roles)"),
    "age_mean_sd": ({"nsclc": (63, 9), "breast-cancer": (53, 11), "colorectal-cancer": (61, 11), "aml": (62, 14),
                     "lymphoma": (58, 14), "rheumatoid-arthritis": (55, 12)}, "years", "ASSUMPTION", ""),
    "female_share": ({"nsclc": 0.38, "breast-cancer": 0.99, "colorectal-cancer": 0.42, "aml": 0.45,
                      "lymphoma": 0.45, "rheumatoid-arthritis": 0.75}, "share", "ASSUMPTION", ""),
    "bsa_mean": ({"male": 1.78, "female": 1.58}, "m2", "ASSUMPTION", "Chinese adults"),
    "bsa_sd": (0.15, "m2", "ASSUMPTION", "truncated to [1.2, 2.6]"),
    "egfr_model": ((125, 0.85, 6, 14), "mL/min/1.73m2 = a - b*(age-20) - c*comorbidities + Normal(0, d)",
                   "ASSUMPTION", "age-related decline of about 1 mL/min per year; truncated to [10, 150]"),
    "alt_model": ((0.35, 0.06, 2.5), "ALT/ULN ~ LogNormal(0, sd), x factor for a share of patients", "ASSUMPTION",
                  "(sd, elevated share, factor); truncated to [0.2, 10]"),
    "ecog_model": ((-1.0, 0.03, 0.35, 0.25, 0.2, (-0.5, 0.8, 1.9, 2.8)),
                   "latent = a + b*(age-60) + c*[stage 4] + d*comorbidities + e*(line-1) + Normal(0, 1); ECOG = "
                   "number of cut points below the latent", "ASSUMPTION", "scale of OKEN-1982"),
    "line_geometric_p": (0.55, "line = min(Geometric(p), 4); stage 1-2 at most line 2", "ASSUMPTION", ""),
    "comorbidity_rate": ((0.3, 0.035), "count: 0.3 + 0.035*(age-40)", "ASSUMPTION",
                         "counted as in CHARLSON-1987, rising with age"),
    # AE model: patient effects on per-cycle log-odds of a non-FN grade>=3 AE
    "logit_per_ecog_point": (0.35, "log-odds per ECOG point", "ASSUMPTION",
                             "direction: functional status predicts toxicity (HURRIA-2011); scale OKEN-1982"),
    "logit_per_10_egfr_below_90": (0.12, "log-odds per 10 mL/min below 90", "ASSUMPTION",
                                   "direction: low creatinine clearance predicts toxicity (HURRIA-2011)"),
    "logit_extra_per_10_egfr_below_45": (0.2, "log-odds per 10 mL/min below 45", "ASSUMPTION",
                                         "steeper below 45 (HURRIA-2011 risk factor: CrCl < 34)"),
    "logit_per_10y_over_60": (0.15, "log-odds per 10 years over 60", "ASSUMPTION",
                              "direction: age (EORTC-2010 FN risk factor age >= 65; HURRIA-2011)"),
    "logit_per_comorbidity": (0.12, "log-odds per comorbidity", "ASSUMPTION", "direction: CHARLSON-1987"),
    "logit_per_alt_uln_over_1_5": (0.25, "log-odds per ULN above 1.5", "ASSUMPTION",
                                   "digest G-10/T-004-07 uses ALT > 3xULN as a stop criterion"),
    "logit_per_line_after_first": (0.1, "log-odds per line", "ASSUMPTION", "pretreated patients tolerate less"),
    "logit_stage4": (0.1, "log-odds", "ASSUMPTION", ""),
    "frailty_sd": (0.4, "sd of log-odds", "ASSUMPTION", "unobserved patient heterogeneity"),
    # FN model
    "fn_rr_age_65": (1.5, "relative risk", "ASSUMPTION", "direction: age >= 65 is an FN risk factor (EORTC-2010)"),
    "fn_rr_per_ecog_over_1": (1.25, "relative risk per point", "ASSUMPTION", "direction: EORTC-2010"),
    "fn_rr_egfr_below_60": (1.3, "relative risk", "ASSUMPTION", "direction: EORTC-2010 lists renal dysfunction"),
    "fn_rr_per_comorbidity": (1.1, "relative risk per comorbidity", "ASSUMPTION", "direction: EORTC-2010"),
    "fn_risk_jitter_sd": (0.15, "sd of log", "ASSUMPTION", "spread of FN-risk figures between knowledge packs"),
    "fn_high_risk_threshold": (0.2, "probability", "ASCO-2015",
                               "FN risk >= 20% is the primary-prophylaxis threshold (also EORTC-2010)"),
    "dose_reduction_risk_factor": (0.6, "odds / risk multiplier", "ASSUMPTION",
                                   "low-intensity variant for age >= 75 or ECOG >= 2 (digest G-40)"),
    "dose_reduction_share": (0.5, "probability", "ASSUMPTION",
                             "share of eligible (age >= 75 or ECOG >= 2) patients on a standard regimen who get it"),
    "fn_per_cycle_cap": (0.95, "probability", "ASSUMPTION", "upper bound of the per-cycle FN probability"),
    # costs (CNY)
    "tier_cost_coefficient": ({"tertiary": 1.0, "secondary": 11000 / 12000, "primary": 8000 / 12000}, "ratio",
                              "DIGEST", "D-12/T-003-01 tier payment example 12,000 / 11,000 / 8,000 (D-20)"),
    "fn_episode_cost": (9000, "CNY (tertiary), excluding bed-days", "ASSUMPTION",
                        "anchored on the 8,000/day disease cost standard (digest D-61): about one day-equivalent "
                        "of antibiotics, G-CSF, cultures and transfusion"),
    "other_ae_episode_cost": (4000, "CNY (tertiary), excluding bed-days", "ASSUMPTION", ""),
    "ae_cost_class_multiplier": ({"immunotherapy": 1.5, "cell-therapy": 4.0}, "ratio", "ASSUMPTION",
                                 "immune-related AEs need specialist work-up; CRS/ICANS after CAR-T need ICU care "
                                 "(grade>=3 CRS 13%, neurologic events 28% in ZUMA-1)"),
    "episode_cost_lognormal_sd": ({"fn": 0.4, "other": 0.6}, "sd of log", "ASSUMPTION", ""),
    "bed_day_cost": (1500, "CNY per day (tertiary)", "DIGEST", "T-000-25 hospital stay at 1,500 per day"),
    "fn_extra_days": ((7.0, 3.0), "days, Gamma(mean, sd)", "KUDERER-2006",
                      "mean FN admission 11.5 days in KUDERER-2006; ~7 extra days assumed when the patient is "
                      "already in hospital for the cycle"),
    "other_ae_extra_days": ((3.0, 2.0), "days, Gamma(mean, sd)", "ASSUMPTION", ""),
    "background_extension": ((0.04, 2.0, 1.0), "probability per admission; Gamma(mean, sd) days", "ASSUMPTION",
                             "unplanned extensions not caused by a grade>=3 AE"),
    "tier_los_factor": ({"tertiary": 1.0, "secondary": 1.05, "primary": 1.15}, "ratio", "ASSUMPTION",
                        "digest T-003-21 shows LOS is a managed quantity (10.2 -> 8.5 days)"),
    # survival and utilities
    "median_os_months": ({"nsclc": {1: 120, 2: 60, 3: 30, 4: 12}, "breast-cancer": {1: 300, 2: 200, 3: 90, 4: 40},
                          "colorectal-cancer": {1: 250, 2: 150, 3: 80, 4: 16}, "aml": {0: 10},
                          "lymphoma": {1: 200, 2: 150, 3: 90, 4: 60}, "rheumatoid-arthritis": {0: 400}},
                         "months", "ASSUMPTION",
                         "stage IV anchors: NSCLC ~12 months (KEYNOTE-189 control: 12-month OS 49.4%); "
                         "breast 40.8 months (CLEOPATRA-OS control); colorectal 15.6 months (HURWITZ-2004 "
                         "control); AML unfit 9.6 months (VIALE-A control); others assumption"),
    "regimen_hr": ({"pembro+platinum-doublet": 0.49, "pembrolizumab": 0.6, "osimertinib": 0.8,
                    "docetaxel+trastuzumab+pertuzumab": 0.68, "ifl+bevacizumab": 0.66,
                    "azacitidine+venetoclax": 0.66, "car-t": 0.6, "7+3": 0.45, "7+3+midostaurin": 0.4},
                   "hazard ratio vs the condition's reference regimen", "ASSUMPTION",
                   "0.49 KEYNOTE-189; 0.60 KEYNOTE-024; 0.80 FLAURA-OS; 0.68 "
                   "CLEOPATRA-OS; 0.66 HURWITZ-2004; 0.66 VIALE-A; intensive AML and CAR-T values assumption"),
    "hr_per_ecog_point": (1.5, "hazard ratio", "ASSUMPTION", "direction: OKEN-1982 performance status"),
    "hr_per_year_over_60": (1.03, "hazard ratio", "ASSUMPTION", ""),
    "hr_per_comorbidity": (1.1, "hazard ratio", "ASSUMPTION", "direction: CHARLSON-1987"),
    "hr_per_line_after_first": (1.3, "hazard ratio", "ASSUMPTION", ""),
    "fn_mortality": (0.095, "probability per FN episode", "KUDERER-2006", "in-hospital mortality of FN admissions"),
    "utility_by_ecog": ({0: 0.82, 1: 0.74, 2: 0.62, 3: 0.45, 4: 0.3}, "EQ-5D index", "ASSUMPTION",
                        "range of EQ-5D utilities in NAFEES-2008 (progression-free NSCLC 0.653) and LLOYD-2006; "
                        "a local EQ-5D-5L tariff would be LUO-2017"),
    "utility_stage4_decrement": (0.06, "EQ-5D index", "ASSUMPTION",
                                 "NAFEES-2008: progression 0.473 vs progression-free 0.653"),
    "utility_per_comorbidity": (0.015, "EQ-5D index", "ASSUMPTION", ""),
    "fn_disutility": (0.09, "EQ-5D index for one month", "NAFEES-2008", "febrile neutropenia decrement"),
    "other_ae_disutility": (0.05, "EQ-5D index for one month", "ASSUMPTION", "within NAFEES-2008 AE decrements"),
    "cycle_length_months": (0.75, "months", "ASSUMPTION", "3-week cycles; RA and oral regimens use months"),
}


def P(name: str) -> Any:
    return PARAMS[name][0]


# Regimen templates.  classes: counts per drug class; agents: total agent count (can exceed the sum of
# class counts for agents outside the vocabulary, e.g. prednisone, leucovorin, endocrine therapy).
# p_g3: reference probability of >= 1 grade>=3 AE over the course; fn: reference FN risk over the course.
REGIMENS: dict[str, list[dict[str, Any]]] = {
    "nsclc": [
        dict(name="platinum-doublet", classes={"chemotherapy": 2}, agents=2, route="iv", intensity="standard",
             fn=0.1, p_g3=0.658, los=3, cycles=(4, 6), w=0.25, src="KEYNOTE-189 control grade>=3 AE 65.8%"),
        dict(name="pembro+platinum-doublet", classes={"chemotherapy": 2, "immunotherapy": 1}, agents=3,
             route="iv", intensity="standard", fn=0.1, p_g3=0.672, los=3, cycles=(4, 8), w=0.25,
             src="KEYNOTE-189 grade>=3 AE 67.2%"),
        dict(name="pembrolizumab", classes={"immunotherapy": 1}, agents=1, route="iv", intensity="standard",
             fn=0.0, p_g3=0.266, los=1, cycles=(4, 12), w=0.15, src="KEYNOTE-024 treatment-related grade 3-5 26.6%"),
        dict(name="osimertinib", classes={"targeted": 1}, agents=1, route="oral", intensity="standard",
             fn=0.0, p_g3=0.34, los=1, cycles=(3, 12), w=0.15, src="FLAURA grade>=3 AE 34%"),
        dict(name="platinum-doublet+bevacizumab", classes={"chemotherapy": 2, "targeted": 1}, agents=3,
             route="iv", intensity="standard", fn=0.12, p_g3=0.7, los=3, cycles=(4, 6), w=0.1, src="assumption"),
        dict(name="docetaxel", classes={"chemotherapy": 1}, agents=1, route="iv", intensity="standard",
             fn=0.15, p_g3=0.533, los=2, cycles=(3, 6), w=0.1, min_line=2,
             src="KEYNOTE-024 chemotherapy arm treatment-related grade 3-5 53.3%"),
    ],
    "breast-cancer": [
        dict(name="ac-t", classes={"chemotherapy": 3}, agents=3, route="iv", intensity="standard", fn=0.17,
             p_g3=0.55, los=2, cycles=(6, 8), w=0.25, src="assumption (intermediate FN risk band, ASCO-2015)"),
        dict(name="docetaxel+trastuzumab+pertuzumab", classes={"chemotherapy": 1, "targeted": 2}, agents=3,
             route="iv", intensity="standard", fn=0.138, p_g3=0.7, los=2, cycles=(6, 12), w=0.2,
             src="CLEOPATRA FN 13.8%; grade>=3 probability assumption"),
        dict(name="docetaxel+trastuzumab", classes={"chemotherapy": 1, "targeted": 1}, agents=2, route="iv",
             intensity="standard", fn=0.076, p_g3=0.65, los=2, cycles=(6, 12), w=0.1,
             src="CLEOPATRA control FN 7.6%; grade>=3 probability assumption"),
        dict(name="capecitabine", classes={"chemotherapy": 1}, agents=1, route="oral", intensity="standard",
             fn=0.02, p_g3=0.3, los=1, cycles=(4, 8), w=0.15, src="assumption"),
        dict(name="cdk46i+endocrine", classes={"targeted": 1}, agents=2, route="oral", intensity="standard",
             fn=0.02, p_g3=0.55, los=1, cycles=(3, 12), w=0.3, src="assumption (neutropenia-driven)"),
    ],
    "colorectal-cancer": [
        dict(name="folfox", classes={"chemotherapy": 2}, agents=3, route="iv", intensity="standard", fn=0.06,
             p_g3=0.6, los=3, cycles=(6, 12), w=0.25, src="assumption"),
        dict(name="ifl", classes={"chemotherapy": 2}, agents=3, route="iv", intensity="standard", fn=0.06,
             p_g3=0.74, los=3, cycles=(6, 12), w=0.1, src="HURWITZ-2004 control grade 3/4 AE 74.0%"),
        dict(name="ifl+bevacizumab", classes={"chemotherapy": 2, "targeted": 1}, agents=4, route="iv",
             intensity="standard", fn=0.08, p_g3=0.849, los=3, cycles=(6, 12), w=0.2,
             src="HURWITZ-2004 grade 3/4 AE 84.9%"),
        dict(name="capox", classes={"chemotherapy": 2}, agents=2, route="mixed", intensity="standard", fn=0.04,
             p_g3=0.55, los=2, cycles=(4, 8), w=0.2, src="assumption"),
        dict(name="capecitabine", classes={"chemotherapy": 1}, agents=1, route="oral", intensity="low", fn=0.02,
             p_g3=0.3, los=1, cycles=(4, 8), w=0.1, src="assumption"),
        dict(name="folfoxiri+bevacizumab", classes={"chemotherapy": 3, "targeted": 1}, agents=5, route="iv",
             intensity="intensive", fn=0.2, p_g3=0.88, los=3, cycles=(6, 12), w=0.15,
             src="assumption (high FN band, ASCO-2015)"),
    ],
    "aml": [
        dict(name="7+3", classes={"chemotherapy": 2}, agents=2, route="iv", intensity="intensive", fn=0.8,
             p_g3=0.95, los=28, cycles=(1, 2), w=0.3, tertiary=True, src="assumption (induction)"),
        dict(name="7+3+midostaurin", classes={"chemotherapy": 2, "targeted": 1}, agents=3, route="mixed",
             intensity="intensive", fn=0.82, p_g3=0.97, los=28, cycles=(1, 2), w=0.15, tertiary=True,
             src="assumption (induction)"),
        dict(name="azacitidine+venetoclax", classes={"hypomethylating": 1, "bcl2-inhibitor": 1}, agents=2,
             route="mixed", intensity="low", fn=0.42, p_g3=0.9, los=7, cycles=(2, 8), w=0.35,
             src="VIALE-A FN 42%; grade>=3 probability assumption"),
        dict(name="azacitidine", classes={"hypomethylating": 1}, agents=1, route="sc", intensity="low", fn=0.19,
             p_g3=0.8, los=7, cycles=(2, 8), w=0.2, src="VIALE-A control FN 19%; grade>=3 probability assumption"),
    ],
    "lymphoma": [
        dict(name="r-chop", classes={"chemotherapy": 3, "targeted": 1}, agents=5, route="iv", intensity="standard",
             fn=0.08, p_g3=0.575, los=3, cycles=(6, 8), w=0.45, src="POLARIX control FN 8.0%, grade 3-4 57.5%"),
        dict(name="pola-r-chp", classes={"chemotherapy": 2, "targeted": 2}, agents=5, route="iv",
             intensity="standard", fn=0.138, p_g3=0.577, los=3, cycles=(6, 6), w=0.2,
             src="POLARIX FN 13.8%, grade 3-4 57.7%"),
        dict(name="bendamustine+rituximab", classes={"chemotherapy": 1, "targeted": 1}, agents=2, route="iv",
             intensity="standard", fn=0.1, p_g3=0.5, los=2, cycles=(4, 6), w=0.25, src="assumption"),
        dict(name="car-t", classes={"cell-therapy": 1}, agents=1, route="iv", intensity="intensive", fn=0.3,
             p_g3=0.95, los=14, cycles=(1, 1), w=0.1, tertiary=True, min_line=3,
             src="ZUMA-1 grade>=3 AE 95%; FN risk assumption"),
    ],
    "rheumatoid-arthritis": [
        dict(name="methotrexate", classes={"csdmard": 1}, agents=1, route="oral", intensity="low", fn=0.0,
             p_g3=0.04, los=1, cycles=(3, 12), w=0.3, src="assumption"),
        dict(name="methotrexate+adalimumab", classes={"csdmard": 1, "biologic-dmard": 1}, agents=2,
             route="mixed", intensity="standard", fn=0.0, p_g3=0.08, los=1, cycles=(3, 12), w=0.35,
             src="assumption"),
        dict(name="methotrexate+tofacitinib", classes={"csdmard": 1, "jak-inhibitor": 1}, agents=2, route="oral",
             intensity="standard", fn=0.0, p_g3=0.09, los=1, cycles=(3, 12), w=0.2,
             src="assumption; JAK-inhibitor safety signal ORAL-SURVEILLANCE"),
        dict(name="biologic+jak-inhibitor", classes={"biologic-dmard": 1, "jak-inhibitor": 1}, agents=2,
             route="mixed", intensity="intensive", fn=0.0, p_g3=0.12, los=1, cycles=(3, 12), w=0.15,
             src="assumption; digest T-004-07 combination"),
    ],
}

STAGE_WEIGHTS = {
    "nsclc": {1: 0.1, 2: 0.1, 3: 0.25, 4: 0.55}, "breast-cancer": {1: 0.15, 2: 0.3, 3: 0.25, 4: 0.3},
    "colorectal-cancer": {1: 0.05, 2: 0.15, 3: 0.35, 4: 0.45}, "aml": {0: 1.0},
    "lymphoma": {1: 0.15, 2: 0.25, 3: 0.25, 4: 0.35}, "rheumatoid-arthritis": {0: 1.0},
}


def _logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _gamma(rng: np.random.Generator, mean: float, sd: float, size: int) -> np.ndarray:
    shape = (mean / sd) ** 2
    return rng.gamma(shape, mean / shape, size)


def generate(n: int = DEFAULT_N, seed: int = DEFAULT_SEED) -> dict[str, np.ndarray]:
    """Draw n synthetic patients; returns column arrays (raw features + targets)."""
    rng = np.random.default_rng(seed)
    cw = P("condition_weights")
    cond_idx = rng.choice(len(CONDITIONS), size=n, p=np.array([cw[c] for c in CONDITIONS]))
    condition = np.array(CONDITIONS, dtype=object)[cond_idx]

    # 2. demographics
    am = P("age_mean_sd")
    age_mu = np.array([am[c][0] for c in CONDITIONS])[cond_idx]
    age_sd = np.array([am[c][1] for c in CONDITIONS])[cond_idx]
    age = np.clip(np.round(rng.normal(age_mu, age_sd)), 18, 90)
    fs = P("female_share")
    female = rng.random(n) < np.array([fs[c] for c in CONDITIONS])[cond_idx]
    bm = P("bsa_mean")
    bsa = np.clip(np.where(female, bm["female"], bm["male"]) + rng.normal(0, P("bsa_sd"), n), 1.2, 2.6).round(2)
    cr = P("comorbidity_rate")
    comorb = np.minimum(rng.poisson(np.maximum(0.05, cr[0] + cr[1] * (age - 40))), 8)
    ea, eb, ec, ed = P("egfr_model")
    egfr = np.clip(ea - eb * (age - 20) - ec * comorb + rng.normal(0, ed, n), 10, 150).round(0)
    asd, ashare, afactor = P("alt_model")
    alt = np.exp(rng.normal(0, asd, n)) * np.where(rng.random(n) < ashare, afactor, 1.0)
    alt = np.clip(alt, 0.2, 10).round(2)

    # 3. disease
    stage = np.zeros(n)
    for c in CONDITIONS:
        m = condition == c
        sw = STAGE_WEIGHTS[c]
        stage[m] = rng.choice(list(sw.keys()), size=int(m.sum()), p=list(sw.values()))
    line = 1 + np.minimum(rng.geometric(P("line_geometric_p"), n) - 1, 3)
    line = np.where((stage > 0) & (stage < 3), np.minimum(line, 2), line)
    ka, kb, kc, kd, ke, cuts = P("ecog_model")
    ecog_lin = ka + kb * (age - 60) + kc * (stage == 4) + kd * comorb + ke * (line - 1) + rng.normal(0, 1, n)
    ecog = np.digitize(ecog_lin, list(cuts)).astype(float)

    # 4. tier
    tw = P("tier_weights")
    tier = np.array(TIERS, dtype=object)[rng.choice(3, size=n, p=[tw[t] for t in TIERS])]

    # 5. regimen
    cols: dict[str, np.ndarray] = {k: np.zeros(n) for k in ["agents", "fn_ref", "p_ref", "los_planned", "cycles"]}
    cls = {k: np.zeros(n) for k in CLASSES}
    route = np.empty(n, dtype=object)
    intensity = np.empty(n, dtype=object)
    regimen_name = np.empty(n, dtype=object)
    hr_reg = np.ones(n)
    mult_ae = np.ones(n)
    for c in CONDITIONS:
        idx = np.flatnonzero(condition == c)
        regs = REGIMENS[c]
        w = np.array([r["w"] for r in regs])
        choice = rng.choice(len(regs), size=idx.size, p=w / w.sum())
        for j, r in enumerate(regs):
            sel = idx[choice == j]
            if "min_line" in r:
                line[sel] = np.maximum(line[sel], r["min_line"])
            regimen_name[sel] = r["name"]
            cols["agents"][sel] = r["agents"]
            for k, v in r["classes"].items():
                cls[k][sel] = v
            route[sel] = r["route"]
            intensity[sel] = r["intensity"]
            cols["fn_ref"][sel] = r["fn"]
            cols["p_ref"][sel] = r["p_g3"]
            cols["los_planned"][sel] = r["los"]
            lo, hi = r["cycles"]
            cols["cycles"][sel] = rng.integers(lo, hi + 1, size=sel.size)
            if r.get("tertiary"):
                tier[sel] = "tertiary"
            hr_reg[sel] = P("regimen_hr").get(r["name"], 1.0)
            m = 1.0
            for k, v in P("ae_cost_class_multiplier").items():
                if r["classes"].get(k):
                    m = max(m, v)
            mult_ae[sel] = m
    # risk-stratified dose reduction of standard regimens for frail patients (digest G-40)
    frail = ((age >= 75) | (ecog >= 2)) & (intensity == "standard") & (rng.random(n) < P("dose_reduction_share"))
    intensity[frail] = "low"
    drf = P("dose_reduction_risk_factor")
    fn_course = cols["fn_ref"] * np.where(frail, drf, 1.0)
    fn_feature = np.clip(cols["fn_ref"] * np.exp(rng.normal(0, P("fn_risk_jitter_sd"), n)), 0, 0.95).round(3)
    cycles = cols["cycles"]
    c_ref = cycles  # the course risk refers to the planned course
    horizon = rng.integers(1, 61, size=n).astype(float)

    # 6. adverse events per cycle
    p_oth_course = 1 - (1 - cols["p_ref"]) / (1 - cols["fn_ref"])
    p_oth_cyc_ref = 1 - (1 - np.clip(p_oth_course, 1e-4, 0.999)) ** (1 / c_ref)
    egfr_def = np.maximum(0, 90 - egfr) / 10
    egfr_def2 = np.maximum(0, 45 - egfr) / 10
    lin = (_logit(p_oth_cyc_ref)
           + P("logit_per_ecog_point") * ecog
           + P("logit_per_10_egfr_below_90") * egfr_def
           + P("logit_extra_per_10_egfr_below_45") * egfr_def2
           + P("logit_per_10y_over_60") * np.maximum(0, age - 60) / 10
           + P("logit_per_comorbidity") * comorb
           + P("logit_per_alt_uln_over_1_5") * np.maximum(0, alt - 1.5)
           + P("logit_per_line_after_first") * (line - 1)
           + P("logit_stage4") * (stage == 4)
           + np.log(np.where(frail, drf, 1.0))
           + rng.normal(0, P("frailty_sd"), n))
    p_oth_cyc = _sigmoid(lin)
    fn_rr = (np.where(age >= 65, P("fn_rr_age_65"), 1.0)
             * P("fn_rr_per_ecog_over_1") ** np.maximum(0, ecog - 1)
             * np.where(egfr < 60, P("fn_rr_egfr_below_60"), 1.0)
             * P("fn_rr_per_comorbidity") ** comorb)
    p_fn_cyc = np.clip((1 - (1 - np.clip(fn_course, 0, 0.99)) ** (1 / c_ref)) * fn_rr, 0, P("fn_per_cycle_cap"))

    tier_cost = np.array([P("tier_cost_coefficient")[t] for t in tier])
    tier_los = np.array([P("tier_los_factor")[t] for t in tier])
    bed = P("bed_day_cost") * tier_cost
    sdl = P("episode_cost_lognormal_sd")
    ae_cost = np.zeros(n)
    extra_days = np.zeros(n)
    n_fn = np.zeros(n)
    n_oth = np.zeros(n)
    fn_month = np.full(n, np.inf)  # month of the first fatal FN, if any
    for cyc in range(int(cycles.max())):
        active = cyc < cycles
        fn_ev = active & (rng.random(n) < p_fn_cyc)
        oth_ev = active & (rng.random(n) < p_oth_cyc)
        n_fn += fn_ev
        n_oth += oth_ev
        ae_cost += fn_ev * P("fn_episode_cost") * tier_cost * np.exp(rng.normal(-sdl["fn"] ** 2 / 2, sdl["fn"], n))
        ae_cost += oth_ev * P("other_ae_episode_cost") * mult_ae * tier_cost * np.exp(
            rng.normal(-sdl["other"] ** 2 / 2, sdl["other"], n))
        fd, fs_ = P("fn_extra_days")
        od, os_ = P("other_ae_extra_days")
        extra_days += fn_ev * _gamma(rng, fd, fs_, n) * tier_los
        extra_days += oth_ev * _gamma(rng, od, os_, n) * tier_los
        bp, bd, bsd = P("background_extension")
        extra_days += active * (rng.random(n) < bp) * _gamma(rng, bd, bsd, n)
        fatal = fn_ev & (rng.random(n) < P("fn_mortality")) & ~np.isfinite(fn_month)
        fn_month[fatal] = (cyc + 0.5) * P("cycle_length_months")
    extra_days = extra_days.round(1)
    grade3 = ((n_fn + n_oth) > 0).astype(float)
    ae_cost_adm = ae_cost / cycles
    stay_cost_adm = extra_days * bed / cycles
    los = cols["los_planned"] * tier_los + extra_days / cycles

    # 9. survival and QALYs
    mos = P("median_os_months")
    base_h = np.array([math.log(2) / mos[c][int(s)] for c, s in zip(condition, stage)])
    hz = (base_h * hr_reg
          * P("hr_per_ecog_point") ** ecog
          * P("hr_per_year_over_60") ** np.maximum(0, age - 60)
          * P("hr_per_comorbidity") ** comorb
          * P("hr_per_line_after_first") ** (line - 1))
    death = np.minimum(rng.exponential(1 / hz), fn_month)
    alive_months = np.minimum(death, horizon)
    ub = P("utility_by_ecog")
    util = (np.array([ub[int(e)] for e in ecog]) - P("utility_stage4_decrement") * (stage == 4)
            - P("utility_per_comorbidity") * comorb)
    ae_months_in_horizon = np.minimum(cycles * P("cycle_length_months"), alive_months)
    frac = np.where(cycles > 0, ae_months_in_horizon / (cycles * P("cycle_length_months")), 0)
    disut = (n_fn * P("fn_disutility") + n_oth * P("other_ae_disutility")) * frac / 12
    qalys = np.maximum(0, util * alive_months / 12 - disut)

    out: dict[str, np.ndarray] = {
        "condition": condition,
        "age_years": age, "sex": np.where(female, "female", "male"), "bsa_m2": bsa, "ecog": ecog,
        "egfr_ml_min": egfr, "alt_ratio_to_uln": alt, "comorbidity_count": comorb.astype(float),
        "stage": stage, "line_of_therapy": line.astype(float), "hospital_tier": tier,
        "agent_count": cols["agents"],
    }
    for k in CLASSES:
        out["class_" + k] = cls[k]
    out.update({
        "route": route, "intensity": intensity, "febrile_neutropenia_risk": fn_feature, "cycles": cycles,
        "horizon_months": horizon,
        # targets
        "ae_cost_per_admission": ae_cost_adm.round(2), "unplanned_stay_cost_per_admission": stay_cost_adm.round(2),
        "grade3_ae": grade3, "los_days": los.round(3), "qalys": qalys.round(5),
        # bookkeeping, not model features
        "regimen": regimen_name,
    })
    return out


def write_csv(cols: dict[str, np.ndarray], path: str) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    names = list(cols.keys())
    n = len(cols[names[0]])
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        for i in range(n):
            row = []
            for k in names:
                v = cols[k][i]
                if isinstance(v, (float, np.floating)):
                    row.append(repr(float(v)) if not float(v).is_integer() else str(int(v)))
                else:
                    row.append(str(v))
            w.writerow(row)


def render_parameter_table() -> str:
    lines = ["| parameter | value | unit | source | note |", "|---|---|---|---|---|"]
    for k, (v, unit, src, note) in PARAMS.items():
        lines.append(f"| `{k}` | `{v}` | {unit} | {src} | {note} |")
    lines += ["", "Regimen templates (reference patient: the template's values before patient effects):", "",
              "| condition | regimen | classes | agents | route | intensity | FN risk (course) | "
              "P(grade>=3 AE, course) | planned LOS (days) | cycles | source |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for c, regs in REGIMENS.items():
        for r in regs:
            classes = ", ".join(f"{k} {v}" for k, v in r["classes"].items())
            lines.append(f"| {c} | {r['name']} | {classes} | {r['agents']} | {r['route']} | {r['intensity']} | "
                         f"{r['fn']} | {r['p_g3']} | {r['los']} | {r['cycles'][0]}-{r['cycles'][1]} | {r['src']} |")
    lines += ["", "Stage mix: " + "; ".join(f"{c} {w}" for c, w in STAGE_WEIGHTS.items()), "",
              "Sources:", ""]
    for k, v in SOURCES.items():
        lines.append(f"- **{k}**: {v}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=DEFAULT_N)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", default="training/out/cohort.csv")
    a = ap.parse_args()
    cols = generate(a.n, a.seed)
    write_csv(cols, a.out)
    print(f"wrote {a.n} synthetic patients (seed {a.seed}) to {a.out}")


if __name__ == "__main__":
    main()
