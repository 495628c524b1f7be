#!/usr/bin/env python3
"""The Brunel (2000) sparse E/I network of experiments/configs/brunel_exp.json in Brian2,
C++ standalone with OpenMP.

Environment (not a project dependency). The newest Brian2 that PyPI offers for Python 3.11
here is 2.9.0 (2.10/2.11 need a newer Python); Debian's python3-brian is 2.5.1:
    python3 -m venv /work/venvs/brian2 && /work/venvs/brian2/bin/pip install brian2==2.9.0
    /work/venvs/brian2/bin/python bench/peers/brunel_brian2.py --size-factor 1 --threads 2
(/usr/bin/python3 with python3-brian works too.) Needs g++.

Prints one JSON line: simulator, neurons, synapses, threads, compile_s (code generation and
g++, not counted), setup_s (the standalone binary's wall minus its run loop: synapse creation,
initialisation), sim_s (Brian2's own run-loop time), sim_s_per_sim_s, peak RSS of the binary,
mean rates E/I (spikes after the burn-in).

The network (the same numbers as brunel_exp.json; s = --size-factor):
  N_E = 8000 s^2, N_I = 2000 s^2 LIF neurons; E->*, I->* Bernoulli p = 0.1 / s^2 (in-degrees
  C_E = 800, C_I = 200 at every s); external drive C_X = 800 Poisson sources of nu_X Hz per
  neuron with weight J; J_E = J, J_I = -g J. tau_m = 20 ms, E_L = 0, V_th = 20 mV,
  V_reset = 10 mV, t_ref = 2 ms, exponential current synapses tau_s.

Conversion of spikefit's exponential synapse (engine/src/models/balanced/synapse_models.hpp):
  spikefit: V' = I - (V - E_L)/tau_m (C = 1, I in mV/ms), I' = -I/tau_s, and a spike of weight J
  adds J/tau_s to I (unit-area kernel, charge J mV). Brian2 here uses the same variables:
  dv/dt = -(v - E_L)/tau_m + I, dI/dt = -I/tau_s, on_pre: I += J/tau_s; method 'euler' as
  spikefit's forward Euler (exact integration would differ as NEST's does).
Timing: spikefit applies a spike of step n to the current and the membrane in step n+1; in Brian2
that is on_pre with delay 0 (the synapses run after threshold/reset in step n, the state update
of step n+1 sees the kick). --delay-ms 0.1 gives NEST's one-step delay (membrane in step n+2).
External input: by default spikefit's exact structure, a shared pool of N_X = N_E Poisson units
(PoissonGroup) with Bernoulli p synapses, which is also Brian2's fastest form here (N = 10 000,
1 thread: 1.4 s per simulated second against 3.6 with PoissonInput). --input independent uses
PoissonInput (a binomial draw per neuron and step: independent sources per neuron, Brunel's
model, as NEST's poisson_generator).
"""
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from brunel_arguments import brunel_argument_parser  # noqa: E402


def main():
    ap = brunel_argument_parser(default_input="shared")
    ap.add_argument("--delay-ms", type=float, default=0.0)
    ap.add_argument("--keep", action="store_true", help="keep the standalone directory")
    a = ap.parse_args()

    import brian2 as b2
    from brian2 import ms, mV, Hz, second

    workdir = tempfile.mkdtemp(prefix="brunel_brian2_")
    b2.set_device("cpp_standalone", directory=workdir, build_on_run=False)
    # 1 thread: the serial code (OpenMP with one thread only adds its overhead)
    b2.prefs.devices.cpp_standalone.openmp_threads = a.threads if a.threads > 1 else 0
    b2.prefs.codegen.target = "cython"  # unused in standalone; avoids a numpy fallback warning
    # peak RSS of the binary alone (compilation by g++ is not counted)
    b2.prefs.devices.cpp_standalone.run_cmd_unix = ["/usr/bin/time", "-f", "%M", "-o",
                                                  "maxrss_kb.txt", "./main"]
    b2.defaultclock.dt = a.dt_ms * ms
    b2.seed(a.seed)

    s2 = a.size_factor ** 2
    n_e = int(round(8000 * s2))
    n_i = int(round(2000 * s2))
    n = n_e + n_i
    p = 0.1 / s2
    c_x = 800
    ns = {"tau_m": 20 * ms, "tau_s": a.tau_s * ms, "E_L": 0 * mV, "V_th": 20 * mV,
          "V_reset": 10 * mV, "t_burn": a.burn_in_ms * ms,
          "J_e": a.J * mV, "J_i": -a.g * a.J * mV}
    eqs = """
    dv/dt = -(v - E_L)/tau_m + I : volt (unless refractory)
    dI/dt = -I/tau_s : volt/second
    n_spk : 1
    """
    G = b2.NeuronGroup(n, eqs, threshold="v >= V_th",
                       reset="v = V_reset\nn_spk += int(t >= t_burn)",
                       refractory=2 * ms, method="euler", namespace=ns)
    G.v = "20*mV*rand()"
    E = G[:n_e]
    I = G[n_e:]
    delay = a.delay_ms * ms
    objs = [G]
    if a.input == "independent":
        objs.append(b2.PoissonInput(G, "I", c_x, a.nu_x * Hz, weight="J_e/tau_s"))
    else:
        X = b2.PoissonGroup(n_e, a.nu_x * Hz)
        SX = b2.Synapses(X, G, on_pre="I += J_e/tau_s", delay=delay, namespace=ns)
        SX.connect(p=p)
        objs += [X, SX]
    SE = b2.Synapses(E, G, on_pre="I += J_e/tau_s", delay=delay, namespace=ns)
    SE.connect(p=p)
    SI = b2.Synapses(I, G, on_pre="I += J_i/tau_s", delay=delay, namespace=ns)
    SI.connect(p=p)
    objs += [SE, SI]
    net = b2.Network(*objs)
    net.run(a.duration_ms * ms, namespace=ns)

    t0 = time.perf_counter()
    b2.device.build(directory=workdir, compile=True, run=False)
    compile_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    b2.device.run(directory=workdir, with_output=False, run_args=[])
    binary_s = time.perf_counter() - t0
    sim_s = float(b2.device._last_run_time)
    counts = G.n_spk[:]
    window_s = (a.duration_ms - a.burn_in_ms) / 1000.0
    n_syn = len(SE) + len(SI) + (len(SX) if a.input == "shared" else 0)
    try:
        with open(os.path.join(workdir, "maxrss_kb.txt")) as f:
            maxrss_kb = int(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        maxrss_kb = None
    out = {
        "simulator": "brian2", "version": b2.__version__, "input": a.input,
        "size_factor": a.size_factor, "neurons": n, "synapses": int(n_syn), "threads": a.threads,
        "dt_ms": a.dt_ms, "delay_ms": a.delay_ms, "duration_ms": a.duration_ms,
        "compile_s": round(compile_s, 3), "setup_s": round(binary_s - sim_s, 3),
        "sim_s": round(sim_s, 3), "sim_s_per_sim_s": round(sim_s / (a.duration_ms / 1000.0), 4),
        "binary_maxrss_kb": maxrss_kb,
        "rate_e_hz": round(float(counts[:n_e].sum()) / (n_e * window_s), 3),
        "rate_i_hz": round(float(counts[n_e:].sum()) / (n_i * window_s), 3),
    }
    print(json.dumps(out), flush=True)
    if not a.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
