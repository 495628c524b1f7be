#include "device_memory.hpp"

#include <cstdio>
#include <iterator>
#include <sstream>

namespace spikefit::cuda_emulation {

namespace {

constexpr std::size_t kAlignment = 256;

std::string hex(const void* p) {
  std::ostringstream s;
  s << p;
  return s.str();
}

}  // namespace

DeviceMemory& DeviceMemory::instance() {
  static DeviceMemory memory;
  return memory;
}

cudaError_t DeviceMemory::allocate(void** pointer, std::size_t bytes, std::string& problem) {
  if (pointer == nullptr) {
    problem = "cudaMalloc was given a null pointer to store the address in";
    return cudaErrorInvalidValue;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (bytes > kDeviceMemoryBytes - allocated_) {
    problem = "cannot allocate " + std::to_string(bytes) +
              " bytes: " + std::to_string(kDeviceMemoryBytes - allocated_) +
              " of the device's memory are free";
    return cudaErrorMemoryAllocation;
  }
  try {
    GuardedRegion region(bytes, kAlignment);
    char* data = region.place(bytes, 0xFF);
    regions_.emplace(data, std::move(region));
    *pointer = data;
  } catch (const std::bad_alloc&) {
    problem = "the host could not map " + std::to_string(bytes) + " bytes";
    return cudaErrorMemoryAllocation;
  }
  allocated_ += bytes;
  return cudaSuccess;
}

cudaError_t DeviceMemory::release(const void* pointer, std::string& problem) {
  if (pointer == nullptr) return cudaSuccess;
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = regions_.find(static_cast<const char*>(pointer));
  if (it == regions_.end()) {
    problem = "cudaFree of " + hex(pointer) + ", which is not the start of a device allocation";
    return cudaErrorInvalidValue;
  }
  const std::string canaries = it->second.check_canaries();
  if (!canaries.empty()) {
    problem = "the " + std::to_string(it->second.size()) + "-byte device allocation at " +
              hex(pointer) + " was damaged by " + canaries;
  }
  allocated_ -= it->second.size();
  regions_.erase(it);
  return canaries.empty() ? cudaSuccess : cudaErrorIllegalAddress;
}

std::map<const char*, GuardedRegion>::const_iterator DeviceMemory::find(const void* address) const {
  const auto* a = static_cast<const char*>(address);
  auto it = regions_.upper_bound(a);
  if (it == regions_.begin()) return regions_.end();
  --it;
  const GuardedRegion& r = it->second;
  if (a < r.data() + r.size() || r.guard_contains(a)) return it;
  // Inside the alignment slack before the guard: still this allocation's, but out of range.
  return a < r.data() + ((r.size() + kAlignment - 1) / kAlignment * kAlignment) ? it
                                                                                : regions_.end();
}

std::string DeviceMemory::check_range(const void* pointer, std::size_t bytes) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = find(pointer);
  if (it == regions_.end()) {
    return hex(pointer) + " is not device memory (a host pointer where the device's is needed?)";
  }
  const GuardedRegion& r = it->second;
  const auto* begin = static_cast<const char*>(pointer);
  if (begin + bytes > r.data() + r.size()) {
    return std::to_string(bytes) + " bytes at " + hex(pointer) + " run past the end of the " +
           std::to_string(r.size()) + "-byte device allocation at " + hex(r.data());
  }
  return "";
}

bool DeviceMemory::contains(const void* pointer) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = find(pointer);
  return it != regions_.end() &&
         static_cast<const char*>(pointer) <= it->second.data() + it->second.size();
}

std::size_t DeviceMemory::allocated_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return allocated_;
}

std::string DeviceMemory::check_canaries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [data, region] : regions_) {
    const std::string damage = region.check_canaries();
    if (!damage.empty()) {
      return damage + " of the " + std::to_string(region.size()) + "-byte device allocation at " +
             hex(data);
    }
  }
  return "";
}

bool DeviceMemory::describe_guard_fault(const void* address, char* out,
                                        std::size_t out_size) const {
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return false;
  const auto it = find(address);
  if (it == regions_.end() || !it->second.guard_contains(address)) return false;
  const GuardedRegion& r = it->second;
  std::snprintf(out, out_size,
                "an access %td bytes past the end of the %zu-byte device allocation at %p",
                static_cast<const char*>(address) - (r.data() + r.size()), r.size(),
                static_cast<const void*>(r.data()));
  return true;
}

}  // namespace spikefit::cuda_emulation
