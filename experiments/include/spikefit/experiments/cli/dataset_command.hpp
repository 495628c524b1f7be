#pragma once

#include <CLI/CLI.hpp>

namespace spikefit::experiments {

// `spikefit dataset`: simulates a space-filling design of a config's free parameters into a
// dataset file (resumable, extendable); `spikefit dataset-csv` writes one as CSV.
void add_dataset_command(CLI::App& app);
void add_dataset_csv_command(CLI::App& app);

}  // namespace spikefit::experiments
