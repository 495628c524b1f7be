#!/usr/bin/env bash
# Installs the dependencies, builds spikefit (CI preset) and runs the whole test suite.
# Tests labelled `gpu` skip themselves when no CUDA device is present.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci -j "$(nproc)"
