#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "spikefit/engine/backend.hpp"

namespace spikefit::experiments {

// Adds `--backend auto|cpu|cuda` (default auto) to a command.
void add_backend_option(CLI::App& command, std::string& backend);

// The ensemble for the option's value; a fallback warning goes to stderr.
engine::SelectedBackend open_backend(const std::string& backend);

}  // namespace spikefit::experiments
