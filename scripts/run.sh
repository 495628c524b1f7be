#!/usr/bin/env bash
# Installs the dependencies, builds spikefit and runs the main job: a real SNOPS short-demo fit
# (experiments/configs/snops_short_demo.json: the SBN with its 9 ground-truth parameters fixed,
# taudsynI and mean_sigmaRRIs free, 10-s simulations) against target short_demo_sbn_simu of the
# bundled target file, on the GPU when there is one and else on the CPU, with a budget that ends
# in about 5-10 minutes on a 2-core machine; then writes the report (HTML, plots, CSV, JSON).
# Arguments replace the search options "--batch 8 --initial 16 --max-evals 96 --max-minutes 9
# --seed 1" of `spikefit fit` (e.g. scripts/run.sh --max-evals 200 --backend cpu).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset default
cmake --build --preset default --target spikefit
search=(--batch 8 --initial 16 --max-evals 96 --max-minutes 9 --seed 1)
if (($#)); then search=("$@"); fi
mkdir -p results
study=results/fit_short_demo.sqlite
if [[ -e "$study" ]]; then
  kept="results/fit_short_demo.$(date +%Y%m%dT%H%M%S).sqlite"
  mv "$study" "$kept"
  echo "kept the previous study as $kept"
fi
build/release/experiments/spikefit fit --config experiments/configs/snops_short_demo.json \
  --target experiments/targets/snops_demo_targets.json --target-name short_demo_sbn_simu \
  --study "$study" "${search[@]}"
build/release/experiments/spikefit report --study "$study" --out results/fit_short_demo_report
echo "wrote results/fit_short_demo_report/report.html"
