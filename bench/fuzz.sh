#!/usr/bin/env bash
# Fuzzing benchmark (issue 21): runs each libFuzzer target of fuzz/ for MINUTES minutes from its
# committed seed corpus (fuzz/corpus/<target>; new inputs go to a scratch folder), prints the
# executions per target and writes bench/results/fuzz_<date>.md with the raw final statistics.
# A crash, sanitizer report, leak, timeout (10 s) or unexpected exception stops that target; its
# input is kept under bench/results/fuzz_<date>_artifacts/.
# Usage: bench/fuzz.sh [MINUTES=5] [TARGET...] (targets without the _fuzzer suffix: model_config
# set_override target_file count_csv spike_csv study_file nwb mat; default all that are built).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-5}
shift || true
build=build/fuzz
[[ -f $build/CMakeCache.txt ]] || cmake --preset fuzz > /dev/null
cmake --build $build --target fuzzers -j "${FUZZ_BUILD_JOBS:-2}" > /dev/null
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in $build/fuzz/*_fuzzer; do
    f=${f##*/}
    targets+=("${f%_fuzzer}")
  done
fi

stamp=$(date -u +%Y-%m-%dT%H%MZ)
out="bench/results/fuzz_${stamp%T*}.md"
artifacts="bench/results/fuzz_${stamp%T*}_artifacts"
work=$(mktemp -d -p "$( [[ -w /dev/shm ]] && echo /dev/shm || echo "${TMPDIR:-/tmp}")")
trap 'rm -rf "$work"' EXIT
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp"
# A malloc too large for the machine returns null, as glibc's does, instead of aborting: HDF5 and
# libmatio check for it; in spikefit's own code it is a std::bad_alloc, which the targets report.
export ASAN_OPTIONS="allocator_may_return_null=1"
# A target's extra libFuzzer flags: fuzz/<target>.options without its # comment lines.
options() { [[ -f fuzz/$1.options ]] && grep -v "^#" "fuzz/$1.options" || true; }
rows=() raw=() failed=0
for t in "${targets[@]}"; do
  mkdir -p "$work/$t" "$work/artifacts/$t"
  log="$work/$t.log"
  rc=0
  # shellcheck disable=SC2046
  TMPDIR=$work "$build/fuzz/${t}_fuzzer" -max_total_time=$((minutes * 60)) -rss_limit_mb=2048 \
    -timeout=10 $(options "$t") -print_final_stats=1 -artifact_prefix="$work/artifacts/$t/" \
    "$work/$t" "fuzz/corpus/$t" > "$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  seconds=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  found=$(find "$work/artifacts/$t" -type f | wc -l)
  if ((found > 0)); then
    mkdir -p "$artifacts/$t"
    cp "$work/artifacts/$t"/* "$artifacts/$t/"
    failed=1
  fi
  echo "$t: ${execs:-?} executions (${seconds:-?}/s), exit $rc, $found crash inputs"
  rows+=("| $t | ${execs:-?} | ${seconds:-?} | $(ls "$work/$t" | wc -l) | $found | $rc |")
  raw+=("### $t" "" '```' "$(grep -E '^(stat::|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written|#[0-9]+ *DONE|terminate called|  what\(\))' "$log")" '```' "")
done

{
  echo "# Fuzzing: executions per target, crashes found"
  echo
  echo "- date: $stamp, commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' || echo ' (with uncommitted changes)')"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; $(clang++ --version | head -1)"
  echo "- command: bench/fuzz.sh $minutes ${targets[*]}"
  echo "- each target: build/fuzz/fuzz/<target>_fuzzer -max_total_time=$((minutes * 60)) -rss_limit_mb=2048 -timeout=10 [fuzz/<target>.options] -print_final_stats=1 <scratch> fuzz/corpus/<target> (one target at a time, one process each), LSAN_OPTIONS=suppressions=fuzz/lsan.supp"
  for t in "${targets[@]}"; do
    [[ -f fuzz/$t.options ]] && echo "- $t extra flags: $(options "$t")"
  done
  echo
  echo "| target | executions | exec/s | new inputs | crash inputs | exit |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "## Raw final statistics"
  echo
  printf '%s\n' "${raw[@]}"
} > "$out"
echo "wrote $out"
exit $failed
