#pragma once

#include <cstdint>
#include <vector>

#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"

namespace spikefit::engine::bg {

// Gather lists of one pathway (CSR by post cell, no atomics needed): the presynaptic cells of
// post cell j are pre[offsets[j] .. offsets[j + 1]), local indices of the pre population.
struct BgWiring {
  std::vector<uint32_t> offsets;  // [n_post + 1]
  std::vector<uint32_t> pre;      // [n_post x in_degree]
};

// Random fixed in-degree: each post cell j draws in_degree distinct pre cells (not itself unless
// allow_self, when pre == post) uniformly, by rejection, from the Philox stream
// (seed, connectivity of pathway `pathway`, index j). one_to_one: post j <- pre j.
BgWiring wire_pathway(const BgNetworkSpec& net, uint32_t pathway, uint64_t seed);

}  // namespace spikefit::engine::bg
