#pragma once

// CUDA's keywords, built-in variables and device intrinsics for kernels compiled as C++.

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "spikefit/cuda_emulation/thread_context.hpp"

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __noinline__
#define __restrict__ __restrict
#define __align__(n) alignas(n)
#define __launch_bounds__(...)
// Static shared memory: one OS thread runs one block at a time, so per-OS-thread storage is
// per-block storage (it keeps its contents between blocks, unlike the device).
#define __shared__ static thread_local
#define __constant__ static

#define threadIdx (::spikefit::cuda_emulation::detail::thread_index())
#define blockIdx (::spikefit::cuda_emulation::detail::current_block_index)
#define blockDim (::spikefit::cuda_emulation::detail::current_block_dim)
#define gridDim (::spikefit::cuda_emulation::detail::current_grid_dim)
constexpr int warpSize = 32;

namespace spikefit::cuda_emulation::detail {

template <class T>
uint64_t to_bits(T value) {
  static_assert(sizeof(T) <= 8 && std::is_trivially_copyable_v<T>, "shuffle of a large type");
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(T));
  return bits;
}

template <class T>
T from_bits(uint64_t bits) {
  T value;
  std::memcpy(&value, &bits, sizeof(T));
  return value;
}

template <class T>
T shuffle(uint32_t mask, T value, uint32_t source_lane, const char* name, const char* file,
          int line) {
  return from_bits<T>(
      warp_collective({WarpOp::kShuffle, mask, to_bits(value), source_lane, name, file, line}));
}

// The first lane of the caller's segment of `width` lanes.
inline uint32_t segment_start(int width) {
  return lane_id() & ~static_cast<uint32_t>(width - 1);
}

}  // namespace spikefit::cuda_emulation::detail

inline void __syncthreads(const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  block_barrier(BarrierKind::kPlain, 0, file, line);
}
inline int __syncthreads_or(int predicate, const char* file = __builtin_FILE(),
                            int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  return block_barrier(BarrierKind::kOr, predicate, file, line);
}
inline int __syncthreads_and(int predicate, const char* file = __builtin_FILE(),
                             int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  return block_barrier(BarrierKind::kAnd, predicate, file, line);
}
inline int __syncthreads_count(int predicate, const char* file = __builtin_FILE(),
                               int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  return block_barrier(BarrierKind::kCount, predicate, file, line);
}

inline void __syncwarp(unsigned int mask = 0xFFFFFFFFu, const char* file = __builtin_FILE(),
                       int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  warp_collective({WarpOp::kSync, mask, 0, 0, "__syncwarp", file, line});
}
inline unsigned int __ballot_sync(unsigned int mask, int predicate,
                                  const char* file = __builtin_FILE(),
                                  int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  return static_cast<unsigned int>(warp_collective(
      {WarpOp::kBallot, mask, predicate != 0 ? 1u : 0u, 0, "__ballot_sync", file, line}));
}
inline int __any_sync(unsigned int mask, int predicate, const char* file = __builtin_FILE(),
                      int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  return static_cast<int>(
      warp_collective({WarpOp::kAny, mask, predicate != 0 ? 1u : 0u, 0, "__any_sync", file, line}));
}
inline int __all_sync(unsigned int mask, int predicate, const char* file = __builtin_FILE(),
                      int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  return static_cast<int>(
      warp_collective({WarpOp::kAll, mask, predicate != 0 ? 1u : 0u, 0, "__all_sync", file, line}));
}
inline unsigned int __activemask() {
  return spikefit::cuda_emulation::detail::active_lanes();
}

template <class T>
T __shfl_sync(unsigned int mask, T value, int source_lane, int width = warpSize,
              const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  const uint32_t source = segment_start(width) +
                          (static_cast<uint32_t>(source_lane) & static_cast<uint32_t>(width - 1));
  return shuffle(mask, value, source, "__shfl_sync", file, line);
}
template <class T>
T __shfl_up_sync(unsigned int mask, T value, unsigned int delta, int width = warpSize,
                 const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  const uint32_t lane = lane_id();
  const uint32_t source = lane >= segment_start(width) + delta ? lane - delta : lane;
  return shuffle(mask, value, source, "__shfl_up_sync", file, line);
}
template <class T>
T __shfl_down_sync(unsigned int mask, T value, unsigned int delta, int width = warpSize,
                   const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  const uint32_t lane = lane_id();
  const uint32_t source =
      lane + delta < segment_start(width) + static_cast<uint32_t>(width) ? lane + delta : lane;
  return shuffle(mask, value, source, "__shfl_down_sync", file, line);
}
template <class T>
T __shfl_xor_sync(unsigned int mask, T value, int lane_mask, int width = warpSize,
                  const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  using namespace spikefit::cuda_emulation::detail;
  const uint32_t lane = lane_id();
  const uint32_t partner = lane ^ static_cast<uint32_t>(lane_mask);
  const uint32_t source =
      partner < segment_start(width) + static_cast<uint32_t>(width) ? partner : lane;
  return shuffle(mask, value, source, "__shfl_xor_sync", file, line);
}

inline int __popc(unsigned int x) {
  return __builtin_popcount(x);
}
inline int __popcll(unsigned long long x) {
  return __builtin_popcountll(x);
}
inline int __ffs(int x) {
  return __builtin_ffs(x);
}
inline int __ffsll(long long x) {
  return __builtin_ffsll(x);
}
inline int __clz(int x) {
  return x == 0 ? 32 : __builtin_clz(static_cast<unsigned int>(x));
}
inline int __clzll(long long x) {
  return x == 0 ? 64 : __builtin_clzll(static_cast<unsigned long long>(x));
}
inline unsigned int __umulhi(unsigned int a, unsigned int b) {
  return static_cast<unsigned int>((uint64_t{a} * b) >> 32);
}
__extension__ using spikefit_emulated_uint128 = unsigned __int128;
inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
  return static_cast<unsigned long long>((static_cast<spikefit_emulated_uint128>(a) * b) >> 64);
}
template <class T>
T __ldg(const T* p) {
  return *p;
}
inline void __threadfence() {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}
inline void __threadfence_block() {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

// Atomics: blocks of one grid may run on several OS threads, so every atomic is a real one.
namespace spikefit::cuda_emulation::detail {

template <class T, class Update>
T atomic_update(T* address, Update update) {
  if (random_switching) random_switch_point();
  T old = __atomic_load_n(address, __ATOMIC_RELAXED);
  while (!__atomic_compare_exchange_n(address, &old, update(old), true, __ATOMIC_RELAXED,
                                      __ATOMIC_RELAXED)) {
  }
  return old;
}

template <class T>
T atomic_float_update(T* address, T operand) {
  if (random_switching) random_switch_point();
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  using Bits = std::conditional_t<sizeof(T) == 8, uint64_t, uint32_t>;
  auto* bits = reinterpret_cast<Bits*>(address);
  Bits old = __atomic_load_n(bits, __ATOMIC_RELAXED);
  for (;;) {
    const T sum = from_bits<T>(old) + operand;
    Bits next;
    std::memcpy(&next, &sum, sizeof(T));
    if (__atomic_compare_exchange_n(bits, &old, next, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
      return from_bits<T>(old);
    }
  }
}

}  // namespace spikefit::cuda_emulation::detail

// CUDA's overload sets (non-templates, so that atomicAdd(&unsigned_counter, 1) converts as
// nvcc does).
#define SPIKEFIT_EMULATED_INTEGER_ATOMICS(T)                                                       \
  inline T atomicAdd(T* address, T value) {                                                        \
    if (spikefit::cuda_emulation::detail::random_switching) {                                      \
      spikefit::cuda_emulation::detail::random_switch_point();                                     \
    }                                                                                              \
    return __atomic_fetch_add(address, value, __ATOMIC_RELAXED);                                   \
  }                                                                                                \
  inline T atomicSub(T* address, T value) {                                                        \
    return atomicAdd(address, static_cast<T>(0 - value));                                          \
  }                                                                                                \
  inline T atomicMin(T* address, T value) {                                                        \
    return spikefit::cuda_emulation::detail::atomic_update(                                        \
        address, [value](T old) { return value < old ? value : old; });                            \
  }                                                                                                \
  inline T atomicMax(T* address, T value) {                                                        \
    return spikefit::cuda_emulation::detail::atomic_update(                                        \
        address, [value](T old) { return value > old ? value : old; });                            \
  }                                                                                                \
  inline T atomicExch(T* address, T value) {                                                       \
    return spikefit::cuda_emulation::detail::atomic_update(address, [value](T) { return value; }); \
  }                                                                                                \
  inline T atomicAnd(T* address, T value) {                                                        \
    return spikefit::cuda_emulation::detail::atomic_update(                                        \
        address, [value](T old) { return static_cast<T>(old & value); });                          \
  }                                                                                                \
  inline T atomicOr(T* address, T value) {                                                         \
    return spikefit::cuda_emulation::detail::atomic_update(                                        \
        address, [value](T old) { return static_cast<T>(old | value); });                          \
  }                                                                                                \
  inline T atomicCAS(T* address, T compare, T value) {                                             \
    return spikefit::cuda_emulation::detail::atomic_update(                                        \
        address, [compare, value](T old) { return old == compare ? value : old; });                \
  }

SPIKEFIT_EMULATED_INTEGER_ATOMICS(int)
SPIKEFIT_EMULATED_INTEGER_ATOMICS(unsigned int)
SPIKEFIT_EMULATED_INTEGER_ATOMICS(long long)
SPIKEFIT_EMULATED_INTEGER_ATOMICS(unsigned long long)
#undef SPIKEFIT_EMULATED_INTEGER_ATOMICS

inline float atomicAdd(float* address, float value) {
  return spikefit::cuda_emulation::detail::atomic_float_update(address, value);
}
inline double atomicAdd(double* address, double value) {
  return spikefit::cuda_emulation::detail::atomic_float_update(address, value);
}
