#pragma once

#include <CLI/CLI.hpp>

namespace spikefit::experiments {

// `spikefit report --study FILE [--out DIR]`: plots, tables and exports of a fit study.
void add_report_command(CLI::App& app);

}  // namespace spikefit::experiments
