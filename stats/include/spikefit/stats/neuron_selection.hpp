#pragma once

#include <cstdint>
#include <vector>

#include "spikefit/engine/recording.hpp"

namespace spikefit::stats {

// SNOPS's neuron sampling (specs/snops.md §1.7): cells of the count population whose mean rate
// over the binned window exceeds min_rate_hz; `draws` independent draws of `neurons` cells
// without replacement.
struct SelectionOptions {
  double min_rate_hz = 0.5;
  uint32_t neurons = 50;
  uint32_t draws = 10;
};

// Indices (within the count population) of the cells above the rate threshold, ascending.
std::vector<uint32_t> active_neurons(const engine::TrialRecording& rec, double min_rate_hz);

// `draws` samples of `neurons` distinct entries of `eligible` (partial Fisher-Yates driven by a
// Philox stream keyed by seed). Requires eligible.size() >= neurons.
std::vector<std::vector<uint32_t>> draw_neurons(const std::vector<uint32_t>& eligible,
                                                uint32_t neurons, uint32_t draws, uint64_t seed);

}  // namespace spikefit::stats
