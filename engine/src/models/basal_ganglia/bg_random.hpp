#pragma once

#include <cstdint>

#include "spikefit/base/host_device.hpp"

namespace spikefit::engine::bg {

// Philox streams of a BG trial (spikefit/engine/random.hpp layout: purpose in the top 8 bits,
// object below), each keyed by the trial seed, so every source of randomness can be re-drawn
// alone: index = cell (initial V, offsets, cortical spikes) or post cell (connectivity).
enum class BgRngPurpose : uint32_t {
  kInitialV = 16,      // object = population
  kAppOffset = 17,     // object = population
  kConnectivity = 18,  // object = pathway
  kSmcIntervals = 19,  // object = 0, index = 0
  kCortical = 20,      // object = 0, index = cell of the target population
};

SPIKEFIT_HD uint32_t bg_stream(BgRngPurpose purpose, uint32_t object) {
  return (static_cast<uint32_t>(purpose) << 24) | (object & 0xFFFFFFu);
}

}  // namespace spikefit::engine::bg
