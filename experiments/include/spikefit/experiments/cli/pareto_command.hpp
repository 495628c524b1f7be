#pragma once

#include <CLI/CLI.hpp>

namespace spikefit::experiments {

// `spikefit pareto --study FILE [--pick knee|weights=w1,...] [--out FILE]`: the Pareto front of a
// multi-objective study by replicate means, and one point picked from it.
void add_pareto_command(CLI::App& app);

}  // namespace spikefit::experiments
