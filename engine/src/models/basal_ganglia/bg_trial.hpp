#pragma once

#include <cstdint>

#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"
#include "spikefit/engine/recording.hpp"

namespace spikefit::engine::bg {

// The CPU reference runner of the BG model: simulates one trial on the calling thread and
// records what BgNetwork documents. Never throws: failures are in the status.
TrialRecording simulate_bg_trial_cpu(const BgNetworkSpec& net, uint64_t seed);

}  // namespace spikefit::engine::bg
