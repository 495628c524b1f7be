#!/usr/bin/env bash
# End-to-end benchmark: a DBS frequency x amplitude sweep of the parkinsonian So 2012 network
# (bg_so2012_pd_dbs.json), beta.STN, error_index and rate.STN per cell with their heat maps, and
# the cost against target pd_primate; written to bench/results/bg_dbs_sweep_<date>.md with the
# sweep files and heat maps under bench/results/bg_dbs_sweep_<date>/. Usage:
# bench/bg_dbs_sweep.sh [sweep options], which replace the defaults "--grid
# dbs.frequency_hz=20,50,80,130,180 --grid dbs.amplitude=0,100,200,300 --replicates 2
# --duration-ms 2500 --seed 1". Runs build/release/experiments/spikefit or $SPIKEFIT_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SPIKEFIT_BIN:-build/release/experiments/spikefit}
stamp=$(date -u +%Y-%m-%dT%H%MZ)
day=${stamp%T*}
dir="bench/results/bg_dbs_sweep_${day}"
mkdir -p "$dir"
grid=(--grid dbs.frequency_hz=20,50,80,130,180 --grid dbs.amplitude=0,100,200,300 --replicates 2
  --duration-ms 2500 --seed 1)
if (($#)); then grid=("$@"); fi
args=(sweep --config experiments/configs/bg_so2012_pd_dbs.json
  --target experiments/targets/bg_primate_targets.json --target-name pd_primate
  --plot beta.STN --plot error_index --plot rate.STN --plot cost --out "$dir" "${grid[@]}")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
"$bin" "${args[@]}" > "$dir/sweep.log" 2>&1
end=$(date +%s.%N)
rm -f "$dir"/*.gp "$dir"/*.dat
out="bench/results/bg_dbs_sweep_${day}.md"
{
  echo "# DBS frequency x amplitude sweep of the parkinsonian So 2012 network"
  echo
  echo "- date: $stamp, commit $(git rev-parse --short HEAD)"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB;"
  echo "  shared with the other engineers' builds and runs (load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "- command: spikefit ${args[*]}"
  echo "- wall time: $(python3 -c "print(round($end - $start, 1))") s"
  echo "- heat maps: $dir/sweep_beta.STN.png, sweep_error_index.png, sweep_rate.STN.png, sweep_cost.png"
  echo
  python3 - "$dir/sweep.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = [a["name"] for a in d["axes"]]
stats = ["beta.STN", "error_index", "rate.STN", "rate.GPe", "rate.GPi", "cost"]
print("| " + " | ".join(names + ["feasible"] + stats) + " |")
print("|" + "---|" * (len(names) + 1 + len(stats)))
for c in d["cells"]:
    row = [f"{c['values'][n]:g}" for n in names] + [f"{c['feasible']}/{c['replicates']}"]
    for s in stats:
        v = c["statistics"].get(s)
        if not v or v["mean"] is None:
            row.append("-")
        else:
            se = v["se"]
            row.append(f"{v['mean']:.3g}" + ("" if se is None else f" ± {se:.2g}"))
    print("| " + " | ".join(row) + " |")
PY
  echo
  echo "## Raw output"
  echo
  echo '```'
  cat "$dir/sweep.log"
  echo '```'
} > "$out"
echo "wrote $out"
