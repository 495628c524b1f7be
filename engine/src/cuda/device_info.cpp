#include "cuda/device_info.hpp"

#include <cuda_runtime.h>

#include <string>

namespace spikefit::engine::cuda {

CudaDeviceStatus probe_device() {
  CudaDeviceStatus status;
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    status.reason = std::string("no usable CUDA device (") + cudaGetErrorName(e) + ": " +
                    cudaGetErrorString(e) + ")";
    return status;
  }
  if (count == 0) {
    status.reason = "no CUDA device present";
    return status;
  }
  cudaDeviceProp prop{};
  const cudaError_t p = cudaGetDeviceProperties(&prop, 0);
  if (p != cudaSuccess) {
    status.reason = std::string("cannot read CUDA device 0 (") + cudaGetErrorString(p) + ")";
    return status;
  }
  status.device = std::string(prop.name) + " (compute capability " + std::to_string(prop.major) +
                  "." + std::to_string(prop.minor) + ", " +
                  std::to_string(prop.multiProcessorCount) + " SMs)";
  if (!kernel_image_available()) {
    status.reason = "this build has no code for " + status.device +
                    " (set CMAKE_CUDA_ARCHITECTURES to include it)";
    return status;
  }
  status.usable = true;
  return status;
}

}  // namespace spikefit::engine::cuda
