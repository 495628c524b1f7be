#!/usr/bin/env bash
# Reliability benchmark (issue 21): kills a fit with SIGKILL at random moments, resumes it each
# time, and checks that the final study equals an uninterrupted run's: the same evaluations
# (round, slot, point, parameters, trial seed, source, stage, feasibility, cost, statistics),
# nothing lost, nothing repeated. Then kills `report` while it writes and checks that a rerun
# gives the report.json of an uninterrupted report; then kills a `sweep` at random moments,
# resumes it (--resume) and compares its sweep.json (without wall times) with an uninterrupted
# sweep's. Writes bench/results/kill_resume_<date>.md.
# Usage: bench/kill_resume.sh [KILLS=50] [SEED=1] [SWEEP_KILLS=20]. Runs
# build/release/experiments/spikefit or $SPIKEFIT_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SPIKEFIT_BIN:-build/release/experiments/spikefit}
kills_wanted=${1:-50}
RANDOM=${2:-1}
sweep_kills_wanted=${3:-20}
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

# kill_until_done NAME MAX_DELAY WANTED RESUME_IF COUNT CMD...: starts CMD (with --resume once the
# file RESUME_IF exists) and SIGKILLs it after a random delay up to MAX_DELAY s, WANTED times or
# until a run finishes first; COUNT is a function printing what is stored. Sets kills and runs;
# one line per kill in $work/NAME_kills.txt.
kill_until_done() {
  local name=$1 max_delay=$2 wanted=$3 resume_if=$4 count=$5 pid delay resume
  shift 5
  kills=0 runs=0
  while true; do
    resume=()
    [[ -e "$resume_if" ]] && resume=(--resume)
    runs=$((runs + 1))
    "$@" "${resume[@]}" >> "$work/${name}_killed.log" 2>&1 &
    pid=$!
    delay=$(python3 -c "import random; random.seed($RANDOM); print(round(random.uniform(0.05, $max_delay), 3))")
    sleep "$delay"
    if kill -0 "$pid" 2> /dev/null && ((kills < wanted)); then
      kill -9 "$pid" 2> /dev/null || true
      wait "$pid" || true
      kills=$((kills + 1))
      echo "$name kill $kills after ${delay} s: $($count) stored" >> "$work/${name}_kills.txt"
    else
      wait "$pid"
      return
    fi
  done
}
stored_evaluations() {
  echo "$(sqlite3 "$work/killed.sqlite" 'SELECT count(*) FROM evaluations' 2> /dev/null || echo 0) evaluations"
}
# Kill delays up to 3 evaluations' time of the uninterrupted run (so they land in every phase of
# the loop on a loaded machine too).
fit_delay=$(python3 -c "print(round(3 * $reference_s / 32, 2))")
kill_until_done fit "$fit_delay" "$kills_wanted" "$work/killed.sqlite" stored_evaluations \
  "$bin" "${fit_args[@]}" --study "$work/killed.sqlite"
fit_kills=$kills fit_runs=$runs

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

# The same 2-s runs on a 4 x 3 grid, 2 replicates, one cell per simulated batch.
sweep_args=(sweep --config experiments/configs/snops_short_demo.json
  --target experiments/targets/snops_demo_targets.json --target-name short_demo_sbn_simu
  --duration-ms 2000 --grid taudsynI=2:20:4 --grid mean_sigmaRRIs=0:0.2:3 --replicates 2
  --chunk 2 --threads 1 --seed 7)
sweep_document() {  # sweep.json without its wall times
  python3 - "$1" <<'PY'
import json, sys
def strip(j):
    if isinstance(j, dict):
        return {k: strip(v) for k, v in j.items() if k not in ("wall_s", "trial_wall_s")}
    if isinstance(j, list):
        return [strip(v) for v in j]
    return j
print(json.dumps(strip(json.load(open(sys.argv[1]))), sort_keys=True, indent=1))
PY
}
start=$(date +%s.%N)
"$bin" "${sweep_args[@]}" --out "$work/sweep_reference" > "$work/sweep_reference.log" 2>&1
sweep_reference_s=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
stored_cells() {
  echo "$(($(wc -l < "$work/sweep_killed/sweep.journal" 2> /dev/null || echo 1) - 1)) cells"
}
sweep_delay=$(python3 -c "print(round(2.5 * $sweep_reference_s / 12, 2))")  # 2.5 cells' time
kill_until_done sweep "$sweep_delay" "$sweep_kills_wanted" "$work/sweep_killed/sweep.journal" stored_cells \
  "$bin" "${sweep_args[@]}" --out "$work/sweep_killed"
sweep_kills=$kills sweep_runs=$runs
same_sweep=no
if cmp -s <(sweep_document "$work/sweep_reference/sweep.json") \
  <(sweep_document "$work/sweep_killed/sweep.json"); then
  same_sweep=yes
fi

out="bench/results/kill_resume_${stamp%T*}.md"
{
  echo "# Kills at random moments: fit, report and sweep resumed after SIGKILL"
  echo
  echo "- date: $stamp, commit $(git rev-parse --short HEAD)"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "- command: bench/kill_resume.sh $kills_wanted ${2:-1} $sweep_kills_wanted; fit: spikefit ${fit_args[*]}; sweep: spikefit ${sweep_args[*]}"
  echo "- uninterrupted fit: ${reference_s} s, $(sqlite3 "$work/reference.sqlite" 'SELECT count(*) FROM evaluations') evaluations"
  echo "- killed fit: $fit_kills SIGKILLs (after 0.05-$fit_delay s) over $fit_runs starts; $stored evaluations stored, $distinct distinct (round, slot)"
  echo "- final study equal to the uninterrupted one, evaluation by evaluation: **$same_fit**"
  echo "- report killed $report_kills times while writing, then rerun: report.json equal to an uninterrupted report's: **$same_report**"
  echo "- uninterrupted sweep: ${sweep_reference_s} s; killed sweep: $sweep_kills SIGKILLs (after 0.05-$sweep_delay s) over $sweep_runs starts; sweep.json (without wall times) equal to the uninterrupted sweep's: **$same_sweep**"
  echo "- kills survived in all: $((fit_kills + report_kills + sweep_kills))"
  echo
  echo "## Kills"
  echo
  echo '```'
  cat "$work/fit_kills.txt" "$work/sweep_kills.txt" 2> /dev/null || true
  echo '```'
  echo
  echo "(scratch folder: $work)"
} > "$out"
echo "wrote $out"
[[ $same_fit == yes && $same_report == yes && $same_sweep == yes && $stored == "$distinct" ]]
