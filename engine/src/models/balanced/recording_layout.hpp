#pragma once

#include <cstdint>
#include <string>

#include "spikefit/engine/models/balanced/network_spec.hpp"
#include "spikefit/engine/recording.hpp"

namespace spikefit::engine {

// Steps that bound the bins of a trial's recording.
struct RecordingSteps {
  uint64_t burn_in = 0;
  uint64_t count_bin = 1;
  uint64_t activity_bin = 0;  // 0: no activity trace
};

// Sets a recording's metadata and sizes its arrays (zeroed) for the trial of `net` with `seed`,
// as both backends fill it; returns the bin steps.
RecordingSteps prepare_recording(const NetworkSpec& net, uint64_t seed, TrialRecording& rec);

// The messages of a trial that stops at `t_ms`, identical on every backend.
std::string runaway_message(const NetworkSpec& net, double t_ms);
std::string non_finite_message(double t_ms);

}  // namespace spikefit::engine
