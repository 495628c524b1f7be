#pragma once

#include <cmath>
#include <cstdint>

#include "spikefit/base/host_device.hpp"

namespace spikefit::engine::bg {

// How one step of a conductance-based BG cell is integrated.
//  - kEuler: forward Euler of every variable from the previous step's values (So 2012).
//  - kExponentialEuler: every variable that is linear in itself given the others (the gates, Ca,
//    and V with the conductances frozen at the previous step) is advanced by its exact
//    exponential solution, x <- x_inf + (x - x_inf) exp(-dt / tau) (Rush-Larsen; the scheme of
//    Brian2's `exponential_euler`). Stable at larger dt, but not identical to So's code.
enum class BgIntegrator : int32_t { kEuler = 0, kExponentialEuler = 1 };

// exp() with its argument clamped to [-700, 700]: never inf, so steep sigmoids stay finite.
SPIKEFIT_HD double guarded_exp(double x) {
  return exp(x < -700.0 ? -700.0 : (x > 700.0 ? 700.0 : x));
}

// B(x; half, k) = 1 / (1 + exp(-(x - half) / k)); k > 0 rises with x, k < 0 falls.
SPIKEFIT_HD double boltzmann(double x, double half, double k) {
  return 1.0 / (1.0 + guarded_exp(-(x - half) / k));
}

// One step of x' = (x_inf - x) * rate, rate = phi / tau > 0.
SPIKEFIT_HD double relax(double x, double x_inf, double rate, double dt, BgIntegrator integrator) {
  if (integrator == BgIntegrator::kEuler) return x + dt * (rate * (x_inf - x));
  return x_inf + (x - x_inf) * exp(-dt * rate);
}

// The summed synaptic input of one cell: I_syn = sum over pathways of w (V - E) sum(gates)
//  = conductance * V - conductance_reversal, with conductance = sum w * gates and
//  conductance_reversal = sum w * E * gates. Both are gathered by the caller from the previous
//  step's synapse variables.
struct SynapticInput {
  double conductance = 0.0;
  double conductance_reversal = 0.0;
};

SPIKEFIT_HD double synaptic_current(const SynapticInput& in, double v) {
  return in.conductance * v - in.conductance_reversal;
}

// An upward crossing of `threshold` between two successive voltages (So 2012's spike rule:
// v_old < threshold < v_new).
SPIKEFIT_HD bool crossed_upward(double v_old, double v_new, double threshold) {
  return v_old < threshold && v_new > threshold;
}

// The exact step of C dV/dt = -G V + J with G > 0 and J frozen over the step.
SPIKEFIT_HD double membrane_exponential_step(double v, double total_conductance,
                                             double total_source, double inv_c, double dt) {
  const double v_inf = total_source / total_conductance;
  return v_inf + (v - v_inf) * exp(-dt * inv_c * total_conductance);
}

}  // namespace spikefit::engine::bg
