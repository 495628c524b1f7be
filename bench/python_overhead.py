#!/usr/bin/env python3
"""Per-call overhead of spikefit.simulate beyond the simulation itself.

Times N calls of spikefit.simulate on a tiny network (the bundled CBN shrunk to 40 E / 10 I /
40 X cells, 50-ms runs, one trial, CPU) and reports, per call, the wall time of the Python call,
the time spent inside the simulator (SimulationResult.wall_s), and their difference: the
overhead of the package (config loading and binding, the runner, the GIL release, building the
numpy arrays and the result). Prints figures only (benchmarks never assert).

    PYTHONPATH=build/ci/python /usr/bin/python3 bench/python_overhead.py [--calls 500] [--backend cpu]
"""
import argparse
import json
import os
import sys
import statistics
import tempfile
import time

import spikefit

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SOURCE, "tests/python"))
from shrunk_cbn import shrunk_cbn  # noqa: E402  (shared with the tests)


def tiny_config(folder):
    config = shrunk_cbn(SOURCE, 6, 3, 50, 10)
    config["network"]["recording"]["burn_in_ms"] = 0
    path = os.path.join(folder, "tiny.json")
    with open(path, "w") as f:
        json.dump(config, f)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--backend", default="cpu", help="auto, cpu or cuda")
    args = parser.parse_args()
    calls, backend = args.calls, args.backend
    config = tiny_config(tempfile.mkdtemp(prefix="spikefit_overhead_"))
    spikefit.simulate(config, backend=backend, threads=1)  # warm up (imports, first allocation)
    total, inside = [], []
    for k in range(calls):
        start = time.perf_counter()
        r = spikefit.simulate(config, trials=1, seed=k + 1, backend=backend, threads=1)
        total.append(time.perf_counter() - start)
        inside.append(r.wall_s)
    overhead = sorted(t - s for t, s in zip(total, inside))
    ms = lambda v: f"{1e3 * v:.3f} ms"
    print(f"spikefit {spikefit.__version__}, {calls} calls of simulate(trials=1) on "
          f"{r.backend} ({r.device}), counts {r.counts.shape}")
    print(f"call wall     median {ms(statistics.median(total))}")
    print(f"simulation    median {ms(statistics.median(inside))}")
    print(f"overhead      median {ms(statistics.median(overhead))}  "
          f"p90 {ms(overhead[int(0.9 * len(overhead))])}  min {ms(overhead[0])}")


if __name__ == "__main__":
    main()
