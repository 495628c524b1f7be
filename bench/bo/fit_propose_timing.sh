#!/usr/bin/env bash
# Wall time of one bench-bo round (cold GP fit + propose(256)) after n Sobol points, for
# n = 500, 1000, 2000, 4000, on Ackley-10D (specs/bo_gp.md §6.4; goal: <= 10 s at n = 4000).
#
#   bench/bo/fit_propose_timing.sh "STRATEGIES" OUTDIR [N...]
#
# SPIKEFIT (default build/ci/experiments/spikefit) and BENCH_BO_ARGS (extra bench-bo options)
# can be set in the environment. Prints a markdown table.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  sed -n '2,8p' "$0" >&2
  exit 2
fi
strategies=$1 outdir=$2
shift 2
sizes=${*:-500 1000 2000 4000}
here=$(cd "$(dirname "$0")" && pwd)
spikefit=${SPIKEFIT:-$here/../../build/ci/experiments/spikefit}
mkdir -p "$outdir"

echo "| strategy | n | fit s | propose(256) s | fit + propose s |"
echo "|---|---|---|---|---|"
for strategy in $strategies; do
  for n in $sizes; do
    out=$outdir/timing_${strategy}_n${n}.json
    # shellcheck disable=SC2086
    "$spikefit" bench-bo --function ackley --dims 10 --init "$n" --evals $((n + 256)) --q 256 \
      --seed 0 --strategy "$strategy" ${BENCH_BO_ARGS:-} --out "$out"
    # Round 1 is the second occurrence of each field (round 0 is the initial design).
    fit=$(grep -o '"fit_seconds": [0-9.e+-]*' "$out" | sed -n 2p | cut -d' ' -f2)
    propose=$(grep -o '"propose_seconds": [0-9.e+-]*' "$out" | sed -n 2p | cut -d' ' -f2)
    awk -v s="$strategy" -v n="$n" -v f="$fit" -v p="$propose" \
      'BEGIN { printf "| %s | %d | %.2f | %.2f | %.2f |\n", s, n, f, p, f + p }'
  done
done
