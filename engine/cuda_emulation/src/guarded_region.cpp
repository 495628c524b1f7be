#include "guarded_region.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <new>
#include <utility>

namespace spikefit::cuda_emulation {

namespace {

constexpr unsigned char kCanary = 0xA5;

std::size_t page_size() {
  static const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return page;
}

std::size_t round_up(std::size_t n, std::size_t to) {
  return (n + to - 1) / to * to;
}

}  // namespace

GuardedRegion::GuardedRegion(std::size_t capacity, std::size_t alignment) : alignment_(alignment) {
  const std::size_t page = page_size();
  const std::size_t usable = round_up(capacity + alignment + kLeadingCanaryBytes, page);
  mapping_bytes_ = usable + page;
  void* p = mmap(nullptr, mapping_bytes_, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  mapping_ = static_cast<char*>(p);
  guard_ = mapping_ + usable;
  mprotect(guard_, page, PROT_NONE);
}

GuardedRegion::~GuardedRegion() {
  release();
}

GuardedRegion::GuardedRegion(GuardedRegion&& other) noexcept {
  *this = std::move(other);
}

GuardedRegion& GuardedRegion::operator=(GuardedRegion&& other) noexcept {
  if (this != &other) {
    release();
    mapping_ = std::exchange(other.mapping_, nullptr);
    mapping_bytes_ = std::exchange(other.mapping_bytes_, 0);
    guard_ = std::exchange(other.guard_, nullptr);
    alignment_ = other.alignment_;
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

void GuardedRegion::release() {
  if (mapping_ != nullptr) munmap(mapping_, mapping_bytes_);
  mapping_ = nullptr;
}

char* GuardedRegion::place(std::size_t bytes, unsigned char fill) {
  bytes_ = bytes;
  data_ = guard_ - round_up(bytes, alignment_);
  char* lead = data_ - kLeadingCanaryBytes;
  std::memset(lead, kCanary, kLeadingCanaryBytes);
  std::memset(data_, fill, bytes);
  std::memset(data_ + bytes, kCanary, static_cast<std::size_t>(guard_ - (data_ + bytes)));
  return data_;
}

bool GuardedRegion::guard_contains(const void* address) const {
  const auto* a = static_cast<const char*>(address);
  return guard_ != nullptr && a >= guard_ && a < guard_ + page_size();
}

std::string GuardedRegion::check_canaries() const {
  if (data_ == nullptr) return "";
  for (const char* p = data_ - kLeadingCanaryBytes; p < data_; ++p) {
    if (static_cast<unsigned char>(*p) != kCanary) {
      return "a write " + std::to_string(data_ - p) + " bytes before the start";
    }
  }
  for (const char* p = data_ + bytes_; p < guard_; ++p) {
    if (static_cast<unsigned char>(*p) != kCanary) {
      return "a write " + std::to_string(p - (data_ + bytes_)) + " bytes past the end";
    }
  }
  return "";
}

}  // namespace spikefit::cuda_emulation
