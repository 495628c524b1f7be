#pragma once

#include <CLI/CLI.hpp>

namespace spikefit::experiments {

// `spikefit fit`: a SNOPS-style fit of a config's free parameters to a target, stored in a
// resumable SQLite study.
void add_fit_command(CLI::App& app);

}  // namespace spikefit::experiments
