#pragma once

#include "spikefit/engine/backend.hpp"

namespace spikefit::engine::cuda {

// Device 0 (as CUDA_VISIBLE_DEVICES orders them): usable when the driver answers, a device is
// present and this build holds code for it. Never throws.
CudaDeviceStatus probe_device();

}  // namespace spikefit::engine::cuda
