#!/usr/bin/env bash
# End-to-end benchmark: the parkinsonian basal-ganglia fit. bg_so2012_pd.json (So 2012 PD, the
# 10 free parameters: I_app per population, five pathway weights, cortical weight and beta
# depth) fitted to target pd_primate (MPTP-monkey rates + STN beta) of
# experiments/targets/bg_primate_targets.json; wall time and the incumbent against the target,
# written to bench/results/bg_fit_pd_<date>.md with the report's plots under
# bench/results/bg_fit_pd_<date>/. Usage: bench/bg_fit_pd.sh [fit options], which replace the
# defaults "--batch 8 --initial 16 --max-evals 48 --duration-ms 2500 --max-minutes 13 --seed 1".
# Runs build/release/experiments/spikefit or $SPIKEFIT_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SPIKEFIT_BIN:-build/release/experiments/spikefit}
stamp=$(date -u +%Y-%m-%dT%H%MZ)
work=$(mktemp -d)
study="$work/bg_fit_pd.sqlite"
search=(--batch 8 --initial 16 --max-evals 48 --duration-ms 2500 --max-minutes 13 --seed 1)
if (($#)); then search=("$@"); fi
args=(fit --config experiments/configs/bg_so2012_pd.json
  --target experiments/targets/bg_primate_targets.json --target-name pd_primate
  --study "$study" "${search[@]}")
source bench/lib/fit_bench.sh
run_fit_and_report
day=${stamp%T*}
out="bench/results/bg_fit_pd_${day}.md"
mkdir -p "bench/results/bg_fit_pd_${day}"
cp "$work/report/statistics.png" "$work/report/cost_vs_evaluations.png" "$work/report/report.json" \
  "bench/results/bg_fit_pd_${day}/" 2>/dev/null || true
{
  echo "# Parkinsonian basal-ganglia fit (So 2012 network, 10 free parameters, target pd_primate)"
  echo
  print_run_header
  print_incumbent --statistics
  print_raw_output
} > "$out"
echo "wrote $out"
