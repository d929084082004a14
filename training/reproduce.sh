#!/usr/bin/env bash
# Retrain the default model from scratch with the fixed seeds and compare with the committed one.
#   bash training/reproduce.sh          (npm run model:repro)
# Prints REPRODUCED (identical ONNX bytes, or every held-out prediction within the parity tolerance)
# or NOT REPRODUCED with the differences, and exits non-zero in the latter case.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL_DIR="${MODEL_DIR:-models/cost-outcome-v1}"
WORK="$(mktemp -d /tmp/cost-outcome-repro.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

echo "retraining into $WORK (seed ${SEED:-20250101})"
OUT_DIR="$WORK/model" COHORT_CSV="$WORK/cohort.csv" SKIP_PARITY=1 bash training/train.sh > "$WORK/train.log" 2>&1 || {
  cat "$WORK/train.log"; echo "NOT REPRODUCED: training failed"; exit 1; }

/usr/bin/python3 - "$MODEL_DIR" "$WORK/model" <<'PY'
import hashlib, json, sys
ref_dir, new_dir = sys.argv[1], sys.argv[2]
def sha(p):
    return hashlib.sha256(open(p, "rb").read()).hexdigest()
ref_m, new_m = (json.load(open(f"{d}/manifest.json")) for d in (ref_dir, new_dir))
ref_sha, new_sha = sha(f"{ref_dir}/model.onnx"), sha(f"{new_dir}/model.onnx")
print(f"committed ONNX sha256 {ref_sha} (manifest says {ref_m['onnx']['sha256']})")
print(f"retrained ONNX sha256 {new_sha}")
print(f"cohort CSV sha256 committed-run {ref_m['trainingData'].get('csvSha256')} retrained {new_m['trainingData'].get('csvSha256')}")
if ref_sha == new_sha:
    print("REPRODUCED: the retrained ONNX file is byte-identical to the committed one")
    sys.exit(0)
ref_s, new_s = (json.load(open(f"{d}/heldout-sample.json")) for d in (ref_dir, new_dir))
worst, bad = {}, 0
for r, n in zip(ref_s["rows"], new_s["rows"]):
    for k, v in r["expected"].items():
        tol = ref_s["tolerance"][k]
        d = abs(n["expected"][k] - v)
        worst[k] = max(worst.get(k, 0.0), d)
        bad += d > tol["abs"] + tol["rel"] * abs(v)
for k, d in worst.items():
    print(f"  max |retrained - committed| {k}: {d:.6g}")
for k, v in ref_m["metrics"]["outputs"].items():
    nv = new_m["metrics"]["outputs"].get(k, {})
    print(f"  {k}: committed MAE {v.get('mae')} R2 {v.get('r2')} | retrained MAE {nv.get('mae')} R2 {nv.get('r2')}")
if bad == 0 and len(ref_s["rows"]) == len(new_s["rows"]):
    print(f"REPRODUCED: ONNX bytes differ but all {len(ref_s['rows'])} held-out predictions agree within tolerance")
    sys.exit(0)
print(f"NOT REPRODUCED: {bad} held-out predictions differ beyond tolerance")
sys.exit(1)
PY
