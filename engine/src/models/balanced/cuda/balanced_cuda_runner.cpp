// Host side of the balanced model's CUDA runner: splits a batch into launches (at most one wave of
// resident blocks and what device memory holds), and runs them on several streams, one host
// thread each, so that one launch's connectivity setup and copy-back overlap another's
// simulation. A launch is planned (arena offsets), its images bound and uploaded, its
// connectivity built, then launched, copied back and unpacked.
#include "models/balanced/cuda/balanced_cuda_runner.hpp"

#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "cuda/device_info.hpp"
#include "models/balanced/cuda/kernels.hpp"
#include "models/balanced/cuda/launch_plan.hpp"
#include "models/balanced/cuda/trial_layout.hpp"

namespace spikefit::engine::cuda {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Device memory of one stream-ordered allocation, freed in stream order.
class DeviceBuffer {
 public:
  DeviceBuffer(std::size_t bytes, cudaStream_t stream) : stream_(stream) {
    check_cuda(cudaMallocAsync(&data_, std::max<std::size_t>(bytes, 256), stream),
               "allocating device memory");
    check_cuda(cudaMemsetAsync(data_, 0, std::max<std::size_t>(bytes, 256), stream),
               "clearing device memory");
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() { cudaFreeAsync(data_, stream_); }

  template <class T>
  T* at(std::size_t offset) const {
    return reinterpret_cast<T*>(static_cast<unsigned char*>(data_) + offset);
  }

 private:
  void* data_ = nullptr;
  cudaStream_t stream_;
};

void upload(void* device, const void* host, std::size_t bytes, cudaStream_t stream) {
  if (bytes > 0) {
    check_cuda(cudaMemcpyAsync(device, host, bytes, cudaMemcpyHostToDevice, stream),
               "copying to the device");
  }
}

void download(void* host, const void* device, std::size_t bytes, cudaStream_t stream) {
  if (bytes > 0) {
    check_cuda(cudaMemcpyAsync(host, device, bytes, cudaMemcpyDeviceToHost, stream),
               "copying from the device");
  }
}

unsigned char* at_or_null(const DeviceBuffer& buffer, std::size_t offset) {
  return offset == kNone ? nullptr : buffer.at<unsigned char>(offset);
}

// Counted rules (fixed in-degree, Bernoulli): row lengths counted on the device, then offsets by
// a prefix sum on the host, and the Bernoulli targets' memory once their number is known
// (returned: it must live until the launch is done).
std::unique_ptr<DeviceBuffer> count_rows(const std::vector<TrialLayout>& layouts, std::size_t begin,
                                         const LaunchPlan& plan, LaunchImages& images,
                                         const DeviceBuffer& work_mem, cudaStream_t stream) {
  auto* jobs_device = work_mem.at<ConnectivityJob>(plan.jobs_at);
  upload(jobs_device, images.jobs.data(), images.jobs.size() * sizeof(ConnectivityJob), stream);
  launch_row_count(jobs_device, static_cast<uint32_t>(images.jobs.size()), stream);
  std::vector<unsigned char> lengths(plan.lengths_end - plan.lengths_begin);
  download(lengths.data(), at_or_null(work_mem, plan.lengths_begin), lengths.size(), stream);
  check_cuda(cudaStreamSynchronize(stream), "counting connectivity rows");
  const CountedRows rows = place_counted_rows(layouts, begin, plan, lengths, images);
  if (rows.bernoulli.empty()) return nullptr;
  auto targets = std::make_unique<DeviceBuffer>(rows.bernoulli_bytes, stream);
  bind_bernoulli_targets(rows, targets->at<unsigned char>(0), images);
  return targets;
}

// Copies the trials' final states back (capture_state launches only); done at the next sync.
void download_states(const std::vector<TrialDescriptor>& descriptors, TrialState* states,
                     cudaStream_t stream) {
  for (std::size_t t = 0; t < descriptors.size(); ++t) {
    const TrialDescriptor& d = descriptors[t];
    TrialState& s = states[t];
    s.v.resize(d.n_neurons);
    s.refractory.resize(d.n_neurons);
    s.current.resize(d.channel_neurons);
    s.derivative.resize(d.channel_neurons);
    s.pending_count.resize(d.channel_neurons);
    download(s.v.data(), d.v, 8 * s.v.size(), stream);
    download(s.refractory.data(), d.refractory, 4 * s.refractory.size(), stream);
    download(s.current.data(), d.current, 8 * s.current.size(), stream);
    download(s.derivative.data(), d.derivative, 8 * s.derivative.size(), stream);
    download(s.pending_count.data(), d.count, 4 * s.pending_count.size(), stream);
  }
}

class BalancedCudaRunnerImpl final : public BalancedCudaRunner {
 public:
  explicit BalancedCudaRunnerImpl(const CudaOptions& options) : options_(options) {
    check_options(options);
    const CudaDeviceStatus status = probe_device();
    if (!status.usable) throw std::runtime_error(status.reason);
    check_cuda(cudaSetDevice(0), "selecting device 0");
    cudaDeviceProp prop{};
    check_cuda(cudaGetDeviceProperties(&prop, 0), "reading the device properties");
    multiprocessors_ = prop.multiProcessorCount;
    shared_limit_ =
        std::min<std::size_t>(prop.sharedMemPerBlockOptin, options.shared_memory_budget);
  }

  std::vector<TrialRecording> run(const std::vector<TrialInput>& trials,
                                  const RunOptions& options) override {
    return run_all(trials, options, nullptr);
  }

  std::vector<TrialRecording> run_with_final_state(const std::vector<TrialInput>& trials,
                                                   const RunOptions& options,
                                                   std::vector<TrialState>& states) override {
    states.assign(trials.size(), TrialState{});
    return run_all(trials, options, &states);
  }

 private:
  std::vector<TrialRecording> run_all(const std::vector<TrialInput>& trials,
                                      const RunOptions& options, std::vector<TrialState>* states) {
    check_cuda(cudaSetDevice(0), "selecting device 0");
    std::vector<TrialRecording> out(trials.size());
    if (trials.empty()) return out;
    std::vector<TrialLayout> layouts;
    layouts.reserve(trials.size());
    std::vector<std::size_t> bytes;
    std::size_t shared_bytes = 0;
    for (const TrialInput& t : trials) {
      if (network_as<BalancedNetwork>(*t.network).spec().precision != StatePrecision::kFloat64) {
        throw std::runtime_error(
            "simulation.precision \"float32\" is a CPU backend option; the CUDA kernels run "
            "float64 (use --backend cpu, or precision \"float64\")");
      }
      layouts.push_back(build_trial_layout(network_as<BalancedNetwork>(*t.network).spec(), t.seed,
                                           shared_bytes_fixed(), shared_limit_, states != nullptr));
      const TrialBytes b = trial_bytes(layouts.back());
      bytes.push_back(b.outputs + b.work);
      shared_bytes = std::max(shared_bytes, layouts.back().descriptor.shared.bytes);
    }
    configure_simulation_kernel(shared_bytes);
    const int per_sm = resident_blocks_per_sm(options_.block_size, shared_bytes);
    if (per_sm < 1) {
      throw std::runtime_error("a block of " + std::to_string(options_.block_size) +
                               " threads with " + std::to_string(shared_bytes) +
                               " B of shared memory does not fit on a multiprocessor");
    }
    const std::size_t wave = static_cast<std::size_t>(per_sm) * multiprocessors_;
    const std::size_t max_trials = options_.max_trials_per_launch > 0
                                       ? static_cast<std::size_t>(options_.max_trials_per_launch)
                                       : wave;
    std::size_t free_bytes = 0, total_bytes = 0;
    check_cuda(cudaMemGetInfo(&free_bytes, &total_bytes), "reading free device memory");
    const std::size_t budget = free_bytes / 10 * 8 / static_cast<std::size_t>(options_.streams);
    const auto groups = split_batch(bytes, std::min<std::size_t>(max_trials, 65535 / 16), budget);

    std::atomic<std::size_t> next{0};
    std::mutex progress_mutex;
    std::size_t done = 0;
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&]() {
      try {
        check_cuda(cudaSetDevice(0), "selecting device 0");
        cudaStream_t stream = nullptr;
        check_cuda(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "creating a stream");
        struct StreamGuard {
          cudaStream_t s;
          ~StreamGuard() { cudaStreamDestroy(s); }
        } guard{stream};
        for (std::size_t g = next++; g < groups.size(); g = next++) {
          {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (failure) return;
          }
          const auto [begin, end] = groups[g];
          run_group(trials, layouts, begin, end, shared_bytes, stream, out, states);
          if (options.on_trial_done) {
            std::lock_guard<std::mutex> lock(progress_mutex);
            for (std::size_t k = begin; k < end; ++k) options.on_trial_done(++done, trials.size());
          }
        }
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    };
    const int workers = std::min<int>(options_.streams, static_cast<int>(groups.size()));
    std::vector<std::thread> threads;
    for (int w = 1; w < workers; ++w) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
    return out;
  }

  // One launch: trials [begin, end) on `stream`.
  void run_group(const std::vector<TrialInput>& trials, std::vector<TrialLayout>& layouts,
                 std::size_t begin, std::size_t end, std::size_t shared_bytes, cudaStream_t stream,
                 std::vector<TrialRecording>& out, std::vector<TrialState>* states) const {
    const auto start = Clock::now();
    const std::size_t n = end - begin;
    const LaunchPlan plan = plan_launch(layouts, begin, end);
    DeviceBuffer out_mem(plan.outputs.size(), stream);
    DeviceBuffer work_mem(plan.work.size(), stream);
    LaunchImages images = bind_images(layouts, begin, plan, out_mem.at<unsigned char>(0),
                                      work_mem.at<unsigned char>(0));
    std::unique_ptr<DeviceBuffer> counted_targets;
    if (plan.counted) {
      counted_targets = count_rows(layouts, begin, plan, images, work_mem, stream);
    }
    auto* jobs_device = work_mem.at<ConnectivityJob>(plan.jobs_at);
    upload(at_or_null(work_mem, plan.offsets_begin), images.offsets.data(), images.offsets.size(),
           stream);
    upload(jobs_device, images.jobs.data(), images.jobs.size() * sizeof(ConnectivityJob), stream);
    launch_row_fill(jobs_device, static_cast<uint32_t>(images.jobs.size()), stream);

    auto* descriptors_device = work_mem.at<TrialDescriptor>(plan.descriptors_at);
    upload(descriptors_device, images.descriptors.data(), n * sizeof(TrialDescriptor), stream);
    launch_simulation(descriptors_device, static_cast<uint32_t>(n), options_.block_size,
                      shared_bytes, stream);

    std::vector<unsigned char> image(plan.outputs.size());
    download(image.data(), out_mem.at<unsigned char>(0), image.size(), stream);
    if (states != nullptr) download_states(images.descriptors, states->data() + begin, stream);
    check_cuda(cudaStreamSynchronize(stream), "simulating");
    const double wall = seconds_since(start);
    for (std::size_t t = 0; t < n; ++t) {
      const TrialInput& trial = trials[begin + t];
      out[begin + t] = unpack_trial(network_as<BalancedNetwork>(*trial.network).spec(), trial.seed,
                                    image, plan.at[t], wall);
    }
  }

  CudaOptions options_;
  int multiprocessors_ = 0;
  std::size_t shared_limit_ = 0;
};

}  // namespace

std::unique_ptr<BalancedCudaRunner> make_balanced_cuda_runner(const CudaOptions& options) {
  return std::make_unique<BalancedCudaRunnerImpl>(options);
}

std::unique_ptr<ModelRunner> make_balanced_runner(const CudaOptions& options) {
  return make_balanced_cuda_runner(options);
}

}  // namespace spikefit::engine::cuda
