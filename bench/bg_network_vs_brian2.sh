#!/bin/bash
# spikefit's CPU BG engine and the Brian2 C++-standalone peer (bench/bg/brian2_so2012_network.py,
# written on branch bg-stats) on one So 2012 network each, one thread each, in the same run.
#   bench/bg_network_vs_brian2.sh [CONDITION] [DURATION_MS]
# Prints both raw outputs; compare spikefit's cpu_s with Brian2's run-only wall time.
set -euo pipefail
condition=${1:-pd}
duration_ms=${2:-2000}
build=${BUILD_DIR:-build/ci}
brian2_script=${BRIAN2_SCRIPT:-bench/bg/brian2_so2012_network.py}
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "\$ $build/bench/bg_network_bench --networks 1 --threads 1 --seconds $(echo "$duration_ms/1000" | bc -l) --burn-in-ms 500 --condition $condition"
"$build/bench/bg_network_bench" --networks 1 --threads 1 --seconds "$(echo "$duration_ms/1000" | bc -l)" \
  --burn-in-ms 500 --condition "$condition"
echo "\$ OMP_NUM_THREADS=1 /usr/bin/python3 $brian2_script --condition $condition --duration-ms $duration_ms --burn-in-ms 500"
OMP_NUM_THREADS=1 /usr/bin/python3 "$brian2_script" --condition "$condition" --duration-ms "$duration_ms" --burn-in-ms 500
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
