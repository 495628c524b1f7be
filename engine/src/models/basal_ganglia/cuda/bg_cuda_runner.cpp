#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/basal_ganglia/cuda/bg_cuda_runner.hpp"

#include "cuda/device_info.hpp"
#include "models/basal_ganglia/bg_flat_pack.hpp"
#include "models/basal_ganglia/cuda/bg_kernels.hpp"
#include "spikefit/engine/thread_count.hpp"

namespace spikefit::engine::bg {

namespace {

using cuda::check_cuda;

class DeviceMemory {
 public:
  explicit DeviceMemory(std::size_t bytes) {
    check_cuda(cudaMalloc(&data_, std::max<std::size_t>(bytes, 256)),
               "allocating device memory for BG trials");
  }
  DeviceMemory(const DeviceMemory&) = delete;
  DeviceMemory& operator=(const DeviceMemory&) = delete;
  ~DeviceMemory() { cudaFree(data_); }
  char* bytes() const { return static_cast<char*>(data_); }

 private:
  void* data_ = nullptr;
};

const BgNetworkSpec& spec_of(const TrialInput& trial) {
  return network_as<BgNetwork>(*trial.network).spec();
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs packed[group] in one launch and copies their outputs back into the host arenas.
void run_launch(std::vector<BgPackedTrial>& packed, const std::vector<std::size_t>& group,
                uint64_t bytes) {
  std::vector<BgFlatTrial> descriptors;
  std::vector<uint64_t> offsets;
  uint32_t max_cells = 1;
  uint64_t at = 0;
  for (std::size_t k : group) {
    descriptors.push_back(packed[k].trial);
    offsets.push_back(at);
    at += packed[k].trial.arena_bytes;
    max_cells = std::max(max_cells, packed[k].trial.neurons);
  }
  DeviceMemory arenas(bytes);
  DeviceMemory device_descriptors(descriptors.size() * sizeof(BgFlatTrial));
  DeviceMemory device_offsets(offsets.size() * sizeof(uint64_t));
  for (std::size_t g = 0; g < group.size(); ++g) {
    const BgPackedTrial& p = packed[group[g]];
    check_cuda(cudaMemcpy(arenas.bytes() + offsets[g], p.bytes(), p.trial.arena_bytes,
                          cudaMemcpyHostToDevice),
               "copying BG trials to the device");
  }
  check_cuda(cudaMemcpy(device_descriptors.bytes(), descriptors.data(),
                        descriptors.size() * sizeof(BgFlatTrial), cudaMemcpyHostToDevice),
             "copying BG trial descriptors to the device");
  check_cuda(cudaMemcpy(device_offsets.bytes(), offsets.data(), offsets.size() * sizeof(uint64_t),
                        cudaMemcpyHostToDevice),
             "copying BG trial offsets to the device");
  const int block = static_cast<int>(std::min<uint32_t>(1024, (max_cells + 31) / 32 * 32));
  cuda::launch_bg_trials(reinterpret_cast<const BgFlatTrial*>(device_descriptors.bytes()),
                         arenas.bytes(), reinterpret_cast<const uint64_t*>(device_offsets.bytes()),
                         static_cast<uint32_t>(group.size()), block, nullptr);
  check_cuda(cudaDeviceSynchronize(), "running the BG trial kernel");
  for (std::size_t g = 0; g < group.size(); ++g) {
    BgPackedTrial& p = packed[group[g]];
    const BgFlatTrial& t = p.trial;
    char* device = arenas.bytes() + offsets[g];
    check_cuda(cudaMemcpy(p.bytes() + t.outputs_at, device + t.outputs_at,
                          t.raster_at - t.outputs_at, cudaMemcpyDeviceToHost),
               "copying BG recordings back");
    const uint64_t spikes = bg_at<BgFlatResult>(p.bytes(), t.result_at)->raster_count;
    check_cuda(cudaMemcpy(p.bytes() + t.raster_at, device + t.raster_at, spikes * sizeof(uint64_t),
                          cudaMemcpyDeviceToHost),
               "copying BG rasters back");
  }
}

class BgCudaRunner final : public engine::cuda::ModelRunner {
 public:
  std::vector<TrialRecording> run(const std::vector<TrialInput>& trials,
                                  const RunOptions& options) override {
    const auto start = std::chrono::steady_clock::now();
    const auto n = static_cast<int64_t>(trials.size());
    std::vector<BgPackedTrial> packed(trials.size());
    const int threads = thread_count(options.threads);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (int64_t k = 0; k < n; ++k) {
      packed[k] = pack_bg_trial(spec_of(trials[k]), trials[k].seed);
    }
    const double setup = seconds_since(start);

    std::size_t free_bytes = 0, total_bytes = 0;
    check_cuda(cudaMemGetInfo(&free_bytes, &total_bytes), "querying device memory");
    const auto budget = static_cast<uint64_t>(0.8 * static_cast<double>(free_bytes));
    std::size_t next = 0;
    while (next < trials.size()) {
      std::vector<std::size_t> group;
      uint64_t bytes = 0;
      for (; next < trials.size(); ++next) {
        if (!packed[next].error.empty()) continue;
        const uint64_t need = packed[next].trial.arena_bytes;
        if (need > budget) {
          throw std::runtime_error("a BG trial needs " + std::to_string(need >> 20) +
                                   " MiB of device memory, more than 80% of the " +
                                   std::to_string(free_bytes >> 20) + " MiB free");
        }
        if (bytes + need > budget) break;
        group.push_back(next);
        bytes += need;
      }
      if (!group.empty()) run_launch(packed, group, bytes);
    }

    std::vector<TrialRecording> out;
    out.reserve(trials.size());
    const double wall = seconds_since(start);
    for (std::size_t k = 0; k < trials.size(); ++k) {
      out.push_back(unpack_bg_trial(spec_of(trials[k]), trials[k].seed, packed[k]));
      out.back().setup_seconds = setup / static_cast<double>(trials.size());
      out.back().wall_seconds = wall / static_cast<double>(trials.size());
      if (options.on_trial_done) options.on_trial_done(k + 1, trials.size());
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<engine::cuda::ModelRunner> make_bg_runner(const CudaOptions&) {
  const CudaDeviceStatus status = engine::cuda::probe_device();
  if (!status.usable) throw std::runtime_error("the CUDA backend cannot run: " + status.reason);
  if (!cuda::bg_kernel_image_available()) {
    throw std::runtime_error("this build holds no BG kernel for the device " + status.device);
  }
  return std::make_unique<BgCudaRunner>();
}

}  // namespace spikefit::engine::bg
