#!/usr/bin/env bash
# End-to-end benchmark: the SNOPS short-demo fit (scripts/run.sh's fit) on this machine, with
# its wall time, evaluations and the incumbent's replicate-mean cost (goal <= 2.0), written to
# bench/results/fit_short_demo_<date>.md. Usage: bench/fit_short_demo.sh [fit options], which
# replace the default search options "--batch 8 --initial 16 --max-evals 96 --max-minutes 9
# --seed 1" (e.g. --batch 16 --max-evals 200 --strategy mixed --backend cuda). Runs build/release/experiments/spikefit
# or $SPIKEFIT_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SPIKEFIT_BIN:-build/release/experiments/spikefit}
stamp=$(date -u +%Y-%m-%dT%H%MZ)
work=$(mktemp -d)
study="$work/fit_short_demo.sqlite"
search=(--batch 8 --initial 16 --max-evals 96 --max-minutes 9 --seed 1)
if (($#)); then search=("$@"); fi
args=(fit --config experiments/configs/snops_short_demo.json
  --target experiments/targets/snops_demo_targets.json --target-name short_demo_sbn_simu
  --study "$study" "${search[@]}")
start=$(date +%s.%N)
"$bin" "${args[@]}" > "$work/fit.log" 2>&1
end=$(date +%s.%N)
"$bin" report --study "$study" --out "$work/report" > "$work/report.log" 2>&1
out="bench/results/fit_short_demo_${stamp%T*}.md"
{
  echo "# SNOPS short-demo fit (2 free parameters, 10-s SBN runs)"
  echo
  echo "- date: $stamp, commit $(git rev-parse --short HEAD)"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
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
          f"replicate costs {[round(c, 3) for c in inc['replicate_costs']]}, parameters {inc['parameters']}")
    print(f"- goal (incumbent replicate mean <= 2.0): {'met' if inc['mean_cost'] <= 2.0 else 'not met'}")
PY
  echo
  echo "## Raw output"
  echo
  echo '```'
  cat "$work/fit.log" "$work/report.log"
  echo '```'
} > "$out"
echo "wrote $out"
