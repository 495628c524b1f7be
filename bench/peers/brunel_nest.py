#!/usr/bin/env python3
"""The Brunel (2000) sparse E/I network of experiments/configs/brunel_exp.json in NEST 3.

Environment (not a project dependency):
    python3 -m venv /work/venvs/nest && /work/venvs/nest/bin/pip install nest-simulator
    /work/venvs/nest/bin/python bench/peers/brunel_nest.py --size-factor 1 --threads 2

Prints one JSON line: simulator, neurons, synapses, threads, setup_s, sim_s,
sim_s_per_sim_s, mean rates E/I (spikes after the burn-in).

The network (the same numbers as brunel_exp.json; s = --size-factor):
  N_E = 8000 s^2, N_I = 2000 s^2 LIF neurons; E->*, I->* pairwise Bernoulli with
  p = 0.1 / s^2 (in-degrees C_E = 800, C_I = 200 at every s); external drive: C_X = 800
  Poisson sources of nu_X Hz per neuron, weight J; J_E = J, J_I = -g J.
  tau_m = 20 ms, E_L = 0, V_th = 20 mV, V_reset = 10 mV, t_ref = 2 ms,
  exponential current synapses tau_s.

Conversion of spikefit's exponential synapse (engine/src/models/balanced/synapse_models.hpp):
  spikefit: C = 1, V' = I - (V - E_L)/tau_m with I in mV/ms; I' = -I/tau_s and a spike of
  weight J (mV) adds J/tau_s to I (unit-area kernel: the charge per spike is J mV).
  NEST iaf_psc_exp: C_m V' = -C_m (V - E_L)/tau_m + I_syn with I_syn in pA; a spike of weight
  w adds w to I_syn. Hence I_spikefit = I_syn / C_m and w = J C_m / tau_s (pA).

Differences that remain (documented in bench/results):
  - NEST integrates exactly (propagators); spikefit uses forward Euler (dt 0.1 ms).
  - Delay: NEST's minimum delay is one resolution step h = dt; a spike emitted in step n
    reaches the membrane in step n+2 (ring buffer read after the membrane update);
    spikefit's reaches it in step n+1.
  - External input: by default NEST's strongest configuration, one poisson_generator of rate
    C_X nu_X giving each neuron an independent train (Brunel's model); spikefit draws the
    input from a shared pool of N_X = N_E Poisson units with Bernoulli p (in-degree C_X).
    --input shared builds spikefit's exact structure (parrot neurons + Bernoulli); it is
    twice as slow in NEST (N = 10 000, 1 thread: 54 s per simulated second against 28), so the
    independent generator is NEST's strongest configuration. Rates agree (13.0 / 13.2 Hz
    shared, 14.1 / 13.9 independent).
  - Refractoriness: NEST clamps V at V_reset for t_ref/h steps; spikefit holds V (at V_th)
    for the same number of steps and sets V_reset on the last one: the same trajectory.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from brunel_arguments import brunel_argument_parser  # noqa: E402


def main():
    ap = brunel_argument_parser(default_input="independent")
    ap.add_argument("--analyse", action="store_true",
                    help="also record 500 E neurons: mean ISI CV and the Fano factor of their "
                         "summed 1-ms counts (~1 when asynchronous)")
    a = ap.parse_args()

    t0 = time.perf_counter()
    import nest  # noqa: E402  (import time is not counted as setup: it is a one-off)
    nest.set_verbosity("M_ERROR")
    t_import = time.perf_counter() - t0

    s2 = a.size_factor ** 2
    n_e = int(round(8000 * s2))
    n_i = int(round(2000 * s2))
    p = 0.1 / s2
    c_x = 800
    C_m = 250.0
    w_e = a.J * C_m / a.tau_s
    w_i = -a.g * a.J * C_m / a.tau_s

    t_setup = time.perf_counter()
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": a.dt_ms, "local_num_threads": a.threads,
                          "rng_seed": a.seed, "print_time": False})
    params = {"C_m": C_m, "tau_m": 20.0, "t_ref": 2.0, "E_L": 0.0, "V_reset": 10.0,
              "V_th": 20.0, "tau_syn_ex": a.tau_s, "tau_syn_in": a.tau_s, "I_e": 0.0}
    exc = nest.Create("iaf_psc_exp", n_e, params=params)
    inh = nest.Create("iaf_psc_exp", n_i, params=params)
    allv = exc + inh
    allv.V_m = nest.random.uniform(0.0, 20.0)
    d = a.dt_ms
    syn_e = {"synapse_model": "static_synapse", "weight": w_e, "delay": d}
    syn_i = {"synapse_model": "static_synapse", "weight": w_i, "delay": d}
    conn = {"rule": "pairwise_bernoulli", "p": p}
    if a.input == "independent":
        noise = nest.Create("poisson_generator", params={"rate": c_x * a.nu_x})
        nest.Connect(noise, allv, "all_to_all", syn_e)
    else:
        n_x = n_e
        gen = nest.Create("poisson_generator", params={"rate": a.nu_x})
        parrots = nest.Create("parrot_neuron", n_x)
        nest.Connect(gen, parrots, "all_to_all", {"delay": d})
        nest.Connect(parrots, allv, conn, syn_e)
    nest.Connect(exc, allv, conn, syn_e)
    nest.Connect(inh, allv, conn, syn_i)
    sr_e = nest.Create("spike_recorder", params={"start": a.burn_in_ms})
    sr_i = nest.Create("spike_recorder", params={"start": a.burn_in_ms})
    nest.Connect(exc, sr_e)
    nest.Connect(inh, sr_i)
    if a.analyse:
        sr_a = nest.Create("spike_recorder", params={"start": a.burn_in_ms})
        nest.Connect(exc[:500], sr_a)
    nest.Prepare()  # builds the presynaptic tables: part of setup, as spikefit's
    setup_s = time.perf_counter() - t_setup

    t_sim = time.perf_counter()
    nest.Run(a.duration_ms)
    sim_s = time.perf_counter() - t_sim
    nest.Cleanup()

    n_syn = nest.GetKernelStatus("num_connections") - n_e - n_i  # minus recorder links
    if a.analyse:
        n_syn -= 500
    if a.input == "independent":
        n_syn -= (n_e + n_i)  # generator -> neuron links are not synapses of the network
    else:
        n_syn -= n_e  # generator -> parrot links
    window_s = (a.duration_ms - a.burn_in_ms) / 1000.0
    rate_e = sr_e.n_events / (n_e * window_s)
    rate_i = sr_i.n_events / (n_i * window_s)
    out = {
        "simulator": "nest", "version": nest.__version__, "input": a.input,
        "size_factor": a.size_factor, "neurons": n_e + n_i, "synapses": int(n_syn),
        "threads": a.threads, "dt_ms": a.dt_ms, "duration_ms": a.duration_ms,
        "import_s": round(t_import, 3), "setup_s": round(setup_s, 3), "sim_s": round(sim_s, 3),
        "sim_s_per_sim_s": round(sim_s / (a.duration_ms / 1000.0), 4),
        "rate_e_hz": round(rate_e, 3), "rate_i_hz": round(rate_i, 3),
    }
    if a.analyse:
        import numpy as np
        ev = sr_a.get("events")
        senders, times = np.asarray(ev["senders"]), np.asarray(ev["times"])
        cvs = []
        for u in np.unique(senders):
            isi = np.diff(np.sort(times[senders == u]))
            if len(isi) >= 3:
                cvs.append(isi.std() / isi.mean())
        counts = np.histogram(times, bins=np.arange(a.burn_in_ms, a.duration_ms + 1e-9, 1.0))[0]
        out["cv_isi_e"] = round(float(np.mean(cvs)), 3) if cvs else None
        out["pop_fano_1ms_e500"] = round(float(counts.var() / max(counts.mean(), 1e-12)), 3)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    sys.exit(main())
