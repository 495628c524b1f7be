#pragma once

#include "spikefit/base/host_device.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_math.hpp"

namespace spikefit::engine::bg {

// Adaptive exponential integrate-and-fire cell, Lindahl & Hellgren Kotaleski 2016 sets
// (specs/basal_ganglia.md §3.1). Units: pF, nS, mV, pA, ms (pA/pF = mV/ms).
//   C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T) - w - I_syn + I_drive
//   tau_w dw/dt = a (V - E_L) - w;   V >= V_peak -> V = V_reset, w += b.
// I_syn = conductance * V - conductance_reversal (SynapticInput, conductances in nS).
// Integrated by forward Euler whatever the network's integrator (no stiff gating).
// Simplification: the STN's w-dependent reset of Lindahl's my_aeif_cond_exp (V_reset_slope1,
// V_reset_max_slope1) is replaced by the fixed V_reset = -70 mV.
struct AdexParams {
  double C = 60.0, g_L = 10.0, E_L = -80.2, V_T = -64.0, Delta_T = 16.2;
  double a = 0.3, b = 0.05, tau_w = 333.0, V_reset = -70.0, V_peak = 15.0;
  double I_e = 6.0;  // the set's in-vivo background current (pA); the population I_app adds to it
};

SPIKEFIT_HD AdexParams adex_stn() {
  return AdexParams{};
}

SPIKEFIT_HD AdexParams adex_gpe_ti() {
  return AdexParams{40.0, 1.0, -55.1, -54.7, 1.7, 2.5, 70.0, 20.0, -60.0, 15.0, 4.5};
}

SPIKEFIT_HD AdexParams adex_gpe_ta() {
  return AdexParams{60.0, 1.0, -55.1, -54.7, 2.55, 2.5, 105.0, 20.0, -60.0, 15.0, -3.6};
}

SPIKEFIT_HD AdexParams adex_snr() {
  return AdexParams{80.0, 3.0, -55.8, -55.2, 1.8, 3.0, 200.0, 20.0, -65.0, 20.0, 19.2};
}

struct AdexState {
  double v = -62.0, w = 0.0;
};

SPIKEFIT_HD AdexState adex_derivatives(const AdexParams& p, const AdexState& s,
                                       const SynapticInput& syn, double i_drive) {
  AdexState d;
  const double spike_current = p.g_L * p.Delta_T * guarded_exp((s.v - p.V_T) / p.Delta_T);
  d.v = (-p.g_L * (s.v - p.E_L) + spike_current - s.w - synaptic_current(syn, s.v) + p.I_e +
         i_drive) /
        p.C;
  d.w = (p.a * (s.v - p.E_L) - s.w) / p.tau_w;
  return d;
}

// One Euler step; returns true (and resets) when V reaches V_peak.
SPIKEFIT_HD bool adex_step(const AdexParams& p, AdexState& s, const SynapticInput& syn,
                           double i_drive, double dt) {
  const AdexState d = adex_derivatives(p, s, syn, i_drive);
  s.v += dt * d.v;
  s.w += dt * d.w;
  if (s.v >= p.V_peak) {
    s.v = p.V_reset;
    s.w += p.b;
    return true;
  }
  return false;
}

}  // namespace spikefit::engine::bg
