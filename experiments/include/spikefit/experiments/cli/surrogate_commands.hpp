#pragma once

#include <CLI/CLI.hpp>

namespace spikefit::experiments {

// `spikefit train-surrogate`: trains an emulator of a dataset's statistics, evaluates it on
// held-out design points (and learning curves), saves it and writes its report page.
void add_train_surrogate_command(CLI::App& app);
// `spikefit emulate`: a trained emulator's predicted statistics, with uncertainty, at a point.
void add_emulate_command(CLI::App& app);

}  // namespace spikefit::experiments
