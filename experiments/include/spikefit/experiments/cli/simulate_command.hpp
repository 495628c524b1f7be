#pragma once

#include <CLI/CLI.hpp>

namespace spikefit::experiments {

// `spikefit simulate`: runs B trials of a config's network and prints/writes their summaries.
void add_simulate_command(CLI::App& app);

}  // namespace spikefit::experiments
