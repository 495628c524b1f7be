#pragma once

#include <cmath>

#include "spikefit/base/host_device.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_math.hpp"

namespace spikefit::engine::bg {

// Presynaptic synapse variables of So 2012 (one per presynaptic cell, shared by all its targets).

// First-order voltage-gated transmitter gate (So's GPe output):
//   s' = alpha (1 - s) H_inf(V_pre - theta) - beta s,  H_inf(x) = B(x; half, slope).
struct GateSynapseParams {
  double alpha = 2.0, beta = 0.04, theta = 20.0;
  double half = -57.0, slope = 2.0;
};

SPIKEFIT_HD double gate_activation(const GateSynapseParams& p, double v_pre) {
  return boltzmann(v_pre - p.theta, p.half, p.slope);
}

// s at rest for a presynaptic voltage held at v_pre: alpha H / (alpha H + beta).
SPIKEFIT_HD double gate_steady_state(const GateSynapseParams& p, double v_pre) {
  const double ah = p.alpha * gate_activation(p, v_pre);
  return ah / (ah + p.beta);
}

// One step from the previous step's presynaptic voltage (So: S3 uses V3 of step i-1).
SPIKEFIT_HD void gate_synapse_step(const GateSynapseParams& p, double v_pre_old, double dt,
                                   BgIntegrator integrator, double& s) {
  const double ah = p.alpha * gate_activation(p, v_pre_old);
  if (integrator == BgIntegrator::kEuler) {
    s += dt * (ah * (1.0 - s) - p.beta * s);
  } else {
    s = relax(s, ah / (ah + p.beta), ah + p.beta, dt, integrator);
  }
}

// Second-order alpha synapse (So's STN and GPi outputs): S' = Z, Z' = u - 2Z/tau - S/tau^2,
// u = g_peak / (tau e^-1) / dt on the step the presynaptic V crosses the spike threshold
// upwards, so that one spike gives S(t) ~ g_peak (t/tau) e^(1 - t/tau), peaking at g_peak.
struct AlphaSynapseParams {
  double tau_ms = 5.0;
  double g_peak = 0.43;  // 0.43 STN, 0.3 GPi
};

struct AlphaSynapseState {
  double s = 0.0, z = 0.0;
};

// So's exact order: S <- S + dt Z (old Z), then Z <- Z + dt (u - 2Z/tau - S_new/tau^2).
// `spiked`: the presynaptic cell crossed its threshold in this step (old V -> new V). The same
// update is used by both integrators (it is linear, and stable for dt << tau).
SPIKEFIT_HD void alpha_synapse_step(const AlphaSynapseParams& p, bool spiked, double dt,
                                    AlphaSynapseState& state) {
  const double u = spiked ? p.g_peak / (p.tau_ms * exp(-1.0)) / dt : 0.0;
  state.s += dt * state.z;
  state.z += dt * (u - 2.0 / p.tau_ms * state.z - state.s / (p.tau_ms * p.tau_ms));
}

}  // namespace spikefit::engine::bg
