#pragma once

#include "spikefit/engine/backend.hpp"

namespace spikefit::engine::cuda {

// Device 0 (as CUDA_VISIBLE_DEVICES orders them): usable when the driver answers, a device is
// present and this build holds code for it. Never throws.
CudaDeviceStatus probe_device();

// False when this build holds no code the current device can run (probe_kernel.cu: every kernel
// of the build is compiled for the same architectures).
bool kernel_image_available();

}  // namespace spikefit::engine::cuda
