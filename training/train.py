#!/usr/bin/python3
"""Train the cost-outcome model and write the model directory.

Reads a cohort CSV (the synthetic one from generate_cohort.py, or a hospital's own history with the same
columns, see models/README.md), trains one XGBoost booster per target, calibrates a conformal interval for
the non-drug cost, exports everything as ONE ONNX graph and writes:

  <out>/model.onnx           the graph (input `features` [N, F] float32, one [N, 1] output per target)
  <out>/manifest.json        features, encodings, ranges, outputs, coverage, sha256, metrics
  <out>/MODEL_CARD.md        what the model is, how it was trained, every generator parameter, metrics
  <out>/heldout-sample.json  held-out rows (raw inputs, encoded features, trainer predictions) for parity

Usage: train.py --csv training/out/cohort.csv --out models/cost-outcome-v1 [--synthetic]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import sys
from typing import Any

import numpy as np
import xgboost as xgb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_cohort as gen  # noqa: E402
import onnx_export  # noqa: E402

SEED = 20250101
TARGETS = ["ae_cost_per_admission", "unplanned_stay_cost_per_admission", "grade3_ae", "los_days", "qalys"]
ROUTES = gen.ROUTES
KNOWN_CONDITIONS = gen.CONDITIONS
CLASSES = gen.CLASSES
INTERVAL_COVERAGE = 0.8

# Features whose increase must never lower the AE-related predictions (+1) or whose decrease must never
# lower them (-1).  Class counts are added below: adding an agent of any class never lowers AE risk.
MONOTONE_AE = {"ecog": 1, "egfr_ml_min": -1, "agent_count": 1, "comorbidity_count": 1,
               "febrile_neutropenia_risk": 1}

OUTPUTS = [
    dict(key="ae", name="ae_cost_per_admission", role="adverseEventCostPerAdmission", unit="CNY per admission",
         target="ae_cost_per_admission",
         description="expected cost of managing grade>=3 adverse events (drugs, tests, procedures; bed-days "
                     "excluded), averaged over the admissions of the planned course"),
    dict(key="stay", name="unplanned_stay_cost_per_admission", role="unplannedStayCostPerAdmission",
         unit="CNY per admission", target="unplanned_stay_cost_per_admission",
         description="expected cost of unplanned extra bed-days (beyond the planned stay) per admission"),
    dict(key="g3", name="grade3_ae_probability", role="grade3AdverseEventProbability", unit="probability",
         target="grade3_ae",
         description="probability of at least one grade>=3 adverse event (CTCAE v5.0) over the planned course"),
    dict(key="los", name="los_days", role="lengthOfStayDays", unit="days per admission", target="los_days",
         description="expected length of stay per admission, planned plus unplanned days"),
    dict(key="qaly", name="qalys", role="qalys", unit="QALY over the horizon", target="qalys",
         description="expected quality-adjusted life years from the start of treatment to horizonMonths"),
    dict(key=None, name="nondrug_cost_lower", role="nonDrugCostLower", unit="CNY per admission", target=None,
         description="lower bound of the 80% conformal interval for AE + unplanned-stay cost per admission"),
    dict(key=None, name="nondrug_cost_upper", role="nonDrugCostUpper", unit="CNY per admission", target=None,
         description="upper bound of the 80% conformal interval for AE + unplanned-stay cost per admission"),
]


def slug(s: str) -> str:
    return s.replace("-", "_")


# ----------------------------------------------------------------------------------------------------------
# Feature specification (written to the manifest; the TypeScript encoder reads the same specification)
# ----------------------------------------------------------------------------------------------------------
def feature_templates(conditions: list[str], classes: list[str]) -> list[dict[str, Any]]:
    f: list[dict[str, Any]] = []
    for c in conditions:
        f.append(dict(name=f"condition_{slug(c)}", source="condition", csvColumn="condition",
                      encoding={"kind": "one-hot", "category": c}, unit="indicator",
                      description=f"1 when condition is '{c}'"))

    def num(name, source, unit, desc, kind="numeric"):
        f.append(dict(name=name, source=source, csvColumn=name, encoding={"kind": kind}, unit=unit, description=desc))

    num("age_years", "ageYears", "years", "age at start of the course")
    f.append(dict(name="sex", source="sex", csvColumn="sex", encoding={"kind": "ordinal",
                  "categories": {"male": 0, "female": 1}}, unit="code", description="male 0, female 1; unknown 0.5"))
    num("bsa_m2", "bsaM2", "m2", "body surface area")
    num("ecog", "ecog", "ECOG grade", "ECOG performance status 0-4")
    num("egfr_ml_min", "egfrMlMin", "mL/min/1.73m2", "estimated glomerular filtration rate")
    num("alt_ratio_to_uln", "altRatioToUln", "x ULN", "ALT as a multiple of the upper limit of normal")
    num("comorbidity_count", "comorbidityCount", "count", "number of comorbidities")
    num("stage", "stage", "stage 0-4", "TNM / Ann Arbor stage 1-4; 0 = not staged (AML, RA)")
    num("line_of_therapy", "lineOfTherapy", "line", "line of therapy (1 = first line)")
    f.append(dict(name="hospital_tier", source="hospitalTier", csvColumn="hospital_tier",
                  encoding={"kind": "ordinal", "categories": {"primary": 0, "secondary": 1, "tertiary": 2}},
                  unit="code", description="hospital tier: primary 0, secondary 1, tertiary 2"))
    num("agent_count", "agentCount", "agents", "number of agents in the regimen (all classes)")
    for c in classes:
        f.append(dict(name=f"class_{slug(c)}", source=f"classCounts.{c}", csvColumn=f"class_{c}",
                      encoding={"kind": "count"}, unit="agents",
                      description=f"number of '{c}' agents in the regimen (absent = 0)"))
    for r in ROUTES:
        f.append(dict(name=f"route_{r}", source="route", csvColumn="route", encoding={"kind": "one-hot", "category": r},
                      unit="indicator", description=f"1 when the regimen route is '{r}'"))
    f.append(dict(name="intensity", source="intensity", csvColumn="intensity",
                  encoding={"kind": "ordinal", "categories": {"low": 0, "standard": 1, "intensive": 2}},
                  unit="code", description="regimen intensity: low 0, standard 1, intensive 2"))
    num("febrile_neutropenia_risk", "febrileNeutropeniaRisk", "probability", "regimen febrile-neutropenia risk (course)")
    num("cycles", "cycles", "admissions", "planned cycles / admissions in the course")
    num("horizon_months", "horizonMonths", "months", "outcome horizon for QALYs")
    for i, x in enumerate(f):
        x["index"] = i
        x["type"] = "float32"
    return f


def encode_column(spec: dict[str, Any], raw: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Encode one CSV column for one feature. Returns (values with NaN for missing, unknown-category mask)."""
    enc = spec["encoding"]
    out = np.full(len(raw), np.nan)
    unknown = np.zeros(len(raw), dtype=bool)
    for i, v in enumerate(raw):
        v = v.strip()
        if v == "":
            continue
        if enc["kind"] == "one-hot":
            out[i] = 1.0 if v == enc["category"] else 0.0
        elif enc["kind"] == "ordinal":
            if v in enc["categories"]:
                out[i] = enc["categories"][v]
            else:
                unknown[i] = True
        else:
            out[i] = float(v)
    if enc["kind"] == "count":
        out = np.where(np.isnan(out), 0.0, out)
    return out, unknown


def read_csv(path: str) -> dict[str, list[str]]:
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        raise SystemExit(f"{path}: no rows")
    return {k: [r.get(k) or "" for r in rows] for k in rows[0].keys()}


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def r2(y: np.ndarray, p: np.ndarray) -> float:
    return float(1 - np.sum((y - p) ** 2) / np.sum((y - y.mean()) ** 2))


def auc(y: np.ndarray, p: np.ndarray) -> float:
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    # average ranks for ties
    _, inv, counts = np.unique(p, return_inverse=True, return_counts=True)
    sums = np.bincount(inv, weights=ranks)
    ranks = (sums / counts)[inv]
    n1 = y.sum()
    n0 = len(y) - n1
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def conformal_quantile(scores: np.ndarray, level: float) -> float:
    """Finite-sample split-conformal quantile (ceil((n+1)*level)/n empirical quantile)."""
    n = len(scores)
    k = min(n, max(1, int(math.ceil((n + 1) * level))))
    return float(np.sort(scores)[k - 1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", required=True)
    ap.add_argument("--out", default="models/cost-outcome-v1")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--model-id", default="cost-outcome-v1")
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--synthetic", action="store_true", help="the CSV came from generate_cohort.py")
    ap.add_argument("--generator-seed", type=int, default=gen.DEFAULT_SEED)
    ap.add_argument("--trees", type=int, default=160)
    ap.add_argument("--spread-trees", type=int, default=80)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--heldout-sample", type=int, default=200)
    ap.add_argument("--no-monotone", action="store_true",
                    help="drop the monotone constraints (only to show that the monotonicity test can fail)")
    a = ap.parse_args()
    if a.trees > 200 or a.depth > 5:
        raise SystemExit("keep the ONNX file small: --trees <= 200 and --depth <= 5")

    raw = read_csv(a.csv)
    missing_targets = [t for t in TARGETS if t not in raw]
    if missing_targets:
        raise SystemExit(f"{a.csv}: missing target columns {missing_targets} (see models/README.md)")
    n = len(raw[TARGETS[0]])
    seen = sorted(set(raw["condition"]) - {""})
    conditions = [c for c in KNOWN_CONDITIONS if c in seen] + [c for c in seen if c not in KNOWN_CONDITIONS]
    classes = CLASSES + sorted(k[len("class_"):] for k in raw if k.startswith("class_") and k[6:] not in CLASSES)
    specs = feature_templates(conditions, classes)

    # split: 70% train, 15% calibration (conformal interval), 15% test (metrics, held-out sample)
    rng = np.random.default_rng(a.seed)
    perm = rng.permutation(n)
    n_tr, n_cal = int(0.7 * n), int(0.15 * n)
    tr, cal, te = perm[:n_tr], perm[n_tr:n_tr + n_cal], perm[n_tr + n_cal:]

    X = np.zeros((n, len(specs)))
    unknown_counts: dict[str, int] = {}
    for s in specs:
        col = raw.get(s["csvColumn"], [""] * n)
        v, unk = encode_column(s, col)
        if unk.any():
            unknown_counts[s["name"]] = int(unk.sum())
        known = v[tr][~np.isnan(v[tr])]
        if s["encoding"]["kind"] == "one-hot":
            s["default"], lo, hi = 0.0, 0.0, 1.0
        elif s["encoding"]["kind"] == "ordinal":
            cats = list(s["encoding"]["categories"].values())
            lo, hi = float(min(cats)), float(max(cats))
            s["default"] = 0.5 if s["name"] == "sex" else float(np.median(known)) if known.size else lo
        elif s["encoding"]["kind"] == "count":
            lo, hi = float(known.min()), float(known.max())
            s["default"] = 0.0  # an absent class count means no agent of that class
        else:
            lo, hi = float(known.min()), float(known.max())
            s["default"] = float(np.round(np.median(known), 3))
        s["range"] = {"min": lo, "max": hi}
        # the service clamps inputs to the training range (outOfRangePolicy "clamp"); so do calibration and test
        X[:, s["index"]] = np.clip(np.where(np.isnan(v), s["default"], v), lo, hi)
    if unknown_counts:
        print(f"warning: unknown categorical values set to the default: {unknown_counts}", file=sys.stderr)
    X = X.astype(np.float32)
    Y = {t: np.array([float(x) for x in raw[t]]) for t in TARGETS}
    names = [s["name"] for s in specs]

    mono_ae = dict(MONOTONE_AE)
    for c in classes:
        mono_ae[f"class_{slug(c)}"] = 1

    def constraints(m: dict[str, int]) -> str:
        if a.no_monotone:
            m = {}
        return "(" + ",".join(str(m.get(nm, 0)) for nm in names) + ")"

    common = dict(max_depth=a.depth, eta=0.08, subsample=0.8, colsample_bytree=0.9, min_child_weight=5,
                  tree_method="hist", nthread=1, seed=a.seed, max_bin=256)
    plan = {
        "ae": dict(objective="reg:tweedie", tweedie_variance_power=1.5, monotone_constraints=constraints(mono_ae)),
        "stay": dict(objective="reg:tweedie", tweedie_variance_power=1.5, monotone_constraints=constraints(mono_ae)),
        "g3": dict(objective="binary:logistic", monotone_constraints=constraints(mono_ae)),
        "los": dict(objective="reg:squarederror"),
        "qaly": dict(objective="reg:squarederror"),
    }
    boosters: dict[str, xgb.Booster] = {}
    jsons: dict[str, dict[str, Any]] = {}
    dtr = {}
    for o in OUTPUTS:
        if o["key"] is None:
            continue
        y = Y[o["target"]]
        params = {**common, **plan[o["key"]]}
        base = float(np.clip(y[tr].mean(), 1e-3, None))
        if params["objective"] == "binary:logistic":
            base = float(np.clip(y[tr].mean(), 0.01, 0.99))
        params["base_score"] = base
        d = xgb.DMatrix(X[tr], label=y[tr], feature_names=names)
        dtr[o["key"]] = d
        print(f"training {o['name']} ({params['objective']}, {a.trees} trees, depth {a.depth})", flush=True)
        boosters[o["key"]] = xgb.train(params, d, num_boost_round=a.trees)
        jsons[o["key"]] = onnx_export.booster_json(boosters[o["key"]])

    def predict(key: str, idx: np.ndarray) -> np.ndarray:
        return boosters[key].predict(xgb.DMatrix(X[idx], feature_names=names)).astype(np.float64)

    # spread model for the normalised conformal interval: |residual| of the non-drug point on the train split
    y_nd = Y["ae_cost_per_admission"] + Y["unplanned_stay_cost_per_admission"]
    p_tr = predict("ae", tr) + predict("stay", tr)
    spread_params = {**common, "objective": "reg:tweedie", "tweedie_variance_power": 1.5,
                     "base_score": float(np.abs(y_nd[tr] - p_tr).mean())}
    print("training non-drug cost spread model", flush=True)
    boosters["spread"] = xgb.train(spread_params, xgb.DMatrix(X[tr], label=np.abs(y_nd[tr] - p_tr),
                                                              feature_names=names), num_boost_round=a.spread_trees)
    jsons["spread"] = onnx_export.booster_json(boosters["spread"])
    alpha = (1 - INTERVAL_COVERAGE) / 2
    p_cal = predict("ae", cal) + predict("stay", cal)
    s_cal = predict("spread", cal)
    z = (y_nd[cal] - p_cal) / s_cal
    q_lo = -conformal_quantile(-z, 1 - alpha)   # lower tail: P(z < q_lo) <= alpha
    q_hi = conformal_quantile(z, 1 - alpha)
    interval = {"q_lo": q_lo, "q_hi": q_hi}

    # check our reading of the dumped trees against XGBoost itself (split rule, leaves, base_score)
    margin_err = {k: onnx_export.check_margin(b, jsons[k], X[te[:2000]]) for k, b in boosters.items()}
    print(f"max |margin(tree walk) - margin(xgboost)| per booster: {margin_err}")
    if max(margin_err.values()) > 1e-3:
        raise SystemExit("tree walk disagrees with XGBoost: export would be wrong")

    def full_predict(idx: np.ndarray) -> dict[str, np.ndarray]:
        ae, stay = predict("ae", idx), predict("stay", idx)
        point = ae + stay
        sp = predict("spread", idx)
        return {"ae_cost_per_admission": ae, "unplanned_stay_cost_per_admission": stay,
                "grade3_ae_probability": predict("g3", idx), "los_days": predict("los", idx),
                "qalys": predict("qaly", idx), "nondrug_cost_lower": np.maximum(0, point + q_lo * sp),
                "nondrug_cost_upper": point + q_hi * sp}

    # ---- held-out metrics
    pt = full_predict(te)
    metrics: dict[str, Any] = {"heldoutRows": int(te.size), "outputs": {}}
    for o in OUTPUTS:
        if o["target"] is None or o["target"] == "grade3_ae":
            continue
        y, p = Y[o["target"]][te], pt[o["name"]]
        metrics["outputs"][o["name"]] = {"mae": round(float(np.mean(np.abs(y - p))), 4), "r2": round(r2(y, p), 4),
                                         "maeOfTrainMean": round(float(np.mean(np.abs(y - Y[o['target']][tr].mean()))), 4),
                                         "meanObserved": round(float(y.mean()), 4), "meanPredicted": round(float(p.mean()), 4)}
    yb, pb = Y["grade3_ae"][te], pt["grade3_ae_probability"]
    deciles = []
    edges = np.quantile(pb, np.linspace(0, 1, 11))
    bins = np.clip(np.searchsorted(edges, pb, side="right") - 1, 0, 9)
    for b in range(10):
        m = bins == b
        deciles.append({"decile": b + 1, "rows": int(m.sum()), "meanPredicted": round(float(pb[m].mean()), 4),
                        "observedRate": round(float(yb[m].mean()), 4)})
    metrics["outputs"]["grade3_ae_probability"] = {
        "brier": round(float(np.mean((pb - yb) ** 2)), 4), "auc": round(auc(yb, pb), 4),
        "mae": round(float(np.mean(np.abs(yb - pb))), 4), "r2": round(r2(yb, pb), 4),
        "meanObserved": round(float(yb.mean()), 4), "meanPredicted": round(float(pb.mean()), 4),
        "calibrationByDecile": deciles}
    y_te = y_nd[te]
    inside = (y_te >= pt["nondrug_cost_lower"]) & (y_te <= pt["nondrug_cost_upper"])
    point_te = pt["ae_cost_per_admission"] + pt["unplanned_stay_cost_per_admission"]
    metrics["interval"] = {"nominalCoverage": INTERVAL_COVERAGE, "heldoutCoverage": round(float(inside.mean()), 4),
                           "meanWidth": round(float(np.mean(pt["nondrug_cost_upper"] - pt["nondrug_cost_lower"])), 2),
                           "pointMae": round(float(np.mean(np.abs(y_te - point_te))), 2),
                           "pointR2": round(r2(y_te, point_te), 4)}

    # ---- monotonicity audit on the boosters (the jest test repeats it on the ONNX graph)
    rng_m = np.random.default_rng(a.seed + 1)
    n_audit = min(2000, int(te.size))
    rows = X[te[rng_m.choice(te.size, n_audit, replace=False)]].copy()
    idx_of = {nm: i for i, nm in enumerate(names)}
    violations = {}
    for feat, direction in [("ecog", 1), ("egfr_ml_min", -1), ("agent_count", 1)] + [(f"class_{slug(c)}", 1) for c in classes]:
        bumped = rows.copy()
        bumped[:, idx_of[feat]] += direction * (10.0 if feat == "egfr_ml_min" else 1.0)
        for key in ("ae", "stay", "g3"):
            b0 = boosters[key].predict(xgb.DMatrix(rows, feature_names=names))
            b1 = boosters[key].predict(xgb.DMatrix(bumped, feature_names=names))
            violations[f"{key}:{feat}"] = int(np.sum(b1 < b0))
    bad = {k: v for k, v in violations.items() if v}
    if bad and not a.no_monotone:
        raise SystemExit(f"monotonicity violated on the boosters: {bad}")
    metrics["monotonicityAudit"] = f"{n_audit} held-out rows; ECOG +1, eGFR -10, agent or class count +1: 0 decreases " \
                                   "of AE cost, unplanned-stay cost or grade>=3 probability"

    # ---- ONNX
    os.makedirs(a.out, exist_ok=True)
    onnx_path = os.path.join(a.out, "model.onnx")
    graph = onnx_export.build_graph("features", len(specs), {k: jsons[k] for k in ["ae", "stay", "g3", "los", "qaly", "spread"]},
                                    [{"name": o["name"], "role": o["role"]} for o in OUTPUTS], interval,
                                    {"model_id": a.model_id, "version": a.version})
    import onnx
    onnx.checker.check_model(graph)
    with open(onnx_path, "wb") as fh:
        fh.write(graph.SerializeToString())
    size = os.path.getsize(onnx_path)
    print(f"wrote {onnx_path} ({size} bytes)")
    if size > 2 * 1024 * 1024:
        raise SystemExit("ONNX file exceeds 2 MB")
    digest = sha256_file(onnx_path)

    # ---- manifest
    synthetic = bool(a.synthetic)
    manifest = {
        "schemaVersion": 1,
        "id": a.model_id,
        "version": a.version,
        "description": "Patient-specific non-drug cost (adverse-event management, unplanned stay), grade>=3 "
                       "adverse-event risk, length of stay and QALYs for a combination regimen.",
        "onnx": {"file": "model.onnx", "sha256": digest, "bytes": size,
                 "opsets": {"ai.onnx": 15, "ai.onnx.ml": 3}, "producer": "training/train.py (xgboost %s, onnx %s)"
                 % (xgb.__version__, onnx.__version__)},
        "trainedOnSyntheticData": synthetic,
        "trainingData": {
            "source": "synthetic" if synthetic else "csv",
            "description": ("Synthetic cohort from training/generate_cohort.py (documented generative process, "
                            "parameters and sources in MODEL_CARD.md); no real patient data."
                            if synthetic else f"Hospital history CSV {os.path.basename(a.csv)}"),
            "csvSha256": sha256_file(a.csv),
            **({"generator": "training/generate_cohort.py", "generatorSeed": a.generator_seed} if synthetic else {}),
            "rows": {"total": n, "train": int(tr.size), "calibration": int(cal.size), "test": int(te.size)},
            "splitSeed": a.seed,
        },
        "coverage": {"conditions": conditions, "regimenClasses": classes},
        "input": {"name": "features", "type": "float32", "shape": ["N", len(specs)]},
        "outOfRangePolicy": "clamp",
        "features": [{k: s[k] for k in ["index", "name", "source", "csvColumn", "type", "encoding", "unit",
                                         "range", "default", "description"]} for s in specs],
        "outputs": [{"name": o["name"], "role": o["role"], "type": "float32", "shape": ["N", 1], "unit": o["unit"],
                     "description": o["description"]} for o in OUTPUTS],
        "interval": {"coverage": INTERVAL_COVERAGE, "appliesTo": "ae_cost_per_admission + unplanned_stay_cost_per_admission",
                     "method": "normalised split-conformal: point +/- signed conformal quantiles (10% per tail) of "
                               "residual / predicted spread on the calibration split; lower bound floored at 0",
                     "qLow": round(q_lo, 6), "qHigh": round(q_hi, 6)},
        "monotoneConstraints": {"outputs": ["ae_cost_per_admission", "unplanned_stay_cost_per_admission",
                                            "grade3_ae_probability"], "features": mono_ae},
        "training": {"library": f"xgboost {xgb.__version__}", "trees": a.trees, "spreadTrees": a.spread_trees, "maxDepth": a.depth,
                     "params": {k: v for k, v in common.items()},
                     "objectives": {k: v["objective"] for k, v in plan.items()} | {"spread": "reg:tweedie"}},
        "metrics": metrics,
    }
    with open(os.path.join(a.out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=2)
        fh.write("\n")

    # ---- held-out sample for the parity test: raw ModelInput-shaped rows + encoded features + predictions
    rng_h = np.random.default_rng(a.seed + 2)
    sample_idx = te[: a.heldout_sample]
    optional_sources = ["ageYears", "sex", "bsaM2", "ecog", "egfrMlMin", "altRatioToUln", "comorbidityCount",
                        "stage", "lineOfTherapy"]
    rows_out = []
    X_sample = X[sample_idx].copy()
    for j, i in enumerate(sample_idx):
        inp: dict[str, Any] = {"classCounts": {}}
        for s in specs:
            v = raw.get(s["csvColumn"], [""] * n)[i]
            src = s["source"]
            if src.startswith("classCounts."):
                if v.strip() and float(v) != 0:
                    inp["classCounts"][src.split(".", 1)[1]] = float(v)
            elif s["encoding"]["kind"] in ("one-hot", "ordinal"):
                if v.strip():
                    inp[src] = v
            elif v.strip():
                inp[src] = float(v)
        # every 20th row drops two optional fields: the TS encoder must impute the manifest defaults
        if j % 20 == 19:
            for src in rng_h.choice(optional_sources, 2, replace=False):
                inp.pop(str(src), None)
                for s in specs:
                    if s["source"] == src:
                        X_sample[j, s["index"]] = s["default"]
        rows_out.append(inp)
    # predictions on the (possibly imputed) encoded rows
    Xs = X_sample.astype(np.float32)

    def pred_rows(key: str) -> np.ndarray:
        return boosters[key].predict(xgb.DMatrix(Xs, feature_names=names)).astype(np.float64)
    ae_s, stay_s, sp_s = pred_rows("ae"), pred_rows("stay"), pred_rows("spread")
    preds = {"ae_cost_per_admission": ae_s, "unplanned_stay_cost_per_admission": stay_s,
             "grade3_ae_probability": pred_rows("g3"), "los_days": pred_rows("los"), "qalys": pred_rows("qaly"),
             "nondrug_cost_lower": np.maximum(0, ae_s + stay_s + q_lo * sp_s),
             "nondrug_cost_upper": ae_s + stay_s + q_hi * sp_s}
    sample = {
        "modelId": a.model_id, "version": a.version,
        "description": "Held-out test rows: raw ModelInput values, the trainer's encoded feature vector and the "
                       "trainer's (XGBoost) predictions. Every 20th row lacks two optional fields; its features "
                       "carry the manifest defaults. Tolerance per output: |onnx - expected| <= abs + rel * "
                       "|expected| (abs 0.5 CNY for costs: float32 sums of 160 trees followed by exp).",
        "tolerance": {o["name"]: {"abs": 0.5 if o["unit"].startswith("CNY") else 1e-4, "rel": 1e-4} for o in OUTPUTS},
        "rows": [{"input": rows_out[j], "features": [float(x) for x in Xs[j]],
                  "expected": {k: float(v[j]) for k, v in preds.items()}} for j in range(len(rows_out))],
    }
    with open(os.path.join(a.out, "heldout-sample.json"), "w") as fh:
        json.dump(sample, fh, separators=(",", ":"))
        fh.write("\n")

    with open(os.path.join(a.out, "MODEL_CARD.md"), "w") as fh:
        fh.write(model_card(manifest, synthetic))
    print(json.dumps(metrics["outputs"] | {"interval": metrics["interval"]}, indent=1))


def model_card(m: dict[str, Any], synthetic: bool) -> str:
    met = m["metrics"]
    lines = [f"# Model card: {m['id']} {m['version']}", ""]
    if synthetic:
        lines += ["> **This default model is trained on SYNTHETIC data.** No patient-level data was available. "
                  "The cohort comes from `training/generate_cohort.py`, a documented generative process whose "
                  "parameters are listed below with their sources; most effect sizes are this project's "
                  "assumptions. The predictions show what the pipeline does; they are not evidence about real "
                  "patients. Retrain on local history before clinical use (see `models/README.md`).", ""]
    lines += [
        "## What it predicts", "",
        "One ONNX graph, input `features` float32 [N, %d], outputs [N, 1] float32:" % m["input"]["shape"][1], "",
        "| output | role | unit | meaning |", "|---|---|---|---|"]
    for o in m["outputs"]:
        lines.append(f"| `{o['name']}` | {o['role']} | {o['unit']} | {o['description']} |")
    lines += ["", f"Conditions covered: {', '.join(m['coverage']['conditions'])}. Regimen classes: "
              f"{', '.join(m['coverage']['regimenClasses'])}. Other conditions (type-2 diabetes, hypertension, "
              "coronary intervention) are not covered: the service falls back to knowledge-pack averages.", "",
              "## Training", "",
              f"- Data: {m['trainingData']['description']}",
              f"- Rows: {m['trainingData']['rows']} (split seed {m['trainingData']['splitSeed']}"
              + (f", generator seed {m['trainingData'].get('generatorSeed')})" if synthetic else ")"),
              f"- Library: {m['training']['library']}; {m['training']['trees']} trees per output ({m['training']['spreadTrees']} for the interval spread), max depth "
              f"{m['training']['maxDepth']}; objectives {m['training']['objectives']}; params "
              f"`{json.dumps(m['training']['params'])}`",
              "- Monotone constraints (XGBoost `monotone_constraints`) on AE cost, unplanned-stay cost and "
              f"grade>=3 probability: `{json.dumps(m['monotoneConstraints']['features'])}` (+1 never lowers, -1 "
              "never raises the prediction as the feature grows).",
              f"- {met['monotonicityAudit']}.",
              f"- Interval: {m['interval']['method']} (nominal {m['interval']['coverage']:.0%}, qLow "
              f"{m['interval']['qLow']}, qHigh {m['interval']['qHigh']}).",
              "- Export: `training/onnx_export.py` writes ai.onnx.ml TreeEnsembleRegressor nodes from the saved "
              "booster JSON (BRANCH_LT: XGBoost goes left when x < threshold; base_score converted to the margin "
              "through the objective's link and checked against `predict(output_margin=True)`).", "",
              "## Held-out metrics (test split, %d rows)" % met["heldoutRows"], "",
              "| output | MAE | R² | MAE of train mean | mean observed | mean predicted |", "|---|---|---|---|---|---|"]
    for name, v in met["outputs"].items():
        if "brier" in v:
            continue
        lines.append(f"| `{name}` | {v['mae']} | {v['r2']} | {v['maeOfTrainMean']} | {v['meanObserved']} | "
                     f"{v['meanPredicted']} |")
    g = met["outputs"]["grade3_ae_probability"]
    iv = met["interval"]
    lines += ["", f"`grade3_ae_probability`: Brier {g['brier']}, AUC {g['auc']}, mean predicted "
              f"{g['meanPredicted']} vs observed {g['meanObserved']}.", "",
              "Calibration by decile of predicted probability:", "",
              "| decile | rows | mean predicted | observed rate |", "|---|---|---|---|"]
    for d in g["calibrationByDecile"]:
        lines.append(f"| {d['decile']} | {d['rows']} | {d['meanPredicted']} | {d['observedRate']} |")
    lines += ["", f"Non-drug cost (AE + unplanned stay) per admission: point MAE {iv['pointMae']} CNY, R² "
              f"{iv['pointR2']}; 80% interval held-out coverage {iv['heldoutCoverage']:.1%}, mean width "
              f"{iv['meanWidth']} CNY.", "",
              "The targets are realised outcomes of a noisy process (an AE happens or not), so R² is bounded well "
              "below 1 even for a perfect model of the expectation.", "",
              "## Limitations", "",
              "- Synthetic training data: the relationships are those written into the generator, no more." if synthetic
              else "- Trained on one hospital's history: check case mix before use elsewhere.",
              "- Inputs outside the training range (manifest `range`) are clamped to the range and reported per "
              "row in `outOfRange`; missing optional inputs take the manifest `default` and are reported in "
              "`imputed`.",
              "- Grade>=3 probability is over the planned course; costs are per admission averaged over the course.",
              "- QALYs use constant hazards and utilities by ECOG; no progression states.", ""]
    if synthetic:
        lines += ["## Generator parameters and sources", "", gen.render_parameter_table(), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
