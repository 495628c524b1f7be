// Runs the blocks of a grid: on the OpenMP pool (one block per OS thread at a time), each block's
// threads as fibers (block_runner.cpp).
#include <omp.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include "block_runner.hpp"
#include "device_memory.hpp"
#include "kernel_registry.hpp"
#include "launch_errors.hpp"
#include "report_text.hpp"
#include "spikefit/cuda_emulation/launch.hpp"

namespace spikefit::cuda_emulation {

namespace {

// Empty when the launch shape is one the device accepts.
std::string check_shape(const KernelCall& call, const LaunchShape& shape) {
  const dim3 g = shape.grid, b = shape.block;
  const uint64_t threads = uint64_t{b.x} * b.y * b.z;
  if (threads == 0 || threads > 1024 || b.x > 1024 || b.y > 1024 || b.z > 64) {
    return "block " + text(b) + " is not a valid block shape (at most 1024 threads)";
  }
  if (g.x == 0 || g.y == 0 || g.z == 0 || g.x > 0x7FFFFFFFu || g.y > 65535 || g.z > 65535) {
    return "grid " + text(g) + " is not a valid grid shape";
  }
  const std::size_t limit = max_dynamic_shared(call.kernel);
  if (shape.dynamic_shared > limit) {
    return std::to_string(shape.dynamic_shared) + " bytes of dynamic shared memory exceed the " +
           "kernel's limit of " + std::to_string(limit) +
           (limit < kMaxDynamicSharedBytes ? " (raise it with cudaFuncSetAttribute(..., "
                                             "cudaFuncAttributeMaxDynamicSharedMemorySize, ...))"
                                           : "");
  }
  return "";
}

int worker_count(uint64_t blocks) {
  int workers = omp_get_max_threads();
  if (const char* env = std::getenv("SPIKEFIT_CUDA_EMULATION_THREADS")) {
    workers = std::max(1, std::atoi(env));
  }
  return static_cast<int>(std::min<uint64_t>(blocks, static_cast<uint64_t>(workers)));
}

}  // namespace

void record_launch_error(cudaError_t error, const std::string& message) {
  record_error(error, message);
}

std::string describe_non_device_pointer(const void* pointer) {
  if (pointer == nullptr || DeviceMemory::instance().contains(pointer)) return "";
  char address[32];
  std::snprintf(address, sizeof address, "%p", pointer);
  return std::string("is ") + address + ", which is not device memory (a host pointer?)";
}

void run_grid(const KernelCall& call, const LaunchShape& shape) {
  const std::string bad_shape = check_shape(call, shape);
  if (!bad_shape.empty()) {
    record_error(cudaErrorInvalidConfiguration, std::string(call.name) + ": " + bad_shape);
    return;
  }
  const Schedule how = schedule();
  const dim3 g = shape.grid;
  const auto blocks = static_cast<int64_t>(uint64_t{g.x} * g.y * g.z);
  std::mutex mutex;
  int64_t failed_block = blocks;  // the lowest failed block, for a deterministic report
  std::string failure;
  bool illegal_address = false;
#pragma omp parallel for schedule(dynamic, 1) num_threads(worker_count(blocks))
  for (int64_t k = 0; k < blocks; ++k) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (failed_block < k) continue;
    }
    const auto u = static_cast<uint64_t>(k);
    const dim3 index(static_cast<unsigned>(u % g.x), static_cast<unsigned>(u / g.x % g.y),
                     static_cast<unsigned>(u / (uint64_t{g.x} * g.y)));
    const BlockJob job{&call, g, shape.block, index, shape.dynamic_shared, how};
    bool illegal = false;
    std::string what = run_block(job, &illegal);
    if (!what.empty()) {
      std::lock_guard<std::mutex> lock(mutex);
      if (k < failed_block) {
        failed_block = k;
        failure = std::move(what);
        illegal_address = illegal;
      }
    }
  }
  if (failure.empty()) {
    failure = DeviceMemory::instance().check_canaries();
    illegal_address = !failure.empty();
  }
  if (failure.empty()) return;
  const std::string message = std::string("kernel ") + call.name + ": " + failure;
  std::fprintf(stderr, "spikefit CUDA emulation: %s\n", message.c_str());
  record_error(illegal_address ? cudaErrorIllegalAddress : cudaErrorLaunchFailure, message);
}

}  // namespace spikefit::cuda_emulation
