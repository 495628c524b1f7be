#include "spikefit/engine/backend.hpp"

#include <stdexcept>

namespace spikefit::engine {

BackendChoice parse_backend_choice(const std::string& text) {
  if (text == "auto") return BackendChoice::kAuto;
  if (text == "cpu") return BackendChoice::kCpu;
  if (text == "cuda") return BackendChoice::kCuda;
  throw std::invalid_argument("unknown backend '" + text + "' (expected auto, cpu or cuda)");
}

const char* to_string(BackendChoice choice) {
  switch (choice) {
    case BackendChoice::kAuto:
      return "auto";
    case BackendChoice::kCpu:
      return "cpu";
    case BackendChoice::kCuda:
      return "cuda";
  }
  return "unknown";
}

SelectedBackend make_ensemble(BackendChoice choice) {
  SelectedBackend selected;
  if (choice == BackendChoice::kCuda) {
    throw std::runtime_error("--backend cuda: the CUDA backend is not compiled in");
  }
  selected.ensemble = make_cpu_ensemble();
  return selected;
}

}  // namespace spikefit::engine
