#!/usr/bin/env bash
# The large-network goal of issue 18 and the cost of procedural connectivity, in one run:
#   bench/large_network.sh [SPIKEFIT] [SIZE_FACTOR] [DURATION_MS] [THREADS]
# 1. the SNOPS SBN at size factor SIZE_FACTOR (default 18: 1 012 500 neurons, 1.1e9 synapses)
#    with procedural connectivity, one trial of DURATION_MS (default 1000) on THREADS threads
#    (default 2), under /usr/bin/time -v: wall, peak memory, rates;
# 2. stored vs procedural at size factor 4 (50 000 neurons) on 1 and 2 threads, 1 s each: the
#    compute procedural connectivity adds, and the 2-thread efficiency of one large trial.
# Writes bench/results/large_network_<date>.md (machine, commands, raw JSON, table).
set -euo pipefail
cd "$(dirname "$0")/.."
spikefit="${1:-build/ci/experiments/spikefit}"
size="${2:-18}"
duration="${3:-1000}"
threads="${4:-2}"
config=experiments/configs/snops_sbn.json
out="bench/results/large_network_$(date +%F).md"
raw=$(mktemp -d)

run() {  # name size_factor storage threads duration
  local name=$1
  local cmd=("$spikefit" simulate --config "$config" --set "size_factor=$2"
             --set "connectivity_storage=$3" --trials 1 --threads "$4"
             --duration-ms "$5" --seed 1 --backend cpu --timings --out "$raw/$name.json")
  echo "${cmd[*]}" >"$raw/$name.cmd"
  /usr/bin/time -v "${cmd[@]}" >/dev/null 2>"$raw/$name.time" || echo "$name failed" >&2
}

summary() {  # name -> one markdown row
  python3 - "$raw" "$1" <<'EOF'
import json, re, sys
raw, name = sys.argv[1], sys.argv[2]
t = open(f"{raw}/{name}.time").read()
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
try:
    d = json.load(open(f"{raw}/{name}.json"))
except Exception:
    print(f"| {name} | failed | | | | | | {rss_kb/2**20:.2f} |")
    sys.exit()
tr = d["trials"][0]
sim_s = tr["simulated_ms"] / 1000
rates = tr["rates_hz"]
print(f"| {name} | {tr['status']} | {tr.get('neurons', '')} | {tr.get('synapses', '')} | "
      f"{tr.get('setup_s', float('nan')):.1f} | {tr['wall_s']:.1f} | "
      f"{(tr['wall_s'] - tr.get('setup_s', 0)) / sim_s:.1f} | {rss_kb / 2**20:.2f} | "
      f"{rates.get('E', 0):.2f} / {rates.get('I', 0):.2f} | {tr.get('threads', '')} | {wall} |")
EOF
}

run goal "$size" procedural "$threads" "$duration"
for storage in stored procedural; do
  for t in 1 2; do run "s4_${storage}_t$t" 4 "$storage" "$t" 1000; done
done

{
  echo "# Large networks: the 10^6-neuron SBN and procedural vs stored connectivity ($(date +%F))"
  echo
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB."
  echo "Command: \`bench/large_network.sh $*\` (spikefit $(git rev-parse --short HEAD), CPU backend)."
  echo
  echo "| run | status | neurons | synapses | setup s | wall s | wall s per simulated s (after setup) | peak RSS GiB | rate E / I Hz | threads | /usr/bin/time wall |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for name in goal s4_stored_t1 s4_stored_t2 s4_procedural_t1 s4_procedural_t2; do summary "$name"; done
  echo
  echo "## Raw output"
  for name in goal s4_stored_t1 s4_stored_t2 s4_procedural_t1 s4_procedural_t2; do
    echo
    echo "### $name"
    echo '```'
    cat "$raw/$name.cmd"
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d['trials'][0]))" "$raw/$name.json" 2>/dev/null || true
    grep -E "Maximum resident|Elapsed|User time|System time" "$raw/$name.time" || true
    echo '```'
  done
} >"$out"
echo "wrote $out"
