"""Brian2 model of the SNOPS balanced networks (CBN and SBN), shared by the peers.

The "snops_cbn" classical balanced network and its spatial variant "snops_sbn"
(Wu et al. 2024; Huang et al. 2019), as used by bench/brian2_snops.py and
scripts/fixtures/brian2_cbn_rates.py:

  E (2500, 50x50) and I (625, 25x25) exponential integrate-and-fire cells
  driven by X (2500 Poisson cells at 10 Hz, 50x50); second-order (rise/decay)
  synaptic currents per presynaptic population; fixed out-degree connectivity
  with replacement, uniform (CBN) or wrapped discretised 2D Gaussian (SBN);
  weights J_ab / sqrt(N); forward Euler with dt = 0.05 ms.

The free parameters (E and I synaptic decay times, weights J_ab) come in a dict
named as in experiments/configs/snops_cbn.json (see DEFAULT_PARAMS).  The
random parts of one realisation, connectivity() and initial_voltages(), are
drawn by the caller, in its own order, before build_network() creates the
Brian2 objects; the Poisson input is seeded with brian2.seed().
"""
import math

import numpy as np
from brian2 import Hz, NeuronGroup, PoissonGroup, Synapses, mV, ms

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

# Synapses: rise time and X decay time are fixed; the E and I decay times (ms)
# and the weights J_ab (b -> a, in mV, before division by sqrt(N)) are free
# parameters, here the "snops_cbn" config defaults.
TAU_R = 1 * ms
TAU_DX = 5 * ms
DEFAULT_PARAMS = {"taudsynE": 5, "taudsynI": 8, "JrEE": 20, "JrEI": -60,
                  "JrIE": 10, "JrII": -75, "JrEX": 35, "JrIX": 25}
# Out-degree K_ab of each presynaptic cell of b onto population a.
K = {("E", "E"): 375, ("I", "E"): 282, ("E", "I"): 1500,
     ("I", "I"): 375, ("E", "X"): 250, ("I", "X"): 32}
# SBN projection widths (fraction of the lattice side) by presynaptic population.
SIGMA = {"E": 0.1, "I": 0.1, "X": 0.05}

# n_spikes counts the spikes emitted from t = burn_in on (see eif_group).
EIF_EQS = """
dV/dt = IX + IE + II - gL*(V - VL) + gL*DeltaT*exp((V - VT)/DeltaT) : volt (unless refractory)
dIX/dt = PX : volt/second
dPX/dt = -(1/tdX + 1/tr)*PX - IX/(tdX*tr) : volt/second**2
dIE/dt = PE : volt/second
dPE/dt = -(1/tdE + 1/tr)*PE - IE/(tdE*tr) : volt/second**2
dII/dt = PI : volt/second
dPI/dt = -(1/tdI + 1/tr)*PI - II/(tdI*tr) : volt/second**2
n_spikes : integer
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


def connectivity(rng, network, sigma=SIGMA):
    """Postsynaptic targets of every projection, keyed by (post, pre).

    network is "cbn" (uniform targets) or "sbn" (Gaussian targets with the
    widths sigma by presynaptic population).  Each presynaptic cell i of b has
    K[a, b] consecutive entries, i.e. targets[a, b][i*K[a, b]:(i+1)*K[a, b]].
    """
    targets = {}
    for (post, pre), k in K.items():
        if network == "cbn":
            targets[post, pre] = random_targets(rng, SIZE[pre], SIZE[post], k)
        else:
            targets[post, pre] = gaussian_targets(rng, SIZE[pre], SIZE[post], k,
                                                  sigma[pre])
    return targets


def initial_voltages(rng):
    """Initial V of the E and I cells, uniform in [-65, -50) mV."""
    return {pop: rng.uniform(-65, -50, SIZE[pop]) * mV for pop in ("E", "I")}


def eif_group(pop, v0, tau_d, burn_in):
    """E or I population of EIF cells with initial voltages v0.

    tau_d maps each presynaptic population to its synaptic decay time; the
    n_spikes variable counts the spikes of each cell emitted at t >= burn_in.
    """
    namespace = dict(CELL[pop], VL=VL, VT=VT, VTH=VTH, VRE=VRE, VLB=VLB,
                     tr=TAU_R, tdX=tau_d["X"], tdE=tau_d["E"], tdI=tau_d["I"],
                     burn_in=burn_in)
    group = NeuronGroup(SIZE[pop], EIF_EQS, threshold="V >= VTH",
                        reset="V = VRE\nn_spikes += int(t >= burn_in)",
                        refractory="tref", method="euler",
                        namespace=namespace, name=pop)
    group.V = v0
    # Lower bound on V, applied right after the Euler step.
    group.run_regularly("V = clip(V, VLB, inf*volt)", when="after_groups",
                        name=f"{pop}_lower_bound")
    return group


def build_network(params, targets, v0, burn_in=0 * ms):
    """Brian2 objects of one network realisation.

    params: free parameters named as in DEFAULT_PARAMS; targets: from
    connectivity(); v0: from initial_voltages(); burn_in: start of the
    n_spikes count.  Returns (groups, objects): the E, I and X groups by name,
    and all objects to pass to brian2.Network (groups, then synapses).
    """
    tau_d = {"X": TAU_DX, "E": params["taudsynE"] * ms, "I": params["taudsynI"] * ms}
    groups = {pop: eif_group(pop, v0[pop], tau_d, burn_in) for pop in ("E", "I")}
    groups["X"] = PoissonGroup(SIZE["X"], RATE_X, name="X")
    synapses = []
    for (post, pre), post_ids in targets.items():
        weight = params[f"Jr{post}{pre}"] / math.sqrt(N) * mV / (tau_d[pre] * TAU_R)
        syn = Synapses(groups[pre], groups[post], on_pre=f"P{pre}_post += w",
                       namespace={"w": weight}, name=f"S_{post}{pre}")
        syn.connect(i=np.repeat(np.arange(SIZE[pre]), K[post, pre]), j=post_ids)
        synapses.append(syn)
    return groups, [*groups.values(), *synapses]
