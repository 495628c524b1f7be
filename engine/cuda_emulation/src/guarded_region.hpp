#pragma once

// Memory that ends at a PROT_NONE guard page, so that the first byte past its end faults, with
// canary bytes in the alignment slack between the data and the guard (and before the data), to
// catch writes that do not reach the guard. Used for device allocations and for each block's
// dynamic shared memory.

#include <cstddef>
#include <cstdint>
#include <string>

namespace spikefit::cuda_emulation {

class GuardedRegion {
 public:
  GuardedRegion() = default;
  // Room for up to `capacity` bytes of data aligned to `alignment`.
  GuardedRegion(std::size_t capacity, std::size_t alignment);
  ~GuardedRegion();
  GuardedRegion(GuardedRegion&& other) noexcept;
  GuardedRegion& operator=(GuardedRegion&& other) noexcept;
  GuardedRegion(const GuardedRegion&) = delete;
  GuardedRegion& operator=(const GuardedRegion&) = delete;

  // Places `bytes` of data (≤ capacity) against the guard, fills it with `fill` and the slack
  // with canaries; returns the data's start.
  char* place(std::size_t bytes, unsigned char fill);
  char* data() const { return data_; }
  std::size_t size() const { return bytes_; }
  bool guard_contains(const void* address) const;
  // Empty when the canaries are intact; otherwise where the data's bounds were overwritten.
  std::string check_canaries() const;

 private:
  void release();

  char* mapping_ = nullptr;
  std::size_t mapping_bytes_ = 0;
  char* guard_ = nullptr;
  std::size_t alignment_ = 16;
  char* data_ = nullptr;
  std::size_t bytes_ = 0;
};

// Bytes of canary kept before the data.
constexpr std::size_t kLeadingCanaryBytes = 256;

}  // namespace spikefit::cuda_emulation
