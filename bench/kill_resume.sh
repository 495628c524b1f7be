#!/usr/bin/env bash
# Reliability benchmark (issue 21): kills a fit with SIGKILL at random moments, resumes it each
# time, and checks that the final study equals an uninterrupted run's: the same evaluations
# (round, slot, point, parameters, trial seed, source, stage, feasibility, cost, statistics),
# nothing lost, nothing repeated. Then kills `report` while it writes and checks that a rerun
# gives the report.json of an uninterrupted report. Writes bench/results/kill_resume_<date>.md.
# Usage: bench/kill_resume.sh [KILLS=50] [SEED=1]. Runs build/release/experiments/spikefit or
# $SPIKEFIT_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SPIKEFIT_BIN:-build/release/experiments/spikefit}
kills_wanted=${1:-50}
RANDOM=${2:-1}
work=$(mktemp -d)
stamp=$(date -u +%Y-%m-%dT%H%MZ)
# The short demo with 2-s runs: about a second per evaluation, so that kills land in every phase
# (start-up, simulation, GP fitting, SQLite writes).
fit_args=(fit --config experiments/configs/snops_short_demo.json
  --target experiments/targets/snops_demo_targets.json --target-name short_demo_sbn_simu
  --duration-ms 2000 --batch 4 --initial 4 --max-evals 32 --chunk 1 --threads 1 --seed 7)

rows() {  # the study's evaluations, one line each, in storage order, without their timings
  python3 - "$1" <<'PY'
import json, sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(
        "SELECT round, slot, point, x, trial_seed, source, stage, feasible, reason, cost, errors, "
        "statistics FROM evaluations ORDER BY id"):
    statistics = json.loads(row[-1])
    statistics.pop("trial_wall_s", None)
    print(row[:-1], json.dumps(statistics, sort_keys=True))
PY
}

start=$(date +%s.%N)
"$bin" "${fit_args[@]}" --study "$work/reference.sqlite" > "$work/reference.log" 2>&1
reference_s=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")

kills=0 runs=0
log="$work/killed.log"
while true; do
  resume=()
  [[ -e "$work/killed.sqlite" ]] && resume=(--resume)
  runs=$((runs + 1))
  "$bin" "${fit_args[@]}" --study "$work/killed.sqlite" "${resume[@]}" >> "$log" 2>&1 &
  pid=$!
  delay=$(python3 -c "import random; random.seed($RANDOM); print(round(random.uniform(0.05, 4.0), 3))")
  sleep "$delay"
  if kill -0 "$pid" 2> /dev/null && ((kills < kills_wanted)); then
    kill -9 "$pid" 2> /dev/null || true
    wait "$pid" || true
    kills=$((kills + 1))
    echo "kill $kills after ${delay} s: $(sqlite3 "$work/killed.sqlite" 'SELECT count(*) FROM evaluations' 2> /dev/null || echo 'no study yet') evaluations stored" >> "$work/kills.txt"
  else
    wait "$pid"
    break
  fi
done

same_fit=no
if cmp -s <(rows "$work/reference.sqlite") <(rows "$work/killed.sqlite"); then same_fit=yes; fi
stored=$(sqlite3 "$work/killed.sqlite" 'SELECT count(*) FROM evaluations')
distinct=$(sqlite3 "$work/killed.sqlite" 'SELECT count(*) FROM (SELECT DISTINCT round, slot FROM evaluations)')

"$bin" report --study "$work/killed.sqlite" --out "$work/report" > /dev/null 2>&1
mv "$work/report/report.json" "$work/report_once.json"
report_kills=0
for k in 1 2 3 4 5 6 7 8 9 10; do
  "$bin" report --study "$work/killed.sqlite" --out "$work/report" > /dev/null 2>&1 &
  pid=$!
  sleep "$(python3 -c "import random; random.seed($RANDOM); print(round(random.uniform(0.01, 1.5), 3))")"
  if kill -9 "$pid" 2> /dev/null; then report_kills=$((report_kills + 1)); fi
  wait "$pid" || true
done
"$bin" report --study "$work/killed.sqlite" --out "$work/report" > /dev/null 2>&1
same_report=no
if cmp -s "$work/report_once.json" "$work/report/report.json"; then
  same_report=yes
fi

out="bench/results/kill_resume_${stamp%T*}.md"
{
  echo "# Kills at random moments: fit and report resumed after SIGKILL"
  echo
  echo "- date: $stamp, commit $(git rev-parse --short HEAD)"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "- command: bench/kill_resume.sh $kills_wanted ${2:-1}; fit: spikefit ${fit_args[*]}"
  echo "- uninterrupted fit: ${reference_s} s, $(sqlite3 "$work/reference.sqlite" 'SELECT count(*) FROM evaluations') evaluations"
  echo "- killed fit: $kills SIGKILLs over $runs starts; $stored evaluations stored, $distinct distinct (round, slot)"
  echo "- final study equal to the uninterrupted one, evaluation by evaluation: **$same_fit**"
  echo "- report killed $report_kills times while writing, then rerun: report.json equal to an uninterrupted report's: **$same_report**"
  echo
  echo "## Kills"
  echo
  echo '```'
  cat "$work/kills.txt" 2> /dev/null || true
  echo '```'
  echo
  echo "(scratch folder: $work)"
} > "$out"
echo "wrote $out"
[[ $same_fit == yes && $same_report == yes && $stored == "$distinct" ]]
