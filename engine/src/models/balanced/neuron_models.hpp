#pragma once

#include <cmath>
#include <cstdint>

#include "models/balanced/fast_exp.hpp"
#include "spikefit/base/host_device.hpp"
#include "spikefit/engine/models/balanced/model_kinds.hpp"

namespace spikefit::engine {

// Constants of one integrate-and-fire population (EIF, or LIF when exp_kind == kNone), in the
// units of specs/snops.md §1.2: mV, ms, currents in mV/ms (C = 1 gives the SNOPS convention).
struct IntegrateFireConstants {
  double inv_C = 1.0;     // 1 / capacitance
  double g_L = 1.0 / 15;  // leak conductance (tau_m = C / g_L)
  double E_L = -60.0;     // leak reversal
  double V_T = -50.0;     // EIF soft threshold
  double Delta_T = 2.0;   // EIF slope factor
  double inv_Delta_T = 0.5;
  double V_cut = -10.0;  // spike cutoff (threshold for LIF); V is held here while refractory
  double V_reset = -65.0;
  double V_floor = -100.0;        // lower bound on V
  double I_ext = 0.0;             // constant applied current
  int32_t refractory_steps = 30;  // round(t_ref / dt)
  SpikeExp exp_kind = SpikeExp::kExact;
};

// One forward-Euler step of an integrate-and-fire neuron with the exact semantics of
// EIF1DRFfastslowSyn.c (specs/snops.md §1.6):
//  - not refractory: V += max(dt/C (I - g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T)),
//                             V_floor - V)
//  - refractory: V = V_cut while the counter is > 1, V = V_reset on the last refractory step;
//    the counter is decremented.
//  - V >= V_cut and not refractory: spike, V = V_cut, counter = refractory_steps.
// Returns true when the neuron spikes in this step. I_syn is the summed synaptic current.
// Divisions by C and Delta_T are multiplications by stored reciprocals: identical to the MEX's
// divisions whenever the reciprocal is exact (SNOPS: C = 1, Delta_T = 2 and 0.5).
SPIKEFIT_HD bool integrate_fire_step(const IntegrateFireConstants& c, double dt, double I_syn,
                                     double& v, int32_t& refractory) {
  if (refractory <= 0) {
    double drive = (I_syn + c.I_ext) - c.g_L * (v - c.E_L);
    if (c.exp_kind == SpikeExp::kExact) {
      drive += c.g_L * c.Delta_T * exp((v - c.V_T) * c.inv_Delta_T);
    } else if (c.exp_kind == SpikeExp::kSchraudolph) {
      drive += c.g_L * c.Delta_T * schraudolph_exp((v - c.V_T) * c.inv_Delta_T);
    }
    // fmax(step, floor - v) of the MEX, written out so that it inlines (NaN drive -> floor too).
    const double step = drive * dt * c.inv_C;
    const double to_floor = c.V_floor - v;
    v += step > to_floor ? step : to_floor;
  } else {
    v = refractory > 1 ? c.V_cut : c.V_reset;
    --refractory;
  }
  if (v >= c.V_cut && refractory <= 0) {
    v = c.V_cut;
    refractory = c.refractory_steps;
    return true;
  }
  return false;
}

}  // namespace spikefit::engine
