#!/usr/bin/env bash
# CPU engine speed and the float32 state option, in one run:
#   bench/state_precision.sh NEW/spikefit [OLD/spikefit] [TRIALS]
# For each of TRIALS realisations of the SNOPS short demo (10-s runs, one thread, one trial at a
# time), runs OLD (float64, if given), NEW float64 and NEW float32 back to back on the same seed
# and prints one JSON line per run: trial wall and setup seconds, rates, and SNOPS's statistics
# and cost against target short_demo_sbn_simu. Then summarises: seconds per simulated second
# (wall minus setup), the speed-ups, and every statistic's mean, sd and the float32-float64
# difference in standard errors (unpaired, and paired by seed). FIRST_TRIAL=k starts at trial k.
set -euo pipefail
new="$1"; old="${2:-}"; trials="${3:-6}"; first="${FIRST_TRIAL:-0}"
cd "$(dirname "$0")/.."
config=experiments/configs/snops_short_demo.json
target=(--target experiments/targets/snops_demo_targets.json --target-name short_demo_sbn_simu)
out=$(mktemp -d)
run() {  # label binary trial [--set ...]
  local label="$1" binary="$2" k="$3"; shift 3
  "$binary" simulate --config "$config" --trials 1 --first-trial "$k" --seed 11 --threads 1 \
    --backend cpu --timings --stats "${target[@]}" "$@" --out "$out/$label-$k.json" >/dev/null
  python3 - "$label" "$out/$label-$k.json" <<'EOF'
import json, sys
label, path = sys.argv[1], sys.argv[2]
d = json.load(open(path))
t = d["trials"][0]
line = {"run": label, "trial": t.get("trial", None), "status": t["status"],
        "wall_s": t["wall_s"], "setup_s": t["setup_s"], "duration_ms": d["duration_ms"],
        "cost": t.get("cost"), "statistics": {k: v for k, v in t.get("statistics", {}).items()
                                               if not isinstance(v, (list, dict))}}
line["statistics"]["rate_i_hz"] = t["rate_i_hz"]
print(json.dumps(line))
EOF
}
{
  for ((k = first; k < first + trials; ++k)); do
    if [[ -n "$old" ]]; then run old "$old" "$k"; fi
    run float64 "$new" "$k"
    run float32 "$new" "$k" --set simulation.precision=float32
  done
} | tee "$out/lines.jsonl"
python3 - "$out/lines.jsonl" <<'EOF'
import json, math, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault(r["run"], []).append(r)
def per_sim_s(r):
    return (r["wall_s"] - r["setup_s"]) / (r["duration_ms"] / 1000)
print("\n| run | s per simulated s (median) | setup s (median) |\n|---|---|---|")
med = {}
for label, rs in by.items():
    med[label] = statistics.median(per_sim_s(r) for r in rs)
    print(f"| {label} | {med[label]:.3f} | {statistics.median(r['setup_s'] for r in rs):.3f} |")
if "old" in med:
    print(f"\nfloat64 speed-up over old: {med['old'] / med['float64']:.2f}x; "
          f"float32 over old: {med['old'] / med['float32']:.2f}x")
print(f"float32 over float64: {med['float64'] / med['float32']:.2f}x")
names = ["cost", "rate", "fano", "rsc_fisher_z", "pct_shared", "d_shared", "rate_i_hz"]
def values(label, name):
    out = []
    for r in by[label]:
        v = r["cost"] if name == "cost" else r["statistics"].get(name)
        if isinstance(v, (int, float)) and v is not None and math.isfinite(v):
            out.append(v)
    return out
print("\n| statistic | float64 mean ± sd | float32 mean ± sd | difference / se | paired difference / se |"
      "\n|---|---|---|---|---|")
for name in names:
    a, b = values("float64", name), values("float32", name)
    if len(a) < 2 or len(b) < 2:
        continue
    se = math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b))
    diff = statistics.mean(b) - statistics.mean(a)
    # The same seed gives both precisions the same connectivity, input spikes and initial state.
    pairs = [(x, y) for x, y in zip(a, b)] if len(a) == len(b) else []
    paired = [y - x for x, y in pairs]
    paired_se = statistics.stdev(paired) / math.sqrt(len(paired)) if len(paired) > 1 else 0
    print(f"| {name} | {statistics.mean(a):.4g} ± {statistics.stdev(a):.2g} | "
          f"{statistics.mean(b):.4g} ± {statistics.stdev(b):.2g} | "
          f"{diff / se if se > 0 else float('nan'):+.2f} | "
          f"{statistics.mean(paired) / paired_se if paired_se > 0 else float('nan'):+.2f} |")
EOF
rm -rf "$out"
