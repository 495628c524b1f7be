#pragma once

#include <CLI/CLI.hpp>

namespace spikefit::experiments {

// `spikefit scale`: a scaling study of a config over network sizes, batch sizes and thread counts
// (one forked process per cell), its measurements, exponents, strong/weak scaling and cost model.
void add_scale_command(CLI::App& app);

}  // namespace spikefit::experiments
