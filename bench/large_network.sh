#!/usr/bin/env bash
# Large networks (issue 18) on the CPU backend, the SNOPS SBN scaled by network.size_factor:
#   bench/large_network.sh goal [SIZE_FACTOR] [DURATION_MS] [THREADS]
#       one trial of the SBN at SIZE_FACTOR (default 18: 1 012 500 neurons, 1.1e9 synapses) with
#       procedural connectivity, DURATION_MS (default 1000) on THREADS threads (default 2), under
#       /usr/bin/time -v; writes bench/results/large_network_goal_<date>.md.
#   bench/large_network.sh sweep [SIZES] [DURATION_MS]
#       `spikefit scale` over SIZES (default 1,2,4,8: 3 125 .. 200 000 neurons) x threads THREADS (default 1,2),
#       stored and procedural connectivity, DURATION_MS (default 500) each; the two study folders
#       go to bench/results/scale_sbn_{stored,procedural}_<date>/ (cells, exponents, strong
#       scaling, cost model, plots) and a comparison to bench/results/large_network_sweep_<date>.md.
# SPIKEFIT (default build/ci/experiments/spikefit) selects the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
spikefit="${SPIKEFIT:-build/ci/experiments/spikefit}"
config=experiments/configs/snops_sbn.json
day=$(date +%F)
machine="$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"

goal() {
  local size="${1:-18}" duration="${2:-1000}" threads="${3:-2}"
  local raw out=bench/results/large_network_goal_$day.md
  raw=$(mktemp -d)
  local cmd=("$spikefit" simulate --config "$config" --set "size_factor=$size"
             --set connectivity_storage=procedural --trials 1 --threads "$threads"
             --duration-ms "$duration" --seed 1 --backend cpu --timings --out "$raw/goal.json")
  local load_before; load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -v "${cmd[@]}" >/dev/null 2>"$raw/time" || true
  {
    echo "# The SBN at size factor $size, procedural connectivity, one ${duration}-ms trial ($day)"
    echo
    echo "Machine: $machine; load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "spikefit $(git rev-parse --short HEAD), command:"
    echo
    echo "    ${cmd[*]}"
    echo
    python3 - "$raw" <<'EOF'
import json, re, sys
raw = sys.argv[1]
t = open(f"{raw}/time").read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) * 1024
tr = json.load(open(f"{raw}/goal.json"))["trials"][0]
run = tr["wall_s"] - tr["setup_s"]
print(f"| status | neurons | synapses | setup s | simulation s | s per simulated s | peak RSS | "
      f"bytes per neuron | rates Hz | synaptic events | threads |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
print(f"| {tr['status']} | {tr['neurons']} | {tr['synapses']:.3g} | {tr['setup_s']:.2f} | "
      f"{run:.0f} | {run / (tr['simulated_ms'] / 1000):.0f} | {rss / 2**30:.3f} GiB | "
      f"{rss / tr['neurons']:.0f} | {json.dumps(tr['rates_hz'])} | {tr['synaptic_events']:.3g} | "
      f"{tr['threads']} |")
print()
print("Stored connectivity would hold the synapses' 32-bit targets alone in "
      f"{tr['synapses'] * 4 / 2**30:.1f} GiB.")
print()
print("Raw:")
print()
print("    " + json.dumps(tr))
for line in t.splitlines():
    if re.search(r"Maximum resident|Elapsed|User time|System time", line):
        print("    " + line.strip())
EOF
  } >"$out"
  echo "wrote $out"
}

sweep() {
  local sizes="${1:-1,2,4,8}" duration="${2:-500}"
  local out=bench/results/large_network_sweep_$day.md
  for storage in stored procedural; do
    "$spikefit" scale --config "$config" --sizes "$sizes" --threads "${THREADS:-1,2}" --storage "$storage" \
      --duration-ms "$duration" --backend cpu --out "bench/results/scale_sbn_${storage}_$day"
  done
  {
    echo "# The SBN from $sizes size factors, stored vs procedural connectivity ($day)"
    echo
    echo "Machine: $machine. spikefit $(git rev-parse --short HEAD). For each storage:"
    echo
    echo "    $spikefit scale --config $config --sizes $sizes --threads ${THREADS:-1,2} --storage STORAGE --duration-ms $duration --backend cpu --out bench/results/scale_sbn_STORAGE_$day"
    echo
    python3 - "bench/results/scale_sbn_stored_$day" "bench/results/scale_sbn_procedural_$day" <<'EOF'
import json, sys
cells = {}
for folder, storage in zip(sys.argv[1:], ("stored", "procedural")):
    for c in json.load(open(f"{folder}/cells.json"))["cells"]:
        cells[(c["neurons"], c["threads"], storage)] = c
print("Wall per simulated second after setup (a batch of one trial), and the process's peak memory.")
print()
print("| neurons | synapses | threads | stored s per simulated s | procedural s per simulated s "
      "| procedural / stored | stored peak MiB | procedural peak MiB |")
print("|---|---|---|---|---|---|---|---|")
for (n, t, storage) in sorted(k for k in cells if k[2] == "stored"):
    s, p = cells[(n, t, "stored")], cells.get((n, t, "procedural"))
    if p is None:
        continue
    per_s = lambda c: ((c["wall_s"] - c["setup_s"]) / (c["simulated_ms"] / 1000)
                       if c["status"] == "ok" else None)
    ws, wp = per_s(s), per_s(p)
    fmt = lambda v, f="{:.2f}": f.format(v) if v is not None else "failed"
    print(f"| {n} | {s.get('synapses') or 0:.3g} | {t} | {fmt(ws)} | {fmt(wp)} | "
          f"{fmt(wp / ws if ws and wp else None)} | {fmt(s['peak_rss_bytes'] / 2**20, '{:.0f}')} | "
          f"{fmt(p['peak_rss_bytes'] / 2**20, '{:.0f}')} |")
EOF
    echo
    for storage in stored procedural; do
      echo "## $storage: summary.txt"
      echo
      sed 's/^/    /' "bench/results/scale_sbn_${storage}_$day/summary.txt"
      echo
    done
  } >"$out"
  echo "wrote $out"
}

case "${1:-}" in
  goal) shift; goal "$@" ;;
  sweep) shift; sweep "$@" ;;
  *) echo "usage: bench/large_network.sh goal|sweep [...]" >&2; exit 2 ;;
esac
