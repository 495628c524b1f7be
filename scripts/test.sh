#!/usr/bin/env bash
# Installs the dependencies, builds spikefit (CI preset) and runs the whole test suite; then
# builds the libraries that need neither LibTorch nor CUDA with AddressSanitizer and
# UndefinedBehaviorSanitizer (sanitize preset) and runs their tests but the network and slow ones;
# then builds the libFuzzer targets (fuzz preset), replays their committed corpora and fuzzes each
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
ctest --preset sanitize -j "$(nproc)" -LE "network|slow"
scripts/fuzz_replay.sh 10
