#!/usr/bin/env bash
# End-to-end benchmark: the SNOPS short-demo fit (scripts/run.sh's fit) on this machine, with
# its wall time, evaluations and the incumbent's replicate-mean cost (goal <= 2.0), written to
# bench/results/fit_short_demo_<date>.md. Usage: bench/fit_short_demo.sh [fit options], which
# replace the default search options "--batch 8 --initial 16 --max-evals 96 --max-minutes 9
# --seed 1" (e.g. --batch 16 --max-evals 200 --strategy mixed --backend cuda). Runs build/release/experiments/spikefit
# or $SPIKEFIT_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SPIKEFIT_BIN:-build/release/experiments/spikefit}
stamp=$(date -u +%Y-%m-%dT%H%MZ)
work=$(mktemp -d)
study="$work/fit_short_demo.sqlite"
search=(--batch 8 --initial 16 --max-evals 96 --max-minutes 9 --seed 1)
if (($#)); then search=("$@"); fi
args=(fit --config experiments/configs/snops_short_demo.json
  --target experiments/targets/snops_demo_targets.json --target-name short_demo_sbn_simu
  --study "$study" "${search[@]}")
source bench/lib/fit_bench.sh
run_fit_and_report
out="bench/results/fit_short_demo_${stamp%T*}.md"
{
  echo "# SNOPS short-demo fit (2 free parameters, 10-s SBN runs)"
  echo
  print_run_header
  print_incumbent --goal 2.0
  print_raw_output
} > "$out"
echo "wrote $out"
