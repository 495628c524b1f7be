#include <cuda_runtime.h>

#include "cuda/device_info.hpp"

namespace spikefit::engine::cuda {

namespace {

__global__ void probe_kernel() {}

}  // namespace

bool kernel_image_available() {
  cudaFuncAttributes attributes{};
  return cudaFuncGetAttributes(&attributes, probe_kernel) == cudaSuccess;
}

}  // namespace spikefit::engine::cuda
