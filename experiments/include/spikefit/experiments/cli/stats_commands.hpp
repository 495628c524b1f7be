#pragma once

#include <CLI/CLI.hpp>

namespace spikefit::experiments {

// `spikefit stats`: the statistics (and optionally the cost) of recorded counts or spike trains.
void add_stats_command(CLI::App& app);

// `spikefit targets`: a target file entry (means and normalisers) from repeated simulations of a
// parameter set or from recorded data with bootstrap resamples.
void add_targets_command(CLI::App& app);

}  // namespace spikefit::experiments
