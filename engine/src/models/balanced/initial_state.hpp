#pragma once

#include <cstdint>

#include "spikefit/base/host_device.hpp"
#include "spikefit/engine/random.hpp"

namespace spikefit::engine {

// Initial membrane potential of neuron `neuron` of population `population`: uniform on
// (low, high], one Philox block per neuron.
SPIKEFIT_HD double initial_potential(uint64_t seed, uint32_t population, uint32_t neuron,
                                     double low, double high) {
  const RandomWords r =
      philox_words(seed, rng_stream(RngPurpose::kInitialState, population), neuron, 0);
  return low + (high - low) * uniform_open_closed(r.w[0], r.w[1]);
}

}  // namespace spikefit::engine
