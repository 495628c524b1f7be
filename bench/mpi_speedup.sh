#!/usr/bin/env bash
# 1 -> 2 MPI ranks on an evaluation-bound fit: the SNOPS short-demo SBN (3125 neurons) with 2-s
# runs, 48 evaluations in rounds of 16, run as 1 process x 1 thread, mpirun -n 2 x 1 thread,
# 1 process x 2 threads (the strongest single process here), mpirun -n 1 x 1 thread (MPI's own
# cost) and mpirun -n 2 with Open MPI's default binding (each rank on one core), in that order,
# REPEATS times (default 1). The other MPI runs use --bind-to none: rank 0 then has the cores of
# a plain process, whose count sets the model fits' BLAS threads and so the proposals' last
# bits. Checks that every run stored the evaluations of the first (sqlite3, timings left out)
# and writes the summary and the raw output to OUT (default bench/results/mpi_speedup_<date>.md).
# EVALS (default 48) sets --max-evals; FIT_FLAGS are added to every fit (e.g. FIT_FLAGS=--overlap:
# rank 0 proposes the next round while the ranks evaluate); LAYOUTS (e.g. "1x1 2x1") runs only
# those layouts. Runs build/ci/experiments/spikefit or $SPIKEFIT_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${SPIKEFIT_BIN:-build/ci/experiments/spikefit}")
repeats=${1:-1}
out=${2:-bench/results/mpi_speedup_$(date -u +%Y-%m-%d).md}
work=$(mktemp -d)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fit=(fit --config experiments/configs/snops_short_demo.json --duration-ms 2000
  --target experiments/targets/snops_demo_targets.json --target-name short_demo_sbn_simu
  --batch 16 --initial 16 --max-evals ${EVALS:-48} --seed 1 --backend cpu ${FIT_FLAGS:-})
mpirun=(mpirun --oversubscribe --allow-run-as-root)
layouts=("1x1:" "2x1:${mpirun[*]} --bind-to none -n 2" "1x2:" "mpi1x1:${mpirun[*]} --bind-to none -n 1"
  "2x1core:${mpirun[*]} -n 2")
if [[ -n ${LAYOUTS:-} ]]; then
  chosen=()
  for layout in "${layouts[@]}"; do
    [[ " $LAYOUTS " == *" ${layout%%:*} "* ]] && chosen+=("$layout")
  done
  layouts=("${chosen[@]}")
fi
raw="$work/raw.txt"
summary="$work/summary.txt"
{
  echo "| run | layout | wall s | evaluation s (sum of batches) | idle of batches | idle with the waits |"
  echo "|---|---|---|---|---|---|"
} > "$summary"
same() {  # the evaluations of a study, without timings
  sqlite3 "$1" "select round, slot, point, x, trial_seed, source, stage, feasible, reason, cost, errors, json_remove(statistics, '$.trial_wall_s') from evaluations order by round, slot"
}
for ((rep = 1; rep <= repeats; ++rep)); do
  for layout in "${layouts[@]}"; do
    name=${layout%%:*}
    launcher=${layout#*:}
    threads=1
    [[ $name == 1x2 ]] && threads=2
    study="$work/$name-$rep.sqlite"
    cmd="$launcher $bin ${fit[*]} --study $study --threads $threads"
    echo "## $name (repeat $rep): $cmd" >> "$raw"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$raw"
    start=$(date +%s.%N)
    $cmd >> "$raw" 2>&1
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    printf 'wall %.1f s\n\n' "$wall" >> "$raw"
    mpi_line=$(grep "^MPI:" "$raw" | tail -1 || true)
    if [[ $name == 2x1* && -n $mpi_line ]]; then
      eval_s=$(sed -E 's/.*batches. ([0-9.]+) s.*/\1/' <<< "$mpi_line")
      idle=$(sed -E 's/.*idle ([0-9.]+%) of the batches.*/\1/' <<< "$mpi_line")
      idle_all=$(sed -E 's/.*, ([0-9.]+%) with the.*/\1/' <<< "$mpi_line")
    else
      eval_s="" idle="" idle_all=""
    fi
    printf '| %d | %s | %.1f | %s | %s | %s |\n' "$rep" "$name" "$wall" "$eval_s" "$idle" "$idle_all" >> "$summary"
    if [[ -n ${reference:-} ]] && ! cmp -s <(same "$reference") <(same "$study"); then
      echo "DIFFERENT evaluations: $name repeat $rep vs the first run" | tee -a "$work/different.txt"
    fi
    reference=${reference:-$study}
    echo "$name repeat $rep: $wall s" >&2
  done
done
{
  echo "# MPI: 1 -> 2 ranks on an evaluation-bound fit"
  echo
  echo "- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB; $(mpirun --version | head -1)"
  echo "- Commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)')"
  echo "- Command: ${EVALS:+EVALS=$EVALS }${FIT_FLAGS:+FIT_FLAGS=\"$FIT_FLAGS\" }${LAYOUTS:+LAYOUTS=\"$LAYOUTS\" }bench/mpi_speedup.sh $repeats"
  echo "- Layouts: RANKSxTHREADS; mpi1x1 is mpirun -n 1 (MPI initialised, one rank); 2x1core is"
  echo "  mpirun -n 2 with Open MPI's default binding (a core per rank), the others --bind-to none"
  echo
  cat "$summary"
  echo
  echo "Every study has the evaluations of the first (sqlite3, timings left out) but:"
  cat "$work/different.txt" 2>/dev/null || echo "none differs"
  echo
  echo "## Raw output"
  echo
  echo '```'
  cat "$raw"
  echo '```'
} > "$out"
echo "wrote $out"
