#pragma once

#include <cstddef>
#include <string>

#include "spikefit/cuda_emulation/launch.hpp"
#include "spikefit/cuda_emulation/schedule.hpp"

namespace spikefit::cuda_emulation {

struct BlockJob {
  const KernelCall* call;
  dim3 grid, block, block_index;
  std::size_t dynamic_shared;
  Schedule schedule;
};

// The largest dynamic shared memory a block may have (an H100's opt-in limit).
constexpr std::size_t kMaxDynamicSharedBytes = 227 * 1024;

// Runs one block on the calling OS thread, its threads as fibers. Empty on success; otherwise
// what went wrong (deadlock, misuse of a barrier or warp collective, illegal address), naming
// the block and threads. Sets *illegal_address when the failure was a memory fault.
std::string run_block(const BlockJob& job, bool* illegal_address);

}  // namespace spikefit::cuda_emulation
