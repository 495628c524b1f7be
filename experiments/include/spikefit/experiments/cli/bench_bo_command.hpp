#pragma once

#include <CLI/CLI.hpp>

namespace spikefit::experiments {

// `spikefit bench-bo`: one Bayesian-optimisation benchmark run (bo_benchmark.hpp) to JSON.
void add_bench_bo_command(CLI::App& app);

// `spikefit bench-bo-summary FILES --checkpoints 64,256,1024`: the markdown table of
// bo_summary.hpp.
void add_bench_bo_summary_command(CLI::App& app);

}  // namespace spikefit::experiments
