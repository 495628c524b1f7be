#pragma once

#include <CLI/CLI.hpp>

namespace spikefit::experiments {

// `spikefit sweep`: a grid over one or two free parameters of a config, R replicates per cell,
// written as sweep.json, sweep.csv and heat maps of chosen statistics.
void add_sweep_command(CLI::App& app);

}  // namespace spikefit::experiments
