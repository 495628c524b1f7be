#pragma once

#include <cstdint>

namespace spikefit::cuda_emulation {

// How the threads of a block take turns on their OS thread.
//  kInOrder: each thread runs until it waits (barrier, warp collective), in thread order.
//  kRandom: the next thread is drawn at random, and a running thread may also hand over at
//    every atomic and every read of threadIdx, with the given probability: seeded, so a failure
//    can be replayed. It shakes out missing barriers that the in-order schedule hides.
enum class ScheduleKind { kInOrder, kRandom };

struct Schedule {
  ScheduleKind kind = ScheduleKind::kInOrder;
  uint64_t seed = 1;
  double switch_probability = 0.25;
};

// The schedule of later launches (all host threads). The default comes from the environment:
// SPIKEFIT_CUDA_EMULATION_SCHEDULE=random:<seed> or in-order.
void set_schedule(const Schedule& schedule);
Schedule schedule();

}  // namespace spikefit::cuda_emulation
