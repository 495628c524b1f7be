#!/usr/bin/python3
"""Brian2 benchmark of the SNOPS balanced network (CBN or SBN).

Builds the default "snops_cbn" classical balanced network or its spatial
variant "snops_sbn" (Wu et al. 2024; Huang et al. 2019) in Brian2's C++
standalone mode, runs it once and prints one JSON line to stdout with build
and run times, spike counts, rates and throughput, for comparison with
spikefit's own engine.  The model (config defaults) is defined in
scripts/peers/brian2_snops_model.py.

Timings:
  build_s   Brian2 object setup, code generation and compilation (g++ -O3,
            Brian2 defaults), in a fresh temporary directory.  Excludes the
            numpy connectivity generation.
  run_s     Brian2's own timer around the simulation loop (Network::run in the
            generated main; device._last_run_time).  Excludes compilation,
            process start, loading the connectivity arrays, creating the
            synapses and writing results.  Measured with std::clock (process
            CPU time) for 1 thread, omp_get_wtime (wall time) with OpenMP.
  binary_s  wall time of the whole binary, i.e. run_s plus the steps above.

Needs Debian's Brian2 (2.5.1) and g++.  Run from the repository root:

    /usr/bin/python3 bench/brian2_snops.py --network cbn
    /usr/bin/python3 bench/brian2_snops.py --network sbn --duration-ms 1000
"""
import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import brian2
from brian2 import Network, SpikeMonitor, defaultclock, device, ms, prefs, set_device

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts" / "peers"))
from brian2_snops_model import (DEFAULT_PARAMS, DT_MS, K, N, SIZE,  # noqa: E402
                                build_network, connectivity, initial_voltages)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", choices=("cbn", "sbn"), default="cbn")
    parser.add_argument("--duration-ms", type=float, default=2000.0)
    parser.add_argument("--threads", type=int, default=1,
                        help="OpenMP threads; 1 builds without OpenMP (default)")
    parser.add_argument("--seed", type=int, default=1,
                        help="seed of connectivity, initial V and Poisson input")
    args = parser.parse_args()

    set_device("cpp_standalone", build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = args.threads if args.threads > 1 else 0
    prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]
    defaultclock.dt = DT_MS * ms

    rng = np.random.default_rng(args.seed)
    targets = connectivity(rng, args.network)
    v0 = initial_voltages(rng)

    with tempfile.TemporaryDirectory(prefix="brian2_snops_") as directory:
        start = time.perf_counter()
        groups, objects = build_network(DEFAULT_PARAMS, targets, v0)
        # E and I count their spikes in n_spikes (no burn-in); X, a PoissonGroup,
        # needs a monitor.
        monitor_x = SpikeMonitor(groups["X"], record=False, name="spikes_X")
        brian2.seed(args.seed)
        Network(*objects, monitor_x).run(args.duration_ms * ms)
        device.build(directory=directory, run=False)
        build_s = time.perf_counter() - start

        device.run(directory, with_output=False, run_args=[])
        run_s = device._last_run_time
        binary_s = device.timers["run_binary"]
        spikes = {pop: int(np.sum(groups[pop].n_spikes[:])) for pop in ("E", "I")}
        spikes["X"] = int(monitor_x.num_spikes)

    steps = int(round(args.duration_ms / DT_MS))
    out_degree = {pre: sum(k for (_, b), k in K.items() if b == pre) for pre in SIZE}
    events = sum(spikes[pop] * out_degree[pop] for pop in SIZE)
    seconds = args.duration_ms / 1000.0
    print(json.dumps({
        "tool": "brian2",
        "network": args.network,
        "duration_ms": args.duration_ms,
        "build_s": round(build_s, 3),
        "run_s": round(run_s, 3),
        "binary_s": round(binary_s, 3),
        "neurons": N,
        "steps": steps,
        "spikes_e": spikes["E"],
        "spikes_i": spikes["I"],
        "rate_e_hz": spikes["E"] / SIZE["E"] / seconds,
        "rate_i_hz": spikes["I"] / SIZE["I"] / seconds,
        "synaptic_events": events,
        "neuron_steps_per_s": N * steps / run_s,
        "events_per_s": events / run_s,
    }))


if __name__ == "__main__":
    main()
