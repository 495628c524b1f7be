// The CUDA runtime calls on the emulated device (runtime_api.hpp).
#include "spikefit/cuda_emulation/runtime_api.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "block_runner.hpp"
#include "device_memory.hpp"
#include "kernel_registry.hpp"
#include "launch_errors.hpp"
#include "spikefit/cuda_emulation/schedule.hpp"

struct CUstream_st {
  unsigned int flags;
};
struct CUevent_st {
  std::chrono::steady_clock::time_point recorded;
  bool has_been_recorded = false;
};

namespace spikefit::cuda_emulation {

namespace {

constexpr std::size_t kDefaultDynamicShared = 48 * 1024;
constexpr int kMultiprocessors = 132;
constexpr int kThreadsPerMultiprocessor = 2048;
constexpr int kRegistersPerThread = 64;  // a 1024-thread launch bound allows 64
constexpr std::size_t kSharedPerMultiprocessor = 228 * 1024;
constexpr std::size_t kSharedReservedPerBlock = 1024;

struct Registry {
  std::mutex mutex;
  std::map<const void*, std::size_t> shared_limits;
  std::set<const CUstream_st*> streams;
  std::set<const CUevent_st*> events;
  Schedule schedule;
};

Schedule schedule_from_environment() {
  Schedule s;
  const char* env = std::getenv("SPIKEFIT_CUDA_EMULATION_SCHEDULE");
  if (env != nullptr && std::strncmp(env, "random", 6) == 0) {
    s.kind = ScheduleKind::kRandom;
    if (env[6] == ':') s.seed = std::strtoull(env + 7, nullptr, 10);
  }
  return s;
}

Registry& registry() {
  static Registry* r = [] {
    auto* made = new Registry;
    made->schedule = schedule_from_environment();
    return made;
  }();
  return *r;
}

// Registers a new stream or event and hands it out through `out`.
template <class Handle>
cudaError_t create_handle(std::set<const Handle*>& handles, Handle* made, Handle** out) {
  std::lock_guard<std::mutex> lock(registry().mutex);
  handles.insert(made);
  *out = made;
  return cudaSuccess;
}

// Deletes a stream or event created here; refuses one that was not (or was already destroyed).
template <class Handle>
cudaError_t destroy_handle(std::set<const Handle*>& handles, Handle* handle, const char* call) {
  std::lock_guard<std::mutex> lock(registry().mutex);
  if (handles.erase(handle) == 0) {
    return call_failed(cudaErrorInvalidResourceHandle,
                       std::string(call) + " of a handle that does not exist");
  }
  delete handle;
  return cudaSuccess;
}

bool valid_stream(cudaStream_t stream) {
  if (stream == nullptr) return true;
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  return r.streams.count(stream) > 0;
}

cudaError_t bad_stream(const char* call) {
  return call_failed(cudaErrorInvalidResourceHandle,
                     std::string(call) + " was given a stream that does not exist");
}

// Empty when a copy of `bytes` from `from` to `to` of this kind touches only what it should.
std::string check_copy(void* to, const void* from, std::size_t bytes, cudaMemcpyKind kind) {
  const DeviceMemory& memory = DeviceMemory::instance();
  const bool to_device = memory.contains(to), from_device = memory.contains(from);
  if (kind == cudaMemcpyDefault) {
    kind = to_device ? (from_device ? cudaMemcpyDeviceToDevice : cudaMemcpyHostToDevice)
                     : (from_device ? cudaMemcpyDeviceToHost : cudaMemcpyHostToHost);
  }
  std::string problem;
  if (kind == cudaMemcpyHostToDevice || kind == cudaMemcpyDeviceToDevice) {
    problem = memory.check_range(to, bytes);
    if (!problem.empty()) return "destination: " + problem;
  }
  if (kind == cudaMemcpyDeviceToHost || kind == cudaMemcpyDeviceToDevice) {
    problem = memory.check_range(from, bytes);
    if (!problem.empty()) return "source: " + problem;
  }
  if (kind == cudaMemcpyHostToDevice && from_device) return "source is device memory";
  if (kind == cudaMemcpyDeviceToHost && to_device) return "destination is device memory";
  return "";
}

}  // namespace

std::size_t max_dynamic_shared(const void* kernel) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  const auto it = r.shared_limits.find(kernel);
  return it == r.shared_limits.end() ? kDefaultDynamicShared : it->second;
}

void set_max_dynamic_shared(const void* kernel, std::size_t bytes) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.shared_limits[kernel] = bytes;
}

cudaError_t function_attributes(const void* kernel, cudaFuncAttributes* attributes) {
  if (kernel == nullptr || attributes == nullptr) {
    return call_failed(cudaErrorInvalidValue, "cudaFuncGetAttributes of a null kernel");
  }
  *attributes = cudaFuncAttributes{};
  attributes->maxThreadsPerBlock = 1024;
  attributes->numRegs = kRegistersPerThread;
  attributes->ptxVersion = 90;
  attributes->binaryVersion = 90;
  attributes->maxDynamicSharedSizeBytes = static_cast<int>(max_dynamic_shared(kernel));
  return cudaSuccess;
}

cudaError_t set_function_attribute(const void* kernel, cudaFuncAttribute attribute, int value) {
  if (attribute != cudaFuncAttributeMaxDynamicSharedMemorySize || value < 0 ||
      static_cast<std::size_t>(value) > kMaxDynamicSharedBytes) {
    return call_failed(cudaErrorInvalidValue,
                       "cudaFuncSetAttribute: " + std::to_string(value) +
                           " bytes of dynamic shared memory (the device allows " +
                           std::to_string(kMaxDynamicSharedBytes) + ")");
  }
  set_max_dynamic_shared(kernel, static_cast<std::size_t>(value));
  return cudaSuccess;
}

cudaError_t max_active_blocks(int* blocks, const void* kernel, int block_size,
                              std::size_t dynamic_shared) {
  if (blocks == nullptr || block_size <= 0 || block_size > 1024) {
    return call_failed(cudaErrorInvalidValue,
                       "occupancy query for block size " + std::to_string(block_size));
  }
  (void)kernel;
  const int warps_size = (block_size + 31) / 32 * 32;
  int fit = std::min(32, kThreadsPerMultiprocessor / warps_size);
  fit = std::min(fit, 65536 / (kRegistersPerThread * warps_size));
  fit = std::min(
      fit, static_cast<int>(kSharedPerMultiprocessor / (dynamic_shared + kSharedReservedPerBlock)));
  *blocks = std::max(fit, 0);
  return cudaSuccess;
}

void set_schedule(const Schedule& s) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.schedule = s;
}

Schedule schedule() {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  return r.schedule;
}

}  // namespace spikefit::cuda_emulation

using spikefit::cuda_emulation::call_failed;
using spikefit::cuda_emulation::DeviceMemory;

cudaError_t cudaGetDeviceCount(int* count) {
  if (count == nullptr) return call_failed(cudaErrorInvalidValue, "cudaGetDeviceCount(nullptr)");
  *count = 1;
  return cudaSuccess;
}

cudaError_t cudaSetDevice(int device) {
  return device == 0 ? cudaSuccess
                     : call_failed(cudaErrorInvalidDevice,
                                   "device " + std::to_string(device) + " (there is one, 0)");
}

cudaError_t cudaGetDevice(int* device) {
  *device = 0;
  return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device) {
  if (device != 0 || prop == nullptr) {
    return call_failed(cudaErrorInvalidDevice, "properties of device " + std::to_string(device));
  }
  using namespace spikefit::cuda_emulation;
  *prop = cudaDeviceProp{};
  std::snprintf(prop->name, sizeof prop->name, "spikefit CUDA emulation of an sm_90 device");
  prop->totalGlobalMem = kDeviceMemoryBytes;
  prop->sharedMemPerBlock = kDefaultDynamicShared;
  prop->sharedMemPerBlockOptin = kMaxDynamicSharedBytes;
  prop->sharedMemPerMultiprocessor = kSharedPerMultiprocessor;
  prop->regsPerBlock = 65536;
  prop->warpSize = 32;
  prop->maxThreadsPerBlock = 1024;
  prop->maxThreadsDim[0] = prop->maxThreadsDim[1] = 1024;
  prop->maxThreadsDim[2] = 64;
  prop->maxGridSize[0] = 0x7FFFFFFF;
  prop->maxGridSize[1] = prop->maxGridSize[2] = 65535;
  prop->maxThreadsPerMultiProcessor = kThreadsPerMultiprocessor;
  prop->maxBlocksPerMultiProcessor = 32;
  prop->multiProcessorCount = kMultiprocessors;
  prop->major = 9;
  prop->minor = 0;
  return cudaSuccess;
}

cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attribute, int device) {
  if (device != 0 || value == nullptr) {
    return call_failed(cudaErrorInvalidDevice, "attribute of device " + std::to_string(device));
  }
  switch (attribute) {
    case cudaDevAttrMaxThreadsPerBlock:
      *value = 1024;
      break;
    case cudaDevAttrClockRate:
      *value = 1980000;
      break;
    case cudaDevAttrMultiProcessorCount:
      *value = 132;
      break;
    case cudaDevAttrMemoryClockRate:
      *value = 2619000;
      break;
    default:
      return call_failed(cudaErrorInvalidValue, "unknown device attribute");
  }
  return cudaSuccess;
}

cudaError_t cudaDriverGetVersion(int* version) {
  *version = 13000;
  return cudaSuccess;
}

cudaError_t cudaRuntimeGetVersion(int* version) {
  *version = 13000;
  return cudaSuccess;
}

cudaError_t cudaMemGetInfo(std::size_t* free_bytes, std::size_t* total_bytes) {
  using spikefit::cuda_emulation::kDeviceMemoryBytes;
  *total_bytes = kDeviceMemoryBytes;
  *free_bytes = kDeviceMemoryBytes - DeviceMemory::instance().allocated_bytes();
  return cudaSuccess;
}

cudaError_t cudaMalloc(void** pointer, std::size_t bytes) {
  std::string problem;
  const cudaError_t e = DeviceMemory::instance().allocate(pointer, bytes, problem);
  return e == cudaSuccess ? e : call_failed(e, "cudaMalloc: " + problem);
}

cudaError_t cudaFree(void* pointer) {
  std::string problem;
  const cudaError_t e = DeviceMemory::instance().release(pointer, problem);
  return e == cudaSuccess ? e : call_failed(e, "cudaFree: " + problem);
}

cudaError_t cudaMallocAsync(void** pointer, std::size_t bytes, cudaStream_t stream) {
  if (!spikefit::cuda_emulation::valid_stream(stream)) {
    return spikefit::cuda_emulation::bad_stream("cudaMallocAsync");
  }
  return cudaMalloc(pointer, bytes);
}

cudaError_t cudaFreeAsync(void* pointer, cudaStream_t stream) {
  if (!spikefit::cuda_emulation::valid_stream(stream)) {
    return spikefit::cuda_emulation::bad_stream("cudaFreeAsync");
  }
  return cudaFree(pointer);
}

cudaError_t cudaMemcpy(void* to, const void* from, std::size_t bytes, cudaMemcpyKind kind) {
  const std::string problem = spikefit::cuda_emulation::check_copy(to, from, bytes, kind);
  if (!problem.empty()) return call_failed(cudaErrorInvalidValue, "cudaMemcpy: " + problem);
  if (bytes > 0) std::memmove(to, from, bytes);
  return cudaSuccess;
}

cudaError_t cudaMemcpyAsync(void* to, const void* from, std::size_t bytes, cudaMemcpyKind kind,
                            cudaStream_t stream) {
  if (!spikefit::cuda_emulation::valid_stream(stream)) {
    return spikefit::cuda_emulation::bad_stream("cudaMemcpyAsync");
  }
  return cudaMemcpy(to, from, bytes, kind);
}

cudaError_t cudaMemset(void* pointer, int value, std::size_t bytes) {
  const std::string problem = DeviceMemory::instance().check_range(pointer, bytes);
  if (!problem.empty()) return call_failed(cudaErrorInvalidValue, "cudaMemset: " + problem);
  std::memset(pointer, value, bytes);
  return cudaSuccess;
}

cudaError_t cudaMemsetAsync(void* pointer, int value, std::size_t bytes, cudaStream_t stream) {
  if (!spikefit::cuda_emulation::valid_stream(stream)) {
    return spikefit::cuda_emulation::bad_stream("cudaMemsetAsync");
  }
  return cudaMemset(pointer, value, bytes);
}

cudaError_t cudaStreamCreate(cudaStream_t* stream) {
  return cudaStreamCreateWithFlags(stream, cudaStreamDefault);
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned int flags) {
  auto& r = spikefit::cuda_emulation::registry();
  return spikefit::cuda_emulation::create_handle(r.streams, new CUstream_st{flags}, stream);
}

cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  auto& r = spikefit::cuda_emulation::registry();
  return spikefit::cuda_emulation::destroy_handle(r.streams, stream, "cudaStreamDestroy");
}

cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
  if (!spikefit::cuda_emulation::valid_stream(stream)) {
    return spikefit::cuda_emulation::bad_stream("cudaStreamSynchronize");
  }
  return spikefit::cuda_emulation::take_error();
}

cudaError_t cudaDeviceSynchronize() {
  return spikefit::cuda_emulation::take_error();
}

cudaError_t cudaEventCreate(cudaEvent_t* event) {
  auto& r = spikefit::cuda_emulation::registry();
  return spikefit::cuda_emulation::create_handle(r.events, new CUevent_st{}, event);
}

cudaError_t cudaEventDestroy(cudaEvent_t event) {
  auto& r = spikefit::cuda_emulation::registry();
  return spikefit::cuda_emulation::destroy_handle(r.events, event, "cudaEventDestroy");
}

cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
  if (!spikefit::cuda_emulation::valid_stream(stream)) {
    return spikefit::cuda_emulation::bad_stream("cudaEventRecord");
  }
  event->recorded = std::chrono::steady_clock::now();
  event->has_been_recorded = true;
  return cudaSuccess;
}

cudaError_t cudaEventSynchronize(cudaEvent_t event) {
  (void)event;
  return spikefit::cuda_emulation::take_error();
}

cudaError_t cudaEventElapsedTime(float* milliseconds, cudaEvent_t start, cudaEvent_t end) {
  if (!start->has_been_recorded || !end->has_been_recorded) {
    return call_failed(cudaErrorInvalidResourceHandle, "cudaEventElapsedTime before recording");
  }
  *milliseconds = std::chrono::duration<float, std::milli>(end->recorded - start->recorded).count();
  return cudaSuccess;
}

cudaError_t cudaGetLastError() {
  return spikefit::cuda_emulation::take_error();
}

cudaError_t cudaPeekAtLastError() {
  return spikefit::cuda_emulation::peek_error();
}

const char* cudaGetErrorString(cudaError_t error) {
  return spikefit::cuda_emulation::describe(error);
}

const char* cudaGetErrorName(cudaError_t error) {
  return spikefit::cuda_emulation::error_name(error);
}
