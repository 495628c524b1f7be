#pragma once

#include <cstdint>
#include <vector>

#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"

namespace spikefit::engine::bg {

// The per-cell random draws of a trial, shared by every backend so that they start from the same
// state: V_j = v_init_mean + v_init_sd z_j (z_j from the stream (seed, kInitialV, population),
// index 0, two uniforms per cell by Box-Muller, first normal kept) and
// I_app_j = I_app + I_app_offset_sd z'_j (same rule, stream kAppOffset). Gates start at their
// steady state for V_j (stn/gp/tc_steady_state), AdEx w at 0, synapse variables at 0.
struct BgInitialDraws {
  std::vector<double> v_mv;   // [neurons], global index across populations
  std::vector<double> i_app;  // [neurons]
};

BgInitialDraws bg_initial_draws(const BgNetworkSpec& net, uint64_t seed);

}  // namespace spikefit::engine::bg
