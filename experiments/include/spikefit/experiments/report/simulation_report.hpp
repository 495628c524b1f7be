#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "spikefit/engine/models/balanced/network_spec.hpp"
#include "spikefit/engine/recording.hpp"

namespace spikefit::experiments {

// The JSON summary of one trial: trial, seed, status, reason, rate_<pop>_hz, rates_hz {pop: Hz},
// spikes, synaptic_events, first/last spike time, simulated_ms, count shape; wall time only when
// with_timing (so that the same seed gives byte-identical output otherwise).
nlohmann::json trial_summary(const engine::NetworkSpec& net, const engine::TrialRecording& rec,
                             uint64_t trial, bool with_timing);

}  // namespace spikefit::experiments
