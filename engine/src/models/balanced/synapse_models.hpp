#pragma once

#include "spikefit/base/host_device.hpp"
#include "spikefit/engine/models/balanced/model_kinds.hpp"

namespace spikefit::engine {

// Constants of one synaptic current channel. Both kinds have unit-area kernels, so a weight J is
// the total charge per presynaptic spike:
//  - second order (specs/snops.md §1.3): I' = P, P' = -(1/td + 1/tr) P - I/(td tr);
//    a spike adds J/(td tr) to P. td == tr is legal (alpha kernel).
//  - exponential: I' = -I/td; a spike adds J/td to I.
// Spikes always add to P ("kicked" variable); the step moves it into I, so both kinds have the
// same one-step synaptic delay.
struct SynapseConstants {
  SynapseKind kind = SynapseKind::kSecondOrder;
  double rate_sum = 0.0;      // 1/td + 1/tr (second order), 1/td (exponential)
  double rate_product = 0.0;  // 1/(td tr) (second order), unused (exponential)
};

SPIKEFIT_HD SynapseConstants make_synapse_constants(SynapseKind kind, double tau_rise_ms,
                                                    double tau_decay_ms) {
  SynapseConstants s;
  s.kind = kind;
  if (kind == SynapseKind::kSecondOrder) {
    s.rate_sum = 1 / tau_decay_ms + 1 / tau_rise_ms;
    s.rate_product = 1 / (tau_decay_ms * tau_rise_ms);
  } else {
    s.rate_sum = 1 / tau_decay_ms;
  }
  return s;
}

// The increment a presynaptic spike of weight J adds to the channel's P.
SPIKEFIT_HD double synapse_kick(const SynapseConstants& s, double weight) {
  return s.kind == SynapseKind::kSecondOrder ? weight * s.rate_product : weight * s.rate_sum;
}

// Second order: the semi-implicit Euler step of EIF1DRFfastslowSyn.c, I += dt P;
// P -= dt (P a + I b), with the updated I in the second line.
// Exponential: I += P - dt I / td; P = 0.
SPIKEFIT_HD void synapse_step(const SynapseConstants& s, double dt, double& current,
                              double& derivative) {
  if (s.kind == SynapseKind::kSecondOrder) {
    current += derivative * dt;
    derivative -= dt * (derivative * s.rate_sum + current * s.rate_product);
  } else {
    current += derivative - dt * current * s.rate_sum;
    derivative = 0.0;
  }
}

}  // namespace spikefit::engine
