#pragma once

#include <memory>
#include <string>

#include "spikefit/engine/ensemble.hpp"

namespace spikefit::engine {

// Which backend a command runs on: `auto` is CUDA when it is compiled in and a device is
// present, else the CPU.
enum class BackendChoice { kAuto, kCpu, kCuda };

// "auto" | "cpu" | "cuda"; anything else throws std::invalid_argument naming the value.
BackendChoice parse_backend_choice(const std::string& text);
const char* to_string(BackendChoice choice);

struct SelectedBackend {
  std::unique_ptr<Ensemble> ensemble;
  std::string warning;  // non-empty when `auto` fell back to the CPU, saying why
};

// Whether the CUDA backend can run here; `reason` says why not (not compiled in, no device, the
// driver's error), `device` names the GPU (name and compute capability) when it can.
struct CudaDeviceStatus {
  bool usable = false;
  std::string reason;
  std::string device;
};
CudaDeviceStatus cuda_device_status();

// The ensemble for `choice`. `cuda` throws std::runtime_error saying why it cannot run (not
// compiled in, no device, driver error); `auto` falls back to the CPU with a warning instead, and
// also when the CUDA backend fails at run time (the warning then goes to stderr).
SelectedBackend make_ensemble(BackendChoice choice);

}  // namespace spikefit::engine
