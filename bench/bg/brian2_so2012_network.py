#!/usr/bin/python3
"""Brian2 peer of spikefit's So et al. (2012) basal-ganglia network.

One network of 50 STN / 100 GPe / 75 GPi / 75 TC cells (sizes configurable),
built from the cell equations in scripts/fixtures/bg_so2012_brian2_cells.py
and the synapses, wiring and inputs of /work/prompts/bg_model.md:

* wiring: random fixed in-degree 2 (distinct presynaptic cells) for GPe->STN,
  STN->GPe, GPe->GPe (no self-connections), STN->GPi and GPe->GPi; GPi->TC
  one-to-one when the sizes are equal (otherwise in-degree 1);
* GPe output gate per GPe cell: s' = 2 (1 - s) B(V - 20; -57, 2) - 0.04 s;
* STN and GPi outputs: alpha synapse per presynaptic cell (tau 5 ms, g_peak
  0.43 / 0.3) in So's update order (S <- S + dt Z, then Z with the new S and
  the kick g_peak / (tau e^-1) on the step where V crosses -10 mV upwards);
* I_syn = w (V_post - E) * sum of presynaptic gates per pathway;
* drives: STN 33 / 23 (healthy / PD), GPe 21 / 8 plus N(0, 2^2) per cell,
  GPi 22 / 16, TC the SMC pulse train (3.5 for 5 ms, gamma intervals, mean
  14 Hz, cv 0.2); pd_dbs adds 300 uA/cm2 x 0.3 ms pulses at 130 Hz from t = 0
  into every STN cell.  A step from t_k = k dt uses the input value at t_k.

Runs with Brian2's C++ standalone device, one thread, forward Euler at
dt = 0.01 ms.  Prints the rate of each population after the burn-in, the
mean CV of the ISIs, the So 2012 error index of the TC cells, and the wall
time of the simulation alone (the compiled binary's run, excluding code
generation and compilation) and of build + run.

    /usr/bin/python3 bench/bg/brian2_so2012_network.py --condition healthy --duration-ms 3000
    /usr/bin/python3 bench/bg/brian2_so2012_network.py --condition pd pd_dbs --seed 2
"""
import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import brian2
from brian2 import (NeuronGroup, Network, SpikeMonitor, Synapses, TimedArray,
                    defaultclock, device, ms, prefs, set_device)

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "fixtures"))
from bg_so2012_brian2_cells import EQUATIONS, steady_state  # noqa: E402

DT_MS = 0.01
THRESHOLD_MV = {"STN": -10.0, "GPe": -10.0, "GPi": -10.0, "TC": -40.0}
CELL_OF = {"STN": "STN", "GPe": "GP", "GPi": "GP", "TC": "TC"}
DRIVE = {"healthy": {"STN": 33.0, "GPe": 21.0, "GPi": 22.0},
         "pd": {"STN": 23.0, "GPe": 8.0, "GPi": 16.0}}
GPE_OFFSET_SD = 2.0
ALPHA_TAU_MS = 5.0
G_PEAK = {"STN": 0.43, "GPi": 0.3}
# (pre, post): (weight per presynaptic gate, reversal potential)
PATHWAYS = {("GPe", "STN"): (0.5, -85.0), ("STN", "GPe"): (0.15, 0.0),
            ("GPe", "GPe"): (0.5, -85.0), ("STN", "GPi"): (0.15, 0.0),
            ("GPe", "GPi"): (0.5, -85.0), ("GPi", "TC"): (0.112, -85.0)}
SMC = {"amplitude": 3.5, "width_ms": 5.0, "rate_hz": 14.0, "cv": 0.2}
DBS = {"amplitude": 300.0, "width_ms": 0.3, "rate_hz": 130.0}


def fixed_in_degree(rng, n_pre, n_post, degree, no_self):
    """Presynaptic indices [n_post x degree], distinct per postsynaptic cell."""
    rows = []
    for post in range(n_post):
        candidates = np.array([pre for pre in range(n_pre) if not (no_self and pre == post)])
        rows.append(rng.choice(candidates, size=degree, replace=False))
    return np.array(rows)


def pulse_train(onsets_steps, width_ms, amplitude, steps):
    """Current [steps + 1] at t_k = k dt: `amplitude` for width_ms from each onset."""
    values = np.zeros(steps + 1)
    width = int(round(width_ms / DT_MS))
    for onset in onsets_steps:
        values[onset:onset + width] = amplitude
    return values


def smc_onsets_steps(rng, steps):
    """So's createSMC: first onset one gamma interval after t = 0, then one interval each."""
    shape = 1.0 / SMC["cv"] ** 2
    onsets, step = [], 0
    while True:
        rate = rng.gamma(shape, SMC["rate_hz"] / shape)
        step += int(round(1000.0 / rate / DT_MS))
        if step >= steps:
            return onsets
        onsets.append(step)


def error_index(tc_spikes_ms, onsets_ms, duration_ms):
    """So 2012 calculateEI: mean over TC cells of errors / counted pulses."""
    onsets = np.asarray(onsets_ms)
    first = int(np.nonzero(onsets >= 200.0)[0][0])
    last = int(np.nonzero(onsets <= duration_ms - 25.0)[0][-1])
    indices = []
    for spikes in tc_spikes_ms:
        spikes = np.asarray(spikes)

        def count(lo, hi):
            return int(np.count_nonzero((spikes >= lo) & (spikes < hi)))

        errors = 0
        for p in range(first, last + 1):
            t = onsets[p]
            if p != last:
                in_window, late = count(t, t + 25.0), count(t + 25.0, onsets[p + 1])
            elif last == len(onsets) - 1:
                in_window, late = count(t, duration_ms), 0
            else:
                in_window, late = count(t, onsets[p + 1]), count(t + 25.0, onsets[p + 1])
            errors += int(in_window != 1) + late
        indices.append(errors / (last - first + 1))
    return float(np.mean(indices))


def build(condition, seed, duration_ms, sizes):
    rng = np.random.default_rng(seed)
    steps = int(round(duration_ms / DT_MS))
    pd = condition in ("pd", "pd_dbs")
    drive = DRIVE["pd" if pd else "healthy"]

    smc_steps = smc_onsets_steps(rng, steps)
    smc = TimedArray(pulse_train(smc_steps, SMC["width_ms"], SMC["amplitude"], steps),
                     dt=DT_MS * ms, name="smc_current")
    dbs_steps = (range(0, steps + 1, int(round(1000.0 / DBS["rate_hz"] / DT_MS)))
                 if condition == "pd_dbs" else [])
    dbs = TimedArray(pulse_train(dbs_steps, DBS["width_ms"], DBS["amplitude"], steps),
                     dt=DT_MS * ms, name="dbs_current")

    inputs = {"STN": ["GPe"], "GPe": ["STN", "GPe"], "GPi": ["STN", "GPe"], "TC": ["GPi"]}
    groups = {}
    for pop, size in sizes.items():
        cell = CELL_OF[pop]
        synaptic = " + ".join(
            f"{PATHWAYS[(pre, pop)][0]} * (V - ({PATHWAYS[(pre, pop)][1]})) * sum_{pre}"
            for pre in inputs[pop])
        extra = f"I_syn = {synaptic} : 1\n" + "".join(f"sum_{pre} : 1\n" for pre in inputs[pop])
        if pop == "STN":
            extra += "I_app = I_const + dbs_current(t) : 1\nI_const : 1 (constant)\n"
        elif pop == "TC":
            extra += "I_app = smc_current(t) : 1\n"
        else:
            extra += "I_app : 1 (constant)\n"
        extra += "V_prev : 1\n"
        if pop == "GPe":
            extra += "ds/dt = (2 * (1 - s) / (1 + exp(-(V - 20 + 57) / 2)) - 0.04 * s) / ms : 1\n"
        if pop in G_PEAK:
            extra += "S : 1\nZ : 1\n"
        thr = THRESHOLD_MV[pop]
        group = NeuronGroup(size, EQUATIONS[cell] + extra, method="euler", name=pop,
                            threshold=f"V > {thr} and V_prev < {thr}", reset="",
                            namespace={"smc_current": smc, "dbs_current": dbs})
        v0 = -62.0 + 5.0 * rng.standard_normal(size)
        for name, value in steady_state(cell, v0).items():
            setattr(group, name, value)
        group.V_prev = v0
        if pop == "STN":
            group.I_const = drive["STN"]
        elif pop == "GPe":
            group.I_app = drive["GPe"] + GPE_OFFSET_SD * rng.standard_normal(size)
        elif pop == "GPi":
            group.I_app = drive["GPi"]
        group.run_regularly("V_prev = V", when="start")
        if pop in G_PEAK:
            kick = G_PEAK[pop] / (ALPHA_TAU_MS * np.exp(-1.0))
            group.run_regularly(
                f"crossed = int(V > {thr} and V_prev < {thr})\n"
                f"S = S + {DT_MS} * Z\n"
                f"Z = Z + crossed * {kick!r} + {DT_MS} * (-2 * Z / {ALPHA_TAU_MS} "
                f"- S / {ALPHA_TAU_MS ** 2})", when="end")
        groups[pop] = group

    synapses = []
    for (pre, post), _ in PATHWAYS.items():
        gate = "s" if pre == "GPe" else "S"
        if (pre, post) == ("GPi", "TC"):
            if sizes["GPi"] == sizes["TC"]:
                sources = np.arange(sizes["TC"])[:, None]
            else:
                sources = fixed_in_degree(rng, sizes["GPi"], sizes["TC"], 1, False)
        else:
            sources = fixed_in_degree(rng, sizes[pre], sizes[post], 2, pre == post)
        syn = Synapses(groups[pre], groups[post], model=f"sum_{pre}_post = {gate}_pre : 1 (summed)",
                       name=f"{pre}_to_{post}")
        syn.connect(i=sources.ravel(), j=np.repeat(np.arange(sizes[post]), sources.shape[1]))
        synapses.append(syn)

    monitors = {pop: SpikeMonitor(group, name=f"spikes_{pop}") for pop, group in groups.items()}
    network = Network(*groups.values(), *synapses, *monitors.values())
    return network, monitors, [s * DT_MS for s in smc_steps], steps


def summarise(monitors, sizes, smc_ms, duration_ms, burn_in_ms):
    result = {}
    counted_s = (duration_ms - burn_in_ms) / 1000.0
    for pop, monitor in monitors.items():
        trains = monitor.spike_trains()
        rates, cvs = [], []
        for i in range(sizes[pop]):
            spikes = np.asarray(trains[i] / ms)
            kept = spikes[spikes >= burn_in_ms]
            rates.append(len(kept) / counted_s)
            isi = np.diff(kept)
            if len(isi) >= 2:
                cvs.append(isi.std() / isi.mean())
        result[f"rate.{pop}"] = float(np.mean(rates))
        result[f"cv.{pop}"] = float(np.mean(cvs)) if cvs else float("nan")
    tc = monitors["TC"].spike_trains()
    result["error_index"] = error_index(
        [np.asarray(tc[i] / ms) for i in range(sizes["TC"])], smc_ms, duration_ms)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--condition", nargs="+", choices=["healthy", "pd", "pd_dbs"],
                        default=["healthy", "pd", "pd_dbs"])
    parser.add_argument("--duration-ms", type=float, default=3000.0)
    parser.add_argument("--burn-in-ms", type=float, default=500.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sizes", type=int, nargs=4, default=[50, 100, 75, 75],
                        metavar=("STN", "GPE", "GPI", "TC"))
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    if args.duration_ms <= args.burn_in_ms:
        parser.error("--duration-ms must exceed --burn-in-ms")
    sizes = dict(zip(("STN", "GPe", "GPi", "TC"), args.sizes))

    prefs.devices.cpp_standalone.openmp_threads = 0
    prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]
    results = []
    with tempfile.TemporaryDirectory(prefix="brian2_bg_") as directory:
        for condition in args.condition:
            set_device("cpp_standalone", build_on_run=False)
            defaultclock.dt = DT_MS * ms
            start = time.time()
            network, monitors, smc_ms, _ = build(condition, args.seed, args.duration_ms, sizes)
            network.run(args.duration_ms * ms)
            device.build(directory=directory, compile=True, run=False)
            run_start = time.time()
            device.run(directory, with_output=False, run_args=[])
            sim_wall = time.time() - run_start
            total_wall = time.time() - start
            stats = summarise(monitors, sizes, smc_ms, args.duration_ms, args.burn_in_ms)
            device.reinit()
            row = {"condition": condition, "seed": args.seed, "duration_ms": args.duration_ms,
                   "burn_in_ms": args.burn_in_ms, "sizes": sizes,
                   "simulation_wall_s": sim_wall, "build_and_run_wall_s": total_wall, **stats}
            results.append(row)
            print(f"{condition} seed {args.seed} T {args.duration_ms:g} ms: "
                  + " ".join(f"{k} {v:.3f}" for k, v in stats.items())
                  + f" | simulation {sim_wall:.2f} s, build+run {total_wall:.1f} s", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"generator": "bench/bg/brian2_so2012_network.py",
                                         "brian2_version": brian2.__version__,
                                         "method": "cpp_standalone, 1 thread, euler",
                                         "dt_ms": DT_MS, "runs": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
