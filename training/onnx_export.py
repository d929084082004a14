#!/usr/bin/python3
"""Write XGBoost boosters as ai.onnx.ml TreeEnsembleRegressor nodes (onnxmltools is not available).

Conventions checked against XGBoost 1.7:
  * split rule: XGBoost sends a row to the LEFT child when x < split_condition, so every split node is
    written with mode BRANCH_LT and the left child as the "true" node;
  * missing values follow default_left (nodes_missing_value_tracks_true = default_left);
  * leaf values in the saved JSON model already include the learning rate; a leaf is a node whose
    left_children entry is -1 and its value is stored in split_conditions;
  * base_score: learner_model_param.base_score is in response space; the margin offset is
    identity (reg:squarederror), log (reg:tweedie, reg:gamma, count:poisson) or logit (binary:logistic).
    ``margin_offset`` computes it and ``check_margin`` verifies it against booster.predict(output_margin).
"""
from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import xgboost as xgb
from onnx import TensorProto, helper

LOG_LINK = {"reg:tweedie", "reg:gamma", "count:poisson"}


def booster_json(booster: xgb.Booster) -> dict[str, Any]:
    return json.loads(bytes(booster.save_raw(raw_format="json")).decode("utf-8"))


def objective_name(model: dict[str, Any]) -> str:
    return str(model["learner"]["objective"]["name"])


def margin_offset(model: dict[str, Any]) -> float:
    base = float(model["learner"]["learner_model_param"]["base_score"])
    obj = objective_name(model)
    if obj in LOG_LINK:
        return math.log(base)
    if obj == "binary:logistic":
        return math.log(base / (1 - base))
    if obj in ("reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror"):
        return base
    raise ValueError(f"unsupported objective {obj}")


def tree_margin(model: dict[str, Any], X: np.ndarray) -> np.ndarray:
    """Pure-numpy evaluation of the dumped trees (float32 comparisons, x < threshold goes left)."""
    X = X.astype(np.float32)
    total = np.zeros(X.shape[0], dtype=np.float64)
    for t in model["learner"]["gradient_booster"]["model"]["trees"]:
        left, right = t["left_children"], t["right_children"]
        feat, cond = t["split_indices"], np.asarray(t["split_conditions"], dtype=np.float32)
        node = np.zeros(X.shape[0], dtype=np.int64)
        for _ in range(64):
            is_leaf = np.asarray(left)[node] == -1
            if is_leaf.all():
                break
            f = np.asarray(feat)[node]
            go_left = X[np.arange(X.shape[0]), f] < cond[node]
            nxt = np.where(go_left, np.asarray(left)[node], np.asarray(right)[node])
            node = np.where(is_leaf, node, nxt)
        total += cond[node].astype(np.float64)
    return total


def check_margin(booster: xgb.Booster, model: dict[str, Any], X: np.ndarray) -> float:
    """Max abs difference between XGBoost's own margin and (our tree walk + margin_offset)."""
    ours = tree_margin(model, X) + margin_offset(model)
    theirs = booster.predict(xgb.DMatrix(X, feature_names=booster.feature_names), output_margin=True).astype(np.float64)
    return float(np.max(np.abs(ours - theirs)))


def tree_ensemble_node(model: dict[str, Any], input_name: str, output_name: str, node_name: str):
    trees = model["learner"]["gradient_booster"]["model"]["trees"]
    a: dict[str, list[Any]] = {k: [] for k in [
        "nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
        "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
        "target_treeids", "target_nodeids", "target_ids", "target_weights"]}
    for tid, t in enumerate(trees):
        left, right = t["left_children"], t["right_children"]
        for nid in range(len(left)):
            a["nodes_treeids"].append(tid)
            a["nodes_nodeids"].append(nid)
            if left[nid] == -1:
                a["nodes_featureids"].append(0)
                a["nodes_modes"].append("LEAF")
                a["nodes_values"].append(0.0)
                a["nodes_truenodeids"].append(0)
                a["nodes_falsenodeids"].append(0)
                a["nodes_missing_value_tracks_true"].append(0)
                a["target_treeids"].append(tid)
                a["target_nodeids"].append(nid)
                a["target_ids"].append(0)
                a["target_weights"].append(float(np.float32(t["split_conditions"][nid])))
            else:
                a["nodes_featureids"].append(int(t["split_indices"][nid]))
                a["nodes_modes"].append("BRANCH_LT")
                a["nodes_values"].append(float(np.float32(t["split_conditions"][nid])))
                a["nodes_truenodeids"].append(int(left[nid]))
                a["nodes_falsenodeids"].append(int(right[nid]))
                a["nodes_missing_value_tracks_true"].append(int(bool(t["default_left"][nid])))
    return helper.make_node(
        "TreeEnsembleRegressor", [input_name], [output_name], name=node_name, domain="ai.onnx.ml",
        n_targets=1, aggregate_function="SUM", post_transform="NONE",
        base_values=[float(margin_offset(model))], **a)


def build_graph(features_name: str, n_features: int, models: dict[str, dict[str, Any]],
                outputs: list[dict[str, Any]], interval: dict[str, float], metadata: dict[str, str]):
    """models: target key -> booster json.  The graph computes

    ae     = exp(margin_ae)            stay = exp(margin_stay)          p = sigmoid(margin_g3)
    los    = margin_los                qalys = margin_qalys             spread = exp(margin_spread)
    lower  = relu(ae + stay + q_lo * spread)        upper = ae + stay + q_hi * spread
    """
    nodes = []
    for key, m in models.items():
        nodes.append(tree_ensemble_node(m, features_name, f"{key}_margin", f"trees_{key}"))
    names = {o["role"]: o["name"] for o in outputs}
    nodes += [
        helper.make_node("Exp", ["ae_margin"], [names["adverseEventCostPerAdmission"]]),
        helper.make_node("Exp", ["stay_margin"], [names["unplannedStayCostPerAdmission"]]),
        helper.make_node("Sigmoid", ["g3_margin"], [names["grade3AdverseEventProbability"]]),
        helper.make_node("Identity", ["los_margin"], [names["lengthOfStayDays"]]),
        helper.make_node("Identity", ["qaly_margin"], [names["qalys"]]),
        helper.make_node("Exp", ["spread_margin"], ["spread"]),
        helper.make_node("Add", [names["adverseEventCostPerAdmission"], names["unplannedStayCostPerAdmission"]],
                         ["nondrug_point"]),
        helper.make_node("Mul", ["spread", "q_lo"], ["lo_offset"]),
        helper.make_node("Mul", ["spread", "q_hi"], ["hi_offset"]),
        helper.make_node("Add", ["nondrug_point", "lo_offset"], ["lower_raw"]),
        helper.make_node("Relu", ["lower_raw"], [names["nonDrugCostLower"]]),
        helper.make_node("Add", ["nondrug_point", "hi_offset"], [names["nonDrugCostUpper"]]),
    ]
    inits = [helper.make_tensor("q_lo", TensorProto.FLOAT, [1], [interval["q_lo"]]),
             helper.make_tensor("q_hi", TensorProto.FLOAT, [1], [interval["q_hi"]])]
    graph = helper.make_graph(
        nodes, "cost_outcome",
        [helper.make_tensor_value_info(features_name, TensorProto.FLOAT, ["N", n_features])],
        [helper.make_tensor_value_info(o["name"], TensorProto.FLOAT, ["N", 1]) for o in outputs],
        initializer=inits)
    model = helper.make_model(graph, producer_name="combo-cost-cds training/onnx_export.py",
                              opset_imports=[helper.make_opsetid("", 15), helper.make_opsetid("ai.onnx.ml", 3)])
    model.ir_version = 8
    for k, v in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = k, v
    return model
