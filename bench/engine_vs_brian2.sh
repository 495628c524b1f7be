#!/usr/bin/env bash
# CPU engine vs Brian2 C++ standalone (1 thread each) on the SNOPS CBN and SBN, in one run, and
# the ratio of their simulation-loop times. Writes a result file under bench/results/.
#   bench/engine_vs_brian2.sh [DURATION_MS] [REPEATS]
# Needs a release build (cmake --preset default && cmake --build --preset default) and the peer
# tools (scripts/install-deps.sh --peers).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-2000}
repeats=${2:-3}
bench=build/release/bench/spikefit_bench_engine
out=bench/results/engine_cpu_vs_brian2_$(date +%Y-%m-%d).md
raw=$(mktemp)
for network in cbn sbn; do
  for r in $(seq "$repeats"); do
    # interleaved so both tools see the same machine load
    OMP_NUM_THREADS=1 "$bench" --config "experiments/configs/snops_$network.json" \
      --duration-ms "$duration" --seed "$r" | tee -a "$raw"
    /usr/bin/python3 bench/brian2_snops.py --network "$network" --duration-ms "$duration" \
      --threads 1 --seed "$r" | tee -a "$raw"
  done
done
summary=$(/usr/bin/python3 - "$raw" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
out = []
for net in ("cbn", "sbn"):
    ours = [r for r in rows if r["tool"] == "spikefit-cpu" and r["network"] == "snops_" + net]
    theirs = [r for r in rows if r["tool"] == "brian2" and r["network"] == net]
    a = statistics.median(r["run_s"] for r in ours)
    b = statistics.median(r["run_s"] for r in theirs)
    d = ours[0]["duration_ms"] / 1000
    out.append(f"| {net.upper()} | {a / d:.3f} | {b / d:.3f} | {b / a:.2f}x | "
               f"{statistics.median(r['neuron_steps_per_s'] for r in ours):.3g} | "
               f"{statistics.median(r['events_per_s'] for r in ours):.3g} | "
               f"{statistics.median(r['rate_e_hz'] for r in ours):.2f} / {statistics.median(r['rate_e_hz'] for r in theirs):.2f} |")
print("\n".join(out))
PY
)
{
  echo "# CPU engine vs Brian2 C++ standalone, one core each"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "- command: bench/engine_vs_brian2.sh $duration $repeats"
  echo "- timings: simulation loop only (spikefit: trial wall time minus connectivity/state setup;"
  echo "  Brian2: its own run timer, compilation and synapse creation excluded); medians of $repeats"
  echo "  realisations, interleaved."
  echo
  echo "| network | spikefit s per sim-s | Brian2 s per sim-s | speed-up | spikefit neuron-steps/s | spikefit events/s | E rate Hz (spikefit after burn-in / Brian2 whole run) |"
  echo "|---|---|---|---|---|---|---|"
  echo "$summary"
  echo
  echo "## Raw output"
  echo
  echo '```'
  cat "$raw"
  echo '```'
} > "$out"
rm -f "$raw"
echo "wrote $out"
cat "$out" | sed -n 1,14p
