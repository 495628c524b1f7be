#!/usr/bin/env bash
# Installs the dependencies, builds spikefit (CI preset) and runs the whole test suite; then
# builds the libraries that need neither LibTorch nor CUDA with clang's AddressSanitizer and
# UndefinedBehaviorSanitizer (sanitize preset), runs their tests but the network and slow ones,
# builds the libFuzzer targets in the same tree, replays their committed corpora and fuzzes each
# for 10 s.
# Tests labelled `gpu` skip themselves when no CUDA device is present.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci -j "$(nproc)"
cmake --preset sanitize
cmake --build --preset sanitize
# SimulateGolden's bytes are gcc's (the ci preset runs them): clang's -O1 rounds differently.
ctest --preset sanitize -j "$(nproc)" -LE "network|slow" -E "^SimulateGolden\."
scripts/fuzz_replay.sh 10
