#include "device_memory_probe.hpp"

#include <algorithm>
#include <chrono>

#ifdef SPIKEFIT_WITH_CUDA
#include <cuda_runtime.h>
#endif

namespace spikefit::experiments {

namespace {

// Bytes in use on device 0, or -1 when they cannot be read.
int64_t used_device_bytes() {
#ifdef SPIKEFIT_WITH_CUDA
  std::size_t free_bytes = 0, total_bytes = 0;
  if (cudaMemGetInfo(&free_bytes, &total_bytes) != cudaSuccess) return -1;
  return static_cast<int64_t>(total_bytes - free_bytes);
#else
  return -1;
#endif
}

}  // namespace

DeviceMemoryProbe::DeviceMemoryProbe(bool enabled, int period_ms) {
  if (!enabled) return;
#ifdef SPIKEFIT_WITH_CUDA
  if (cudaSetDevice(0) != cudaSuccess || cudaFree(nullptr) != cudaSuccess) return;  // context
#endif
  baseline_ = used_device_bytes();
  if (baseline_ < 0) return;
  peak_ = baseline_;
  running_ = true;
  poller_ = std::thread([this, period_ms]() {
    while (!stop_.load()) {
      const int64_t used = used_device_bytes();
      int64_t seen = peak_.load();
      while (used > seen && !peak_.compare_exchange_weak(seen, used)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(period_ms));
    }
  });
}

DeviceMemoryProbe::~DeviceMemoryProbe() {
  stop();
}

int64_t DeviceMemoryProbe::stop() {
  if (!running_) return -1;
  if (poller_.joinable()) {
    stop_ = true;
    poller_.join();
  }
  return std::max<int64_t>(0, peak_.load() - baseline_);
}

}  // namespace spikefit::experiments
