#pragma once

#include <cstdint>

#include "spikefit/base/host_device.hpp"

namespace spikefit::engine {

SPIKEFIT_HD uint32_t popcount32(uint32_t x) {
#if defined(__CUDA_ARCH__)
  return static_cast<uint32_t>(__popc(x));
#else
  return static_cast<uint32_t>(__builtin_popcount(x));
#endif
}

// Warp-level spike compaction: `ballot` has bit l set when lane l spiked this step. A spiking lane
// writes its neuron to slot (warp base + rank), rank = number of spiking lanes below it, so a warp
// fills popcount(ballot) consecutive slots without any per-spike atomic.
SPIKEFIT_HD uint32_t rank_in_ballot(uint32_t ballot, uint32_t lane) {
  return popcount32(ballot & ((1u << lane) - 1u));
}

}  // namespace spikefit::engine
