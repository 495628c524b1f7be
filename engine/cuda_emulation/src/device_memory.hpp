#pragma once

// The emulated device's global memory: each allocation a GuardedRegion (data 256-byte aligned
// against a guard page, filled with 0xFF bytes as the device leaves memory uninitialised), in a
// registry that the launch and copy checks consult.

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "guarded_region.hpp"
#include "spikefit/cuda_emulation/types.hpp"

namespace spikefit::cuda_emulation {

// The memory the emulated device reports (an 80-GB H100).
constexpr std::size_t kDeviceMemoryBytes = std::size_t{80} << 30;

class DeviceMemory {
 public:
  static DeviceMemory& instance();

  cudaError_t allocate(void** pointer, std::size_t bytes, std::string& problem);
  cudaError_t release(const void* pointer, std::string& problem);
  // Empty when [pointer, pointer + bytes) lies inside one allocation; otherwise why not.
  std::string check_range(const void* pointer, std::size_t bytes) const;
  bool contains(const void* pointer) const;
  std::size_t allocated_bytes() const;
  // Empty when no allocation's canaries were overwritten; otherwise the first such write.
  std::string check_canaries() const;
  // For the fault handler (no allocation): writes a description into `out` and returns true
  // when `address` is in the guard page of an allocation.
  bool describe_guard_fault(const void* address, char* out, std::size_t out_size) const;

 private:
  // The allocation whose data or guard holds `address`, or end().
  std::map<const char*, GuardedRegion>::const_iterator find(const void* address) const;

  mutable std::mutex mutex_;
  std::map<const char*, GuardedRegion> regions_;  // by data start
  std::size_t allocated_ = 0;
};

}  // namespace spikefit::cuda_emulation
