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
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
"$bin" "${args[@]}" > "$work/fit.log" 2>&1
end=$(date +%s.%N)
"$bin" report --study "$study" --out "$work/report" > "$work/report.log" 2>&1
day=${stamp%T*}
out="bench/results/bg_fit_pd_${day}.md"
mkdir -p "bench/results/bg_fit_pd_${day}"
cp "$work/report/statistics.png" "$work/report/cost_vs_evaluations.png" "$work/report/report.json" \
  "bench/results/bg_fit_pd_${day}/" 2>/dev/null || true
{
  echo "# Parkinsonian basal-ganglia fit (So 2012 network, 10 free parameters, target pd_primate)"
  echo
  echo "- date: $stamp, commit $(git rev-parse --short HEAD)"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB;"
  echo "  shared with the other engineers' builds and runs (load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "- command: spikefit ${args[*]//$work\//}"
  echo "- wall time: $(python3 -c "print(round($end - $start, 1))") s"
  python3 - "$work/report/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
inc = r["incumbent"]
print(f"- evaluations: {r['evaluations']} ({r['feasible_evaluations']} feasible) in {r['rounds']} rounds")
if inc:
    se = inc["se_cost"]
    print(f"- incumbent: cost {inc['mean_cost']:.4g} (replicate mean of {inc['evaluations']}; SE {se if se is None else round(se, 3)}), "
          f"replicate costs {[round(c, 3) for c in inc['replicate_costs']]}")
    print(f"- incumbent parameters: {json.dumps({k: round(v, 4) for k, v in inc['parameters'].items()})}")
    print()
    print("| statistic | target | normaliser var | incumbent mean | incumbent sd | (fit - target)/sqrt(var) |")
    print("|---|---|---|---|---|---|")
    for row in r["statistics"]:
        f = lambda v: "-" if v is None else f"{v:.4g}"
        print(f"| {row['statistic']} | {f(row.get('target'))} | {f(row.get('normaliser'))} | {f(row.get('fit_mean'))} | {f(row.get('fit_sd'))} | {f(row.get('z_mean'))} |")
PY
  echo
  echo "## Raw output"
  echo
  echo '```'
  cat "$work/fit.log" "$work/report.log"
  echo '```'
} > "$out"
echo "wrote $out"
