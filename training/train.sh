#!/usr/bin/env bash
# Train the cost-outcome model end to end and write the model directory.
#
#   bash training/train.sh                      # synthetic cohort (fixed seed) -> models/cost-outcome-v1
#   bash training/train.sh path/to/history.csv  # a hospital's own history (columns: models/README.md)
#
# Environment: OUT_DIR (default models/cost-outcome-v1), MODEL_ID, MODEL_VERSION, SEED, COHORT_N,
#              COHORT_CSV (where the synthetic cohort is written, default training/out/cohort.csv),
#              SKIP_PARITY=1 to skip the ONNX Runtime parity check at the end.
# Needs Debian's python3-xgboost, python3-onnx and python3-numpy; installs them when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3          # the PATH python3 may be a pyenv without the Debian packages
CSV="${1:-}"
OUT_DIR="${OUT_DIR:-models/cost-outcome-v1}"
MODEL_ID="${MODEL_ID:-cost-outcome-v1}"
MODEL_VERSION="${MODEL_VERSION:-1.0.0}"
SEED="${SEED:-20250101}"
COHORT_N="${COHORT_N:-60000}"

if ! "$PY" -c 'import xgboost, onnx, numpy' >/dev/null 2>&1; then
  echo "installing python3-xgboost python3-onnx python3-numpy (Debian packages)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y python3-xgboost python3-onnx python3-numpy; then
    $SUDO apt-get update
    $SUDO apt-get install -y python3-xgboost python3-onnx python3-numpy
  fi
fi
"$PY" -c 'import xgboost, onnx; print("xgboost", xgboost.__version__, "onnx", onnx.__version__)'

if [ -z "$CSV" ]; then
  CSV="${COHORT_CSV:-training/out/cohort.csv}"
  "$PY" training/generate_cohort.py --n "$COHORT_N" --seed "$SEED" --out "$CSV"
  SYNTH=(--synthetic --generator-seed "$SEED")
else
  [ -f "$CSV" ] || { echo "no such CSV: $CSV" >&2; exit 2; }
  SYNTH=()
fi

"$PY" training/train.py --csv "$CSV" --out "$OUT_DIR" --seed "$SEED" --model-id "$MODEL_ID" \
  --version "$MODEL_VERSION" "${SYNTH[@]}"

if [ "${SKIP_PARITY:-0}" != "1" ]; then
  echo "checking the ONNX graph with onnxruntime-node against the trainer's predictions"
  [ -d node_modules/onnxruntime-node ] || npm ci --no-audit --no-fund
  MODEL_PATH="$OUT_DIR" npx jest test/model/parity.test.ts
fi
echo "model written to $OUT_DIR"
