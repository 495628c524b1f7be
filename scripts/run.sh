#!/usr/bin/env bash
# Installs the dependencies, builds spikefit and runs the main job on the bundled default:
# four independent realisations of the SNOPS spatial balanced network (10 s each, the SNOPS
# screening duration), written to results/simulate_snops_sbn.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset default
cmake --build --preset default --target spikefit
mkdir -p results
build/release/experiments/spikefit simulate --config experiments/configs/snops_sbn.json \
  --trials 4 --duration-ms 10000 --seed 1 --out results/simulate_snops_sbn.json "$@"
echo "wrote results/simulate_snops_sbn.json"
