#!/usr/bin/env bash
# Checks the `pip install .` route of the Python package (issue 20) from a clean clone: a fresh
# virtual environment of PYTHON (default python3), `pip install` of the clone (scikit-build-core
# and numpy come from PyPI, the C++ dependencies are the Debian packages of
# scripts/install-deps.sh), then spikefit.simulate of 64 trials compared with the CLI's JSON for
# the same seed, and the CLI built by the same clone. Needs PyPI; not part of the CI run.
# Usage: scripts/check_pip_install.sh [PYTHON]
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
python=${1:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$source_dir" "$work/clone"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --upgrade pip
# The CUDA backend is not needed for this check (and is built only where nvcc is found).
CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) "$work/venv/bin/python" -m pip install -q \
  --config-settings=cmake.define.SPIKEFIT_CUDA=OFF --config-settings=build-dir="$work/build" \
  "$work/clone"
# The CLI from the same build folder (its libraries are built already).
cmake --build "$work/build" --target spikefit > /dev/null
config="$work/clone/experiments/configs/snops_short_demo.json"
"$work/build/experiments/spikefit" simulate --config "$config" --trials 64 --seed 1 \
  --duration-ms 1000 --out "$work/cli.json" > /dev/null
cd "$work"  # not the source tree: the installed package is the one imported
"$work/venv/bin/python" - "$config" "$work/cli.json" <<'PY'
import json, sys
import numpy as np
import spikefit
config, cli_json = sys.argv[1:]
r = spikefit.simulate(config, trials=64, seed=1, duration_ms=1000)
cli = json.load(open(cli_json))["trials"]
assert spikefit.__file__.startswith(sys.prefix), spikefit.__file__
assert r.counts.shape[0] == 64 and len(cli) == 64, (r.counts.shape, len(cli))
assert r.seeds.tolist() == [t["seed"] for t in cli]
assert r.status == [t["status"] for t in cli]
for p, name in enumerate(r.populations):
    assert r.rates_hz[:, p].tolist() == [t["rates_hz"][name] for t in cli], name
print(f"pip install . OK: spikefit from {spikefit.__file__}; 64 trials, counts "
      f"{list(r.counts.shape)}, seeds, status and rates equal to the CLI's JSON")
PY
