#pragma once

#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

namespace spikefit::engine::cuda {

// Throws std::runtime_error naming what failed and CUDA's reason.
inline void check_cuda(cudaError_t status, const char* what) {
  if (status != cudaSuccess) {
    throw std::runtime_error(std::string("CUDA error while ") + what + ": " +
                             cudaGetErrorString(status));
  }
}

}  // namespace spikefit::engine::cuda
