#pragma once

#include <optional>
#include <string>
#include <utility>

#include "spikefit/engine/recording.hpp"

namespace spikefit::experiments {

// Recorded data in one variable of a MATLAB file (v5, v7 or v7.3, read with libmatio), as
// spike_data.hpp's recordings:
//   - a numeric matrix [neurons x bins] of spike counts (any numeric class; integer values), or
//   - a cell array with one numeric vector of spike times in ms per neuron, binned over
//     window_ms = [start, stop) (required for cells; ignored for counts).
// Errors name the file and the variable ("rec.mat:counts(3,7): ...").
engine::TrialRecording read_mat_recording(
    const std::string& path, const std::string& variable, double bin_ms,
    const std::optional<std::pair<double, double>>& window_ms);

}  // namespace spikefit::experiments
