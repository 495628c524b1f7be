#!/usr/bin/env bash
# A trial's setup (connectivity and state) on 1 and 2 threads, alternated REPEATS times:
#   bench/setup_threads.sh [CONFIG] [SIZE_FACTOR] [REPEATS]
# CONFIG defaults to experiments/configs/brunel_exp.json (every projection Bernoulli), at
# SIZE_FACTOR (default 4: 160 000 neurons, 2.9e8 synapses), one 1-ms trial with --timings; prints
# the setup and wall seconds of each run and writes bench/results/setup_threads_<date>.md.
# SPIKEFIT (default build/ci/experiments/spikefit) selects the binary; BASELINE, a second binary
# (e.g. one built from an earlier commit), runs alternated with it.
set -euo pipefail
cd "$(dirname "$0")/.."
binaries=("${SPIKEFIT:-build/ci/experiments/spikefit}")
[[ -n ${BASELINE:-} ]] && binaries+=("$BASELINE")
config="${1:-experiments/configs/brunel_exp.json}"
size="${2:-4}"
repeats="${3:-3}"
out=bench/results/setup_threads_$(date +%F).md
raw=$(mktemp -d)
{
  echo "# A trial's setup on 1 and 2 threads ($(date +%F))"
  echo
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB;"
  echo "spikefit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)'); command (THREADS = 1, 2, alternated):"
  echo
  echo "binaries: ${binaries[*]}"
  echo
  echo "    BINARY simulate --config $config --set size_factor=$size --trials 1 --threads THREADS --duration-ms 1 --seed 1 --backend cpu --timings --out OUT"
  echo
  echo "| run | binary | threads | setup s | wall s | neurons | synapses |"
  echo "|---|---|---|---|---|---|---|"
  for ((rep = 1; rep <= repeats; ++rep)); do
    for spikefit in "${binaries[@]}"; do
    for threads in 1 2; do
      "$spikefit" simulate --config "$config" --set "size_factor=$size" --trials 1 \
        --threads "$threads" --duration-ms 1 --seed 1 --backend cpu --timings \
        --out "$raw/run.json" > /dev/null
      python3 - "$raw/run.json" "$rep" "$spikefit" <<'PY'
import json, sys
row = json.load(open(sys.argv[1]))["trials"][0]
print(f"| {sys.argv[2]} | {sys.argv[3]} | {row['threads']} | {row['setup_s']:.2f} | "
      f"{row['wall_s']:.2f} | {row['neurons']} | {row['synapses']} |")
PY
    done
    done
  done
} | tee "$out"
echo "wrote $out"
