#pragma once

#include <cstddef>

namespace spikefit::cuda_emulation {

// A kernel's dynamic shared memory limit: 48 KiB until cudaFuncSetAttribute raises it (up to
// kMaxDynamicSharedBytes), as on the device.
std::size_t max_dynamic_shared(const void* kernel);
void set_max_dynamic_shared(const void* kernel, std::size_t bytes);

}  // namespace spikefit::cuda_emulation
