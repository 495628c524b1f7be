#include "device_memory_probe.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstddef>

namespace spikefit::experiments {

namespace {

// The few CUDA driver entry points the probe needs (cuda.h's types: CUresult is an int, 0 is
// CUDA_SUCCESS; CUdevice an int; CUcontext a pointer).
struct CudaDriver {
  using Init = int (*)(unsigned);
  using DeviceGet = int (*)(int*, int);
  using PrimaryCtxRetain = int (*)(void**, int);
  using CtxSetCurrent = int (*)(void*);
  using MemGetInfo = int (*)(std::size_t*, std::size_t*);
  Init init = nullptr;
  DeviceGet device_get = nullptr;
  PrimaryCtxRetain primary_ctx_retain = nullptr;
  CtxSetCurrent ctx_set_current = nullptr;
  MemGetInfo mem_get_info = nullptr;
  void* context = nullptr;

  // Opens the driver and makes device 0's primary context current on this thread.
  bool open() {
    void* library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!library) return false;
    init = reinterpret_cast<Init>(dlsym(library, "cuInit"));
    device_get = reinterpret_cast<DeviceGet>(dlsym(library, "cuDeviceGet"));
    primary_ctx_retain =
        reinterpret_cast<PrimaryCtxRetain>(dlsym(library, "cuDevicePrimaryCtxRetain"));
    ctx_set_current = reinterpret_cast<CtxSetCurrent>(dlsym(library, "cuCtxSetCurrent"));
    mem_get_info = reinterpret_cast<MemGetInfo>(dlsym(library, "cuMemGetInfo_v2"));
    if (!init || !device_get || !primary_ctx_retain || !ctx_set_current || !mem_get_info) {
      return false;
    }
    int device = 0;
    return init(0) == 0 && device_get(&device, 0) == 0 &&
           primary_ctx_retain(&context, device) == 0 && ctx_set_current(context) == 0;
  }

  // Bytes in use on the device, or -1; the context must be current on the calling thread.
  int64_t used_bytes() const {
    std::size_t free_bytes = 0, total_bytes = 0;
    if (mem_get_info(&free_bytes, &total_bytes) != 0) return -1;
    return static_cast<int64_t>(total_bytes - free_bytes);
  }
};

}  // namespace

DeviceMemoryProbe::DeviceMemoryProbe(bool enabled, int period_ms) {
  if (!enabled) return;
  static CudaDriver driver;  // the process's one driver handle and primary context
  static const bool opened = driver.open();
  if (!opened || driver.ctx_set_current(driver.context) != 0) return;
  baseline_ = driver.used_bytes();
  if (baseline_ < 0) return;
  peak_ = baseline_;
  running_ = true;
  poller_ = std::thread([this, period_ms]() {
    if (driver.ctx_set_current(driver.context) != 0) return;
    while (!stop_.load()) {
      const int64_t used = driver.used_bytes();
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
