#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace spikefit::experiments {

// Device memory taken while a run goes on: started before the run, it reads cudaMemGetInfo's
// used bytes (total - free) once, then every `period_ms` on a thread; stop() returns the most
// used above that first reading. The device's context is created first, so it is not counted;
// another process's allocations during the run are. Without the CUDA backend compiled in
// (SPIKEFIT_WITH_CUDA), or when `enabled` is false or the device cannot be read, stop() is -1.
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
