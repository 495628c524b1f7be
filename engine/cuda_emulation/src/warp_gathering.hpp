#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "spikefit/cuda_emulation/thread_context.hpp"

// A warp collective (__ballot_sync, __shfl_sync, ...) as a barrier over the lanes of its mask:
// lanes arrive with their values, and when every lane of the mask has arrived or exited, each
// arrived lane gets its result.
namespace spikefit::cuda_emulation {

constexpr uint32_t kWarpSize = 32;

// One open collective of a warp: the lanes of `mask` that have arrived, and their values.
struct WarpGathering {
  detail::WarpOp op;
  uint32_t mask;
  uint32_t arrived = 0;
  uint64_t values[kWarpSize] = {};
  uint32_t sources[kWarpSize] = {};
  const char* name;
  const char* file;
  int line;
};

struct Warp {
  uint32_t exited = 0;  // lanes that have exited or do not exist (a partial last warp)
  std::vector<WarpGathering> open;
};

// Lane `lane` arrives at `arrival`: joins the open gathering of the same mask (or opens one) and
// sets *which to its index in warp.open. Returns what is wrong instead (a mask that excludes the
// caller, lanes of the warp waiting in another collective, different collectives on one mask).
std::string join_gathering(Warp& warp, const detail::WarpArrival& arrival, uint32_t lane,
                           std::size_t* which);

// True when every lane of the gathering's mask has arrived or exited.
inline bool gathering_complete(const Warp& warp, const WarpGathering& g) {
  return ((g.arrived | warp.exited) & g.mask) == g.mask;
}

// Each arrived lane's result of a complete gathering, in results[lane]; returns what is wrong
// instead (a shuffle from a lane that is not taking part).
std::string gathering_results(const WarpGathering& g, uint64_t (&results)[kWarpSize]);

}  // namespace spikefit::cuda_emulation
