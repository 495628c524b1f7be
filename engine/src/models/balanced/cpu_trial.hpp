#pragma once

#include <cstdint>

#include "models/balanced/trial_state.hpp"
#include "spikefit/engine/models/balanced/network_spec.hpp"
#include "spikefit/engine/recording.hpp"

namespace spikefit::engine {

// Simulates one trial (the CPU reference backend) on the calling thread, or on a team of `threads`
// OpenMP threads (a nested team when called from a parallel region; fewer when nesting is off);
// the result is bit-identical for every team size. Never throws for a failing simulation: runaway
// and numerical failures are reported in the status. With `final_state`, also returns the state
// after the last step.
TrialRecording simulate_trial_cpu(const NetworkSpec& net, uint64_t seed,
                                  TrialState* final_state = nullptr, int threads = 1);

}  // namespace spikefit::engine
