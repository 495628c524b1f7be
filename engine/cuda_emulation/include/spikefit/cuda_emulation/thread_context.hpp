#pragma once

// What a kernel thread sees of the emulated device while it runs: its indices, the block barrier
// and the warp collectives. Each CUDA thread of a block is a fiber on one OS thread
// (block_runner.cpp), so everything here is per OS thread.

#include <cstdint>

#include "spikefit/cuda_emulation/types.hpp"

namespace spikefit::cuda_emulation::detail {

extern thread_local const dim3* current_thread_index;  // null outside a kernel
extern thread_local dim3 current_block_index;
extern thread_local dim3 current_block_dim;
extern thread_local dim3 current_grid_dim;
extern thread_local bool random_switching;

// In the random schedule: may hand the OS thread to another thread of the block.
void random_switch_point();

inline dim3 thread_index() {
  if (random_switching) random_switch_point();
  return *current_thread_index;
}

// Ends the kernel's block with an error that names the block and thread (never returns to the
// kernel code).
[[noreturn]] void fail_kernel(const char* what);

enum class BarrierKind { kPlain, kOr, kAnd, kCount };
// __syncthreads and its reductions: a counting barrier over the block in which exited threads
// count as arrived. Every thread of one barrier must reach the same call site with the same kind.
int block_barrier(BarrierKind kind, int predicate, const char* file, int line);

enum class WarpOp { kSync, kBallot, kAny, kAll, kShuffle };
struct WarpArrival {
  WarpOp op;
  uint32_t mask;         // the lanes that take part; must include the caller
  uint64_t value;        // predicate (vote) or payload bits (shuffle)
  uint32_t source_lane;  // shuffle: the lane whose payload the caller receives
  const char* name;      // the intrinsic, for messages
  const char* file;
  int line;
};
// A barrier over the lanes of `mask` (exited lanes count as arrived); returns the ballot/vote
// result or the shuffled payload.
uint64_t warp_collective(const WarpArrival& arrival);
// The lanes of the caller's warp that have not exited.
uint32_t active_lanes();
uint32_t lane_id();

}  // namespace spikefit::cuda_emulation::detail
