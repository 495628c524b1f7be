#include "spikefit/experiments/cli/backend_option.hpp"

#include <cstdio>

namespace spikefit::experiments {

void add_backend_option(CLI::App& command, std::string& backend) {
  command
      .add_option("--backend", backend,
                  "Simulation backend: auto (CUDA when a device is present), cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
}

engine::SelectedBackend open_backend(const std::string& backend) {
  engine::SelectedBackend selected = engine::make_ensemble(engine::parse_backend_choice(backend));
  if (!selected.warning.empty())
    std::fprintf(stderr, "spikefit: warning: %s\n", selected.warning.c_str());
  return selected;
}

}  // namespace spikefit::experiments
