"""What the Python tests share: the program under test, the source tree, a small network config
and the statistics flags of cheap tests. Exits 77 (ctest: skipped) when numpy is missing.

Environment (set by ctest): PYTHONPATH holds the built package, SPIKEFIT_BINARY is the program,
SPIKEFIT_SOURCE_DIR the source tree.
"""
import json
import math
import os
import subprocess
import sys

from shrunk_cbn import shrunk_cbn

try:
    import numpy  # noqa: F401  (the package needs it)
except ImportError:
    print("numpy is not installed for", sys.executable, "- skipping")
    sys.exit(77)

BINARY = os.environ["SPIKEFIT_BINARY"]
SOURCE = os.environ["SPIKEFIT_SOURCE_DIR"]
TARGETS = os.path.join(SOURCE, "experiments/targets/snops_demo_targets.json")
STATISTICS = {"neurons": 20, "draws": 2, "dimension": "eigen_threshold"}
STATISTICS_FLAGS = "--neurons 20 --draws 2 --dimension eigen_threshold".split()


def run_cli(*arguments, check=True):
    done = subprocess.run([BINARY, *arguments], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"spikefit {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    return done


def small_cbn_config(folder, duration_ms, bin_ms):
    """The bundled CBN shrunk as tests/support/small_configs.hpp does (400 E, 100 I, 400 X),
    free parameters JrEX and taudsynI."""
    config = shrunk_cbn(SOURCE, 20, 10, duration_ms, bin_ms)
    config["parameters"] = [p for p in config["parameters"] if p["name"] in ("JrEX", "taudsynI")]
    config["name"] = "tiny_cbn"
    path = os.path.join(folder, "tiny_cbn.json")
    with open(path, "w") as f:
        json.dump(config, f)
    return path


def same_number(a, b):
    return (a is None and b is None) or (a is not None and b is not None and
                                         (a == b or (math.isnan(a) and math.isnan(b))))


def tiny_target(folder, config):
    """Target "tiny": 4 simulations of `config` at JrEX = 60 (rate, Fano, rsc of 20-cell draws)."""
    path = os.path.join(folder, "tiny_target.json")
    if os.path.exists(path):
        os.remove(path)
    run_cli("targets", "--name", "tiny", "--out", path, "--config", config, "--set", "JrEX=60",
            "--repeats", "4", *STATISTICS_FLAGS, "--statistics", "rate,fano,rsc_fisher_z")
    return path
