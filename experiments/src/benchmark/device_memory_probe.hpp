#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace spikefit::experiments {

// Device memory taken while a run goes on: started before the run, it reads the used bytes
// (total - free) of device 0 once, then every `period_ms` on a thread; stop() returns the most
// used above that first reading. It reads them through the CUDA driver (libcuda.so.1, opened at
// run time, so that no build links it: the CPU-only and CUDA-emulated programs share this object)
// in the device's primary context, the one the CUDA runtime uses, which it creates first so that
// the context is not counted; another process's allocations during the run are. When `enabled`
// is false or the driver or device cannot be read, stop() is -1.
class DeviceMemoryProbe {
 public:
  explicit DeviceMemoryProbe(bool enabled, int period_ms = 5);
  ~DeviceMemoryProbe();
  DeviceMemoryProbe(const DeviceMemoryProbe&) = delete;
  DeviceMemoryProbe& operator=(const DeviceMemoryProbe&) = delete;

  int64_t stop();

 private:
  bool running_ = false;
  int64_t baseline_ = 0;
  std::atomic<int64_t> peak_{0};
  std::atomic<bool> stop_{false};
  std::thread poller_;
};

}  // namespace spikefit::experiments
