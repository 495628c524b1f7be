#!/usr/bin/python3
"""Brian2 benchmark of the SNOPS balanced network (CBN or SBN).

Builds the default "snops_cbn" classical balanced network or its spatial
variant "snops_sbn" (Wu et al. 2024; Huang et al. 2019) in Brian2's C++
standalone mode, runs it once and prints one JSON line to stdout with build
and run times, spike counts, rates and throughput, for comparison with
spikefit's own engine.

Model: E (2500, 50x50) and I (625, 25x25) exponential integrate-and-fire cells
driven by X (2500 Poisson cells at 10 Hz, 50x50); second-order (rise/decay)
synaptic currents per presynaptic population; fixed out-degree connectivity
with replacement, uniform (CBN) or wrapped discretised 2D Gaussian (SBN);
weights J_ab / sqrt(N); forward Euler with dt = 0.05 ms.

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
import math
import tempfile
import time

import numpy as np
import brian2
from brian2 import (Hz, Network, NeuronGroup, PoissonGroup, SpikeMonitor,
                    Synapses, defaultclock, device, mV, ms, prefs, set_device)

# Populations: E and I are EIF cells, X is Poisson input; all on square lattices.
SIZE = {"E": 2500, "I": 625, "X": 2500}
N = SIZE["E"] + SIZE["I"]
RATE_X = 10 * Hz
DT_MS = 0.05

# EIF parameters (C = 1, currents in mV/ms).
VL, VT, VTH, VRE, VLB = -60 * mV, -50 * mV, -10 * mV, -65 * mV, -100 * mV
CELL = {
    "E": dict(gL=1 / (15 * ms), DeltaT=2 * mV, tref=1.5 * ms),
    "I": dict(gL=1 / (10 * ms), DeltaT=0.5 * mV, tref=0.5 * ms),
}

# Synapses: rise time, decay time per presynaptic population, and the
# "snops_cbn" default weights J_ab (b -> a, in mV, before division by sqrt(N)).
TAU_R = 1 * ms
TAU_D = {"X": 5 * ms, "E": 5 * ms, "I": 8 * ms}
J = {("E", "E"): 20, ("E", "I"): -60, ("I", "E"): 10,
     ("I", "I"): -75, ("E", "X"): 35, ("I", "X"): 25}
# Out-degree K_ab of each presynaptic cell of b onto population a.
K = {("E", "E"): 375, ("I", "E"): 282, ("E", "I"): 1500,
     ("I", "I"): 375, ("E", "X"): 250, ("I", "X"): 32}
# SBN projection widths (fraction of the lattice side) by presynaptic population.
SIGMA = {"E": 0.1, "I": 0.1, "X": 0.05}

EIF_EQS = """
dV/dt = IX + IE + II - gL*(V - VL) + gL*DeltaT*exp((V - VT)/DeltaT) : volt (unless refractory)
dIX/dt = PX : volt/second
dPX/dt = -(1/tdX + 1/tr)*PX - IX/(tdX*tr) : volt/second**2
dIE/dt = PE : volt/second
dPE/dt = -(1/tdE + 1/tr)*PE - IE/(tdE*tr) : volt/second**2
dII/dt = PI : volt/second
dPI/dt = -(1/tdI + 1/tr)*PI - II/(tdI*tr) : volt/second**2
"""


def matlab_round(x):
    """Round half away from zero, like MATLAB's round."""
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def random_targets(rng, n_pre, n_post, k):
    """CBN: fixed out-degree k, uniform targets with replacement (0-based)."""
    return rng.integers(0, n_post, size=n_pre * k)


def gaussian_targets(rng, n_pre, n_post, k, sigma):
    """SBN: fixed out-degree k, wrapped discretised 2D Gaussian targets (0-based).

    1-based id j on a lattice of side n1 sits at x = ceil(j/n1),
    y = mod(j-1, n1) + 1; presynaptic positions are rescaled to the
    postsynaptic lattice without centring.
    """
    n1_pre, n1_post = math.isqrt(n_pre), math.isqrt(n_post)
    pre = np.arange(n_pre)
    scale = n1_post / n1_pre
    x_pre = np.repeat((pre // n1_pre + 1) * scale, k)
    y_pre = np.repeat((pre % n1_pre + 1) * scale, k)
    beta = sigma * n1_post

    def wrapped(centre):
        offset = beta * rng.standard_normal(centre.size)
        return np.mod(matlab_round(offset + centre).astype(np.int64) - 1, n1_post) + 1

    x_post = wrapped(x_pre)
    y_post = wrapped(y_pre)
    return (x_post - 1) * n1_post + y_post - 1


def connectivity(rng, network):
    """Postsynaptic targets of every projection, keyed by (post, pre)."""
    targets = {}
    for (post, pre), k in K.items():
        if network == "cbn":
            targets[post, pre] = random_targets(rng, SIZE[pre], SIZE[post], k)
        else:
            targets[post, pre] = gaussian_targets(rng, SIZE[pre], SIZE[post], k,
                                                  SIGMA[pre])
    return targets


def eif_group(pop, v0):
    """E or I population of EIF cells with initial voltages v0."""
    namespace = dict(CELL[pop], VL=VL, VT=VT, VTH=VTH, VRE=VRE, VLB=VLB,
                     tr=TAU_R, tdX=TAU_D["X"], tdE=TAU_D["E"], tdI=TAU_D["I"])
    group = NeuronGroup(SIZE[pop], EIF_EQS, threshold="V >= VTH", reset="V = VRE",
                        refractory="tref", method="euler",
                        namespace=namespace, name=pop)
    group.V = v0
    # Lower bound on V, applied right after the Euler step.
    group.run_regularly("V = clip(V, VLB, inf*volt)", when="after_groups",
                        name=f"{pop}_lower_bound")
    return group


def build_network(targets, v0):
    """Brian2 objects of the network; returns (objects, spike monitors)."""
    groups = {pop: eif_group(pop, v0[pop]) for pop in ("E", "I")}
    groups["X"] = PoissonGroup(SIZE["X"], RATE_X, name="X")
    synapses = []
    for (post, pre), post_ids in targets.items():
        weight = J[post, pre] / math.sqrt(N) * mV / (TAU_D[pre] * TAU_R)
        syn = Synapses(groups[pre], groups[post], on_pre=f"P{pre}_post += w",
                       namespace={"w": weight}, name=f"S_{post}{pre}")
        syn.connect(i=np.repeat(np.arange(SIZE[pre]), K[post, pre]), j=post_ids)
        synapses.append(syn)
    monitors = {pop: SpikeMonitor(group, record=False, name=f"spikes_{pop}")
                for pop, group in groups.items()}
    return [*groups.values(), *synapses, *monitors.values()], monitors


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
    v0 = {pop: rng.uniform(-65, -50, SIZE[pop]) * mV for pop in ("E", "I")}

    with tempfile.TemporaryDirectory(prefix="brian2_snops_") as directory:
        start = time.perf_counter()
        objects, monitors = build_network(targets, v0)
        brian2.seed(args.seed)
        Network(*objects).run(args.duration_ms * ms)
        device.build(directory=directory, run=False)
        build_s = time.perf_counter() - start

        device.run(directory, with_output=False, run_args=[])
        run_s = device._last_run_time
        binary_s = device.timers["run_binary"]
        spikes = {pop: int(monitor.num_spikes) for pop, monitor in monitors.items()}

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
