#!/usr/bin/env bash
# Runs spikefit bench-bo strategies, Sobol and Optuna TPE over seeds on one test function and
# prints a markdown summary (median [quartiles] of log10 gap at checkpoints).
#
#   bench/bo/run_bo_benchmark.sh FUNCTION Q EVALS SEEDS "STRATEGIES" OUTDIR [CHECKPOINTS]
#   e.g. bench/bo/run_bo_benchmark.sh hartmann6 128 1024 10 "ts turbo sobol tpe" bench/out/h6 256,512,1024
#
# STRATEGIES are bench-bo strategies plus "tpe" (bench/bo/optuna_tpe.py under /usr/bin/python3).
# Runs whose JSON already exists in OUTDIR are kept (an interrupted sweep resumes). Seeds are
# 0 .. SEEDS-1. SPIKEFIT (default build/ci/experiments/spikefit) and BENCH_BO_ARGS (extra
# bench-bo options, e.g. "--fit-iterations 50") can be set in the environment.
set -euo pipefail

if [[ $# -lt 6 ]]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
function=$1 q=$2 evals=$3 seeds=$4 strategies=$5 outdir=$6
checkpoints=${7:-$evals}
here=$(cd "$(dirname "$0")" && pwd)
spikefit=${SPIKEFIT:-$here/../../build/ci/experiments/spikefit}
[[ -x $spikefit ]] || { echo "run_bo_benchmark.sh: no spikefit binary at $spikefit" >&2; exit 2; }
mkdir -p "$outdir"

for strategy in $strategies; do
  for ((seed = 0; seed < seeds; ++seed)); do
    out=$outdir/${function}_q${q}_n${evals}_${strategy}_s${seed}.json
    [[ -s $out ]] && continue
    if [[ $strategy == tpe ]]; then
      /usr/bin/python3 "$here/optuna_tpe.py" --function "$function" --q "$q" --evals "$evals" \
        --seed "$seed" --out "$out.tmp"
    else
      # shellcheck disable=SC2086
      "$spikefit" bench-bo --function "$function" --q "$q" --evals "$evals" --seed "$seed" \
        --strategy "$strategy" ${BENCH_BO_ARGS:-} --out "$out.tmp"
    fi
    mv "$out.tmp" "$out"
    echo "done $out" >&2
  done
done

runs=("$outdir"/${function}_q${q}_n${evals}_*.json)
"$spikefit" bench-bo-summary --checkpoints "$checkpoints" "${runs[@]}"
echo
echo "Raw: log10 gap after each round (evaluations in the JSON), per run"
echo
for run in "${runs[@]}"; do
  printf '    %s:' "$(basename "$run" .json)"
  grep -o '"log10_gap": [^,]*' "$run" | sed 's/"log10_gap": //' | tr '\n' ' ' |
    sed 's/\([-0-9]*\.[0-9][0-9]\)[0-9]*/\1/g'
  echo
done
