#!/usr/bin/env bash
# Fuzzing benchmark (issue 21): runs each libFuzzer target of fuzz/ for MINUTES minutes from its
# committed seed corpus (fuzz/corpus/<target>; new inputs go to a scratch folder), prints the
# executions per target and writes bench/results/fuzz_<date>.md with the raw final statistics.
# A crash, sanitizer report, leak, timeout (10 s), out-of-memory or unexpected exception stops
# that target (a target run with -fork=1 -ignore_ooms=1 in its fuzz/<target>.options goes on past
# out-of-memory inputs); the inputs are kept under bench/results/fuzz_<date and time>_artifacts/.
# Usage: bench/fuzz.sh [MINUTES=5] [TARGET...] (targets without the _fuzzer suffix: model_config
# set_override target_file count_csv spike_csv study_file nwb mat; default all that are built).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-5}
shift || true
build=build/sanitize
[[ -f $build/CMakeCache.txt ]] || cmake --preset sanitize > /dev/null
cmake --build $build --target fuzzers -j "${FUZZ_BUILD_JOBS:-2}" > /dev/null
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in $build/fuzz/*_fuzzer; do
    f=${f##*/}
    targets+=("${f%_fuzzer}")
  done
fi

stamp=$(date -u +%Y-%m-%dT%H%MZ)
artifacts="bench/results/fuzz_${stamp}_artifacts"
work=$(mktemp -d -p "$( [[ -w /dev/shm ]] && echo /dev/shm || echo "${TMPDIR:-/tmp}")")
trap 'rm -rf "$work"' EXIT
source fuzz/fuzz_env.sh
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
  if [[ -z $execs ]]; then  # -fork mode: "#EXECS: cov: ... exec/s N oom/timeout/crash: ..."
    execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
    seconds=$((${execs:-0} / (minutes * 60)))
  fi
  found=$(find "$work/artifacts/$t" -type f | wc -l)
  kinds=""
  for kind in crash leak timeout oom; do
    kinds+=" $(find "$work/artifacts/$t" -name "$kind-*" | wc -l) |"
  done
  if ((found > 0)); then
    mkdir -p "$artifacts/$t"
    cp "$work/artifacts/$t"/* "$artifacts/$t/"
    failed=1
  fi
  echo "$t: ${execs:-?} executions (${seconds:-?}/s), exit $rc, $found inputs kept (crash/leak/timeout/oom)"
  rows+=("| $t | ${execs:-?} | ${seconds:-?} | $(ls "$work/$t" | wc -l) |$kinds $rc |")
  raw+=("### $t" "" '```' "$(grep -E '^(stat::|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written|#[0-9]+ *DONE|terminate called|  what\(\)|INFO: (log from|exiting|fuzzed for))' "$log"; grep -E '^#[0-9]+: cov:' "$log" | tail -1 || true)" '```' "")
done

name="fuzz_${stamp%T*}"
for k in 2 3 4 5 6 7 8 9; do  # a second run on the same day gets its own file
  [[ -e bench/results/$name.md ]] || break
  name="fuzz_${stamp%T*}_$k"
done
out="bench/results/$name.md"
{
  echo "# Fuzzing: executions per target, crashes found"
  echo
  echo "- date: $stamp, commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' || echo ' (with uncommitted changes)')"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; $(clang++ --version | head -1)"
  echo "- command: bench/fuzz.sh $minutes ${targets[*]}"
  echo "- each target: build/sanitize/fuzz/<target>_fuzzer -max_total_time=$((minutes * 60)) -rss_limit_mb=2048 -timeout=10 [fuzz/<target>.options] -print_final_stats=1 <scratch> fuzz/corpus/<target> (one target at a time, one process each), LSAN_OPTIONS=suppressions=fuzz/lsan.supp"
  for t in "${targets[@]}"; do
    [[ -f fuzz/$t.options ]] && echo "- $t extra flags: $(options "$t")"
  done
  echo
  echo "| target | executions | exec/s | new inputs | crash | leak | timeout | oom | exit |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "## Raw final statistics"
  echo
  printf '%s\n' "${raw[@]}"
} > "$out"
echo "wrote $out"
exit $failed
