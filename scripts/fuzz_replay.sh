#!/usr/bin/env bash
# Builds the libFuzzer targets (sanitize preset) and replays every committed corpus input
# (fuzz/corpus/<target>), then fuzzes each target briefly from its corpus (new inputs go to a
# scratch folder). Fails on any crash, sanitizer report, leak, timeout or unexpected exception. The brief run has a fixed
# seed (-seed=1): every run tries the same inputs (a slower machine fewer of them), so CI does not
# fail at random on a new finding of its own; bench/fuzz.sh is the place to explore.
# Usage: scripts/fuzz_replay.sh [SECONDS_PER_TARGET=20]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
cmake --preset sanitize > /dev/null
cmake --build --preset sanitize --target fuzzers -j "${FUZZ_BUILD_JOBS:-2}"
work=$(mktemp -d -p "$( [[ -w /dev/shm ]] && echo /dev/shm || echo "${TMPDIR:-/tmp}")")
trap 'rm -rf "$work"' EXIT
source fuzz/fuzz_env.sh
for fuzzer in build/sanitize/fuzz/*_fuzzer; do
  t=${fuzzer##*/}
  t=${t%_fuzzer}
  mkdir -p "$work/$t"
  echo "fuzz_replay: $t: $(ls "fuzz/corpus/$t" | wc -l) corpus inputs, then ${seconds} s"
  # shellcheck disable=SC2046
  TMPDIR=$work "$fuzzer" -runs=0 -rss_limit_mb=2048 -timeout=10 \
    $(options "$t" | sed 's/-fork=[0-9]*//; s/-ignore_[a-z]*=[0-9]*//g') -artifact_prefix="$work/" \
    "fuzz/corpus/$t" > "$work/$t.replay.log" 2>&1 || { cat "$work/$t.replay.log"; exit 1; }
  # shellcheck disable=SC2046
  TMPDIR=$work "$fuzzer" -seed=1 -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    $(options "$t") -artifact_prefix="$work/" "$work/$t" "fuzz/corpus/$t" > "$work/$t.log" 2>&1 ||
    { cat "$work/$t.log"; exit 1; }
done
echo "fuzz_replay: every corpus input replayed, no crash in ${seconds} s per target"
