#!/usr/bin/env bash
# Emulator quality per model class on one dataset (issue 17): `spikefit train-surrogate` with
# each model, held-out metrics per output (R^2, RMSE, NLPD, 50%/90% coverage), learning curves
# over SIZES, training time; the report pages and the summary with the raw output go to OUT
# (default bench/results/emulator_quality_<dataset stem>_<date>.md).
#   bench/emulator_quality.sh DATASET OUTPUTS SIZES [MODELS] [OUT]
#   e.g. bench/emulator_quality.sh /work/data/short_demo.sqlite \
#          rate,fano,rsc_fisher_z,pct_shared,d_shared 64,128,256 gp,sparse-gp,mlp,ensemble
# Runs build/ci/experiments/spikefit or $SPIKEFIT_BIN; extra train-surrogate flags in $TRAIN_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${SPIKEFIT_BIN:-build/ci/experiments/spikefit}")
dataset=$1
outputs=$2
sizes=$3
models=${4:-gp,sparse-gp,mlp,ensemble}
stem=$(basename "${dataset%.*}")
out=${5:-bench/results/emulator_quality_${stem}_$(date -u +%Y-%m-%d).md}
work=$(mktemp -d)
raw="$work/raw.txt"
summary="$work/summary.txt"
echo "| model | output | R² | RMSE | NLPD | 50% coverage | 90% coverage | train s (per split) |" > "$summary"
echo "|---|---|---|---|---|---|---|---|" >> "$summary"
for model in ${models//,/ }; do
  cmd="$bin train-surrogate --dataset $dataset --model $model --outputs $outputs --sizes $sizes \
--out $work/$model.emulator ${TRAIN_FLAGS:-}"
  echo "## $model: $cmd" >> "$raw"
  start=$(date +%s.%N)
  $cmd >> "$raw" 2>&1
  printf 'wall %.1f s\n\n' "$(echo "$(date +%s.%N) - $start" | bc)" >> "$raw"
  python3 - "$work/$model.emulator_report/evaluation.json" "$model" >> "$summary" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
h = e["evaluation"]
for name, m in h["outputs"].items():
    f = lambda k: "-" if m[k] is None else f"{m[k]:.3g}"
    print(f"| {sys.argv[2]} | {name} | {f('r2')} | {f('rmse')} | {f('nlpd')} | {f('coverage50')} "
          f"| {f('coverage90')} | {h['train_s']:.2f} |")
PY
  cp "$work/$model.emulator_report/evaluation.json" "$work/$model.evaluation.json"
done
{
  echo "# Emulator quality: $(basename "$dataset")"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H%MZ), commit $(git rev-parse --short HEAD)"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- dataset: $dataset ($(sqlite3 "$dataset" 'select count(*) from evaluations') trials)"
  echo "- outputs: $outputs; learning-curve sizes: $sizes; models: $models; extra flags: ${TRAIN_FLAGS:-none}"
  echo "- held-out split: train-surrogate's default (20% of the design points, seed 1)"
  echo
  cat "$summary"
  echo
  echo "## Learning curves and first-call times (evaluation.json of each model)"
  echo
  echo '```'
  for model in ${models//,/ }; do
    python3 - "$work/$model.evaluation.json" "$model" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
print(sys.argv[2], "first call:", json.dumps(e["first_call"]), "final model:", json.dumps(e["final_model"]))
for r in e["learning_curve"]:
    r2 = " ".join(f"{k}={v['r2']:.3f}" if v["r2"] is not None else f"{k}=-" for k, v in r["outputs"].items())
    print(f"  rows {r['training_rows']:6d}  train {r['train_s']:8.2f} s  R2: {r2}")
PY
  done
  echo '```'
  echo
  echo "## Raw output"
  echo
  echo '```'
  cat "$raw"
  echo '```'
} > "$out"
echo "wrote $out (reports in $work)"
