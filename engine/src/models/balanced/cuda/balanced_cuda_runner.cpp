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
#include <cstring>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>

#include "cuda/device_info.hpp"
#include "models/balanced/cuda/kernels.hpp"
#include "models/balanced/recording_layout.hpp"
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

// Byte offsets of one trial's pieces.
struct TrialOffsets {
  std::size_t summary = 0, counts = 0, activity = 0, spikes_after = 0, isi_count = 0;
  std::size_t isi_sum = 0, isi_sum_sq = 0, raster = 0;
  std::vector<std::size_t> offsets, row_length, row_cursor, targets;  // [projections]
  std::size_t spike_list = 0, count = 0, v = 0, refractory = 0, last_spike = 0;
  std::size_t current = 0, derivative = 0;
};

constexpr std::size_t kNone = ~std::size_t{0};

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

template <class T>
void read_array(const std::vector<unsigned char>& image, std::size_t offset, std::vector<T>& out) {
  if (!out.empty()) std::memcpy(out.data(), image.data() + offset, out.size() * sizeof(T));
}

// Where one launch's pieces lie in its output and work arenas. The work arena holds the
// descriptors, the jobs, the row offsets of every projection and then the counted rows' lengths
// and cursors: two contiguous sections, each moved in one copy.
struct LaunchPlan {
  std::vector<TrialOffsets> at;  // [trials of the launch]
  ArenaPlan outputs, work;
  std::size_t descriptors_at = 0, jobs_at = 0;
  std::size_t offsets_begin = 0, offsets_end = 0;
  std::size_t lengths_begin = 0, lengths_end = 0;
  bool counted = false;  // some job has a counted rule (fixed in-degree, Bernoulli)
};

// Host images of the descriptors, jobs and row offsets, with device pointers bound.
struct LaunchImages {
  std::vector<TrialDescriptor> descriptors;  // [trials]
  std::vector<ConnectivityJob> jobs;         // all trials' projections, in order
  std::vector<unsigned char> offsets;        // the row-offsets section of the work arena
};

// Per-trial working arrays and outputs of one trial.
void plan_trial_arrays(const TrialDescriptor& d, ArenaPlan& work, ArenaPlan& outputs,
                       TrialOffsets& at) {
  const std::size_t nn = d.n_neurons, cn = d.channel_neurons;
  const bool global_state = !d.shared.state_in_shared || d.capture_state;
  const bool global_counts = !d.shared.counts_in_shared || d.capture_state;
  at.spike_list = d.shared.spike_list_in_shared ? kNone : work.take(4 * nn);
  at.count = global_counts ? work.take(4 * cn) : kNone;
  at.v = global_state ? work.take(8 * nn) : kNone;
  at.last_spike = global_state ? work.take(8 * nn) : kNone;
  at.current = global_state ? work.take(8 * cn) : kNone;
  at.derivative = global_state ? work.take(8 * cn) : kNone;
  at.refractory = global_state ? work.take(4 * nn) : kNone;
  at.summary = outputs.take(sizeof(TrialSummary));
  at.counts = outputs.take(2 * std::size_t{d.count_bins} * d.count_neurons);
  at.activity = outputs.take(4 * std::size_t{d.activity_bins} * d.n_populations);
  at.spikes_after = outputs.take(4 * nn);
  at.isi_count = outputs.take(4 * nn);
  at.isi_sum = outputs.take(8 * nn);
  at.isi_sum_sq = outputs.take(8 * nn);
  at.raster = outputs.take(sizeof(RasterEntry) * d.raster_capacity);
}

LaunchPlan plan_launch(const std::vector<TrialLayout>& layouts, std::size_t begin,
                       std::size_t end) {
  const std::size_t n = end - begin;
  LaunchPlan plan;
  plan.at.resize(n);
  std::size_t n_jobs = 0;
  for (std::size_t t = 0; t < n; ++t) n_jobs += layouts[begin + t].jobs.size();
  plan.descriptors_at = plan.work.take(n * sizeof(TrialDescriptor));
  plan.jobs_at = plan.work.take(n_jobs * sizeof(ConnectivityJob));
  plan.offsets_begin = plan.work.size();
  for (std::size_t t = 0; t < n; ++t) {
    for (const ConnectivityJob& job : layouts[begin + t].jobs) {
      plan.at[t].offsets.push_back(plan.work.take(4 * (std::size_t{job.n_pre} + 1)));
    }
  }
  plan.offsets_end = plan.work.size();
  for (std::size_t t = 0; t < n; ++t) {
    for (const ConnectivityJob& job : layouts[begin + t].jobs) {
      const bool c = job.rule != RowRule::kFixedOutDegree;
      plan.counted |= c;
      plan.at[t].row_length.push_back(c ? plan.work.take(4 * std::size_t{job.n_pre}) : kNone);
      plan.at[t].row_cursor.push_back(c ? plan.work.take(4 * std::size_t{job.n_pre}) : kNone);
    }
  }
  plan.lengths_begin = plan.offsets_end;
  plan.lengths_end = plan.work.size();
  for (std::size_t t = 0; t < n; ++t) {
    const TrialLayout& layout = layouts[begin + t];
    const TrialDescriptor& d = layout.descriptor;
    for (std::size_t k = 0; k < layout.jobs.size(); ++k) {
      const std::size_t index_bytes = d.channels[k].targets_are_16bit ? 2 : 4;
      plan.at[t].targets.push_back(layout.jobs[k].rule == RowRule::kBernoulli
                                       ? kNone
                                       : plan.work.take(index_bytes * layout.known_synapses[k]));
    }
    plan_trial_arrays(d, plan.work, plan.outputs, plan.at[t]);
  }
  return plan;
}

unsigned char* at_or_null(const DeviceBuffer& buffer, std::size_t offset) {
  return offset == kNone ? nullptr : buffer.at<unsigned char>(offset);
}

// Trial t's descriptor with its outputs and working arrays bound.
void bind_trial_arrays(const TrialOffsets& at, const DeviceBuffer& out_mem,
                       const DeviceBuffer& work_mem, TrialDescriptor& d) {
  d.summary = out_mem.at<TrialSummary>(at.summary);
  d.counts = out_mem.at<uint16_t>(at.counts);
  d.activity = out_mem.at<uint32_t>(at.activity);
  d.spikes_after_burn_in = out_mem.at<uint32_t>(at.spikes_after);
  d.isi_count = out_mem.at<uint32_t>(at.isi_count);
  d.isi_sum = out_mem.at<double>(at.isi_sum);
  d.isi_sum_sq = out_mem.at<double>(at.isi_sum_sq);
  d.raster = out_mem.at<RasterEntry>(at.raster);
  d.spike_list = reinterpret_cast<uint32_t*>(at_or_null(work_mem, at.spike_list));
  d.count = reinterpret_cast<uint32_t*>(at_or_null(work_mem, at.count));
  d.v = reinterpret_cast<double*>(at_or_null(work_mem, at.v));
  d.last_spike = reinterpret_cast<int64_t*>(at_or_null(work_mem, at.last_spike));
  d.current = reinterpret_cast<double*>(at_or_null(work_mem, at.current));
  d.derivative = reinterpret_cast<double*>(at_or_null(work_mem, at.derivative));
  d.refractory = reinterpret_cast<int32_t*>(at_or_null(work_mem, at.refractory));
}

LaunchImages bind_images(const std::vector<TrialLayout>& layouts, std::size_t begin,
                         const LaunchPlan& plan, const DeviceBuffer& out_mem,
                         const DeviceBuffer& work_mem) {
  const std::size_t n = plan.at.size();
  LaunchImages images;
  images.descriptors.resize(n);
  images.offsets.resize(plan.offsets_end - plan.offsets_begin);
  for (std::size_t t = 0; t < n; ++t) {
    const TrialLayout& layout = layouts[begin + t];
    const TrialOffsets& at = plan.at[t];
    TrialDescriptor& d = images.descriptors[t];
    d = layout.descriptor;
    for (std::size_t k = 0; k < layout.jobs.size(); ++k) {
      ConnectivityJob job = layout.jobs[k];
      job.offsets = reinterpret_cast<const uint32_t*>(at_or_null(work_mem, at.offsets[k]));
      job.row_length = reinterpret_cast<uint32_t*>(at_or_null(work_mem, at.row_length[k]));
      job.row_cursor = reinterpret_cast<uint32_t*>(at_or_null(work_mem, at.row_cursor[k]));
      const bool narrow = d.channels[k].targets_are_16bit != 0;
      unsigned char* targets = at_or_null(work_mem, at.targets[k]);
      job.targets16 = narrow ? reinterpret_cast<uint16_t*>(targets) : nullptr;
      job.targets32 = narrow ? nullptr : reinterpret_cast<uint32_t*>(targets);
      d.channels[k].offsets = job.offsets;
      d.channels[k].targets16 = job.targets16;
      d.channels[k].targets32 = job.targets32;
      const std::vector<uint32_t>& known = layout.offsets[k];
      if (!known.empty()) {
        std::memcpy(images.offsets.data() + (at.offsets[k] - plan.offsets_begin), known.data(),
                    4 * known.size());
      }
      images.jobs.push_back(job);
    }
    bind_trial_arrays(at, out_mem, work_mem, d);
  }
  return images;
}

// Points projection k's job and channel at targets stored at `base`.
void bind_targets(TrialDescriptor& d, std::size_t k, ConnectivityJob& job, unsigned char* base) {
  if (d.channels[k].targets_are_16bit) {
    job.targets16 = reinterpret_cast<uint16_t*>(base);
    d.channels[k].targets16 = job.targets16;
  } else {
    job.targets32 = reinterpret_cast<uint32_t*>(base);
    d.channels[k].targets32 = job.targets32;
  }
}

// Counted rules (fixed in-degree, Bernoulli): row lengths counted on the device, then offsets by
// a prefix sum on the host, and the Bernoulli targets' memory once their number is known
// (returned: it must live until the launch is done).
std::unique_ptr<DeviceBuffer> place_counted_rows(const std::vector<TrialLayout>& layouts,
                                                 std::size_t begin, const LaunchPlan& plan,
                                                 LaunchImages& images,
                                                 const DeviceBuffer& work_mem,
                                                 cudaStream_t stream) {
  auto* jobs_device = work_mem.at<ConnectivityJob>(plan.jobs_at);
  upload(jobs_device, images.jobs.data(), images.jobs.size() * sizeof(ConnectivityJob), stream);
  launch_row_count(jobs_device, static_cast<uint32_t>(images.jobs.size()), stream);
  std::vector<unsigned char> lengths(plan.lengths_end - plan.lengths_begin);
  download(lengths.data(), at_or_null(work_mem, plan.lengths_begin), lengths.size(), stream);
  check_cuda(cudaStreamSynchronize(stream), "counting connectivity rows");
  ArenaPlan bernoulli;
  struct Placement {
    std::size_t trial, projection, job, offset;
  };
  std::vector<Placement> bernoulli_at;
  std::size_t j = 0;
  for (std::size_t t = 0; t < plan.at.size(); ++t) {
    const TrialOffsets& at = plan.at[t];
    for (std::size_t k = 0; k < layouts[begin + t].jobs.size(); ++k, ++j) {
      if (at.row_length[k] == kNone) continue;
      const ConnectivityJob& job = images.jobs[j];
      const auto* length = reinterpret_cast<const uint32_t*>(
          lengths.data() + (at.row_length[k] - plan.lengths_begin));
      auto* offsets = reinterpret_cast<uint32_t*>(images.offsets.data() +
                                                  (at.offsets[k] - plan.offsets_begin));
      uint64_t total = 0;
      for (uint32_t r = 0; r < job.n_pre; ++r) {
        offsets[r] = static_cast<uint32_t>(total);
        total += length[r];
      }
      if (total > 0xFFFFFFFFull) {
        throw std::runtime_error(
            "the CUDA backend cannot run this network: a projection has "
            "more than 2^32 synapses");
      }
      offsets[job.n_pre] = static_cast<uint32_t>(total);
      if (job.rule == RowRule::kBernoulli) {
        const std::size_t index_bytes = job.n_post <= 65536 ? 2 : 4;
        bernoulli_at.push_back({t, k, j, bernoulli.take(index_bytes * total)});
      }
    }
  }
  if (bernoulli_at.empty()) return nullptr;
  auto targets = std::make_unique<DeviceBuffer>(bernoulli.size(), stream);
  for (const Placement& b : bernoulli_at) {
    bind_targets(images.descriptors[b.trial], b.projection, images.jobs[b.job],
                 targets->at<unsigned char>(b.offset));
  }
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

TrialRecording unpack(const TrialInput& trial, const std::vector<unsigned char>& image,
                      const TrialOffsets& at, double wall_seconds) {
  const NetworkSpec& net = network_as<BalancedNetwork>(*trial.network).spec();
  TrialRecording rec;
  prepare_recording(net, trial.seed, rec);
  TrialSummary summary;
  std::memcpy(&summary, image.data() + at.summary, sizeof(summary));
  read_array(image, at.counts, rec.counts);
  read_array(image, at.activity, rec.activity);
  read_array(image, at.spikes_after, rec.spikes_after_burn_in);
  read_array(image, at.isi_count, rec.isi_count);
  read_array(image, at.isi_sum, rec.isi_sum_ms);
  read_array(image, at.isi_sum_sq, rec.isi_sum_sq_ms2);
  rec.steps_simulated = summary.steps_simulated;
  rec.total_spikes = summary.total_spikes;
  rec.synaptic_events = summary.synaptic_events;
  rec.first_spike_ms = summary.first_spike_step >= 0
                           ? static_cast<double>(summary.first_spike_step) * net.dt_ms
                           : -1.0;
  rec.last_spike_ms = summary.last_spike_step >= 0
                          ? static_cast<double>(summary.last_spike_step) * net.dt_ms
                          : -1.0;
  if (summary.status == static_cast<uint32_t>(DeviceStatus::kRunaway)) {
    rec.status = TrialStatus::kRunaway;
    rec.message = runaway_message(net, rec.simulated_ms());
  } else if (summary.status == static_cast<uint32_t>(DeviceStatus::kNonFinite)) {
    rec.status = TrialStatus::kError;
    rec.message = non_finite_message(rec.simulated_ms());
  }
  // The CPU lists each step's raster spikes in neuron order; atomics left them in any order.
  std::vector<RasterEntry> raster(summary.raster_count);
  if (!raster.empty()) {
    std::memcpy(raster.data(), image.data() + at.raster, raster.size() * sizeof(RasterEntry));
  }
  std::sort(raster.begin(), raster.end(), [](const RasterEntry& a, const RasterEntry& b) {
    return std::tie(a.step, a.neuron) < std::tie(b.step, b.neuron);
  });
  rec.raster.reserve(raster.size());
  for (const RasterEntry& e : raster) {
    rec.raster.push_back({static_cast<double>(e.step) * net.dt_ms, e.neuron});
  }
  // Per launch: every trial of a launch shares its setup and simulation time.
  rec.setup_seconds = 0.0;
  rec.wall_seconds = wall_seconds;
  return rec;
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
      layouts.push_back(build_trial_layout(network_as<BalancedNetwork>(*t.network).spec(),
                                                 t.seed, shared_bytes_fixed(),
                                                 shared_limit_, states != nullptr));
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
    const auto groups =
        split_batch(bytes, std::min<std::size_t>(max_trials, 65535 / 16), budget);

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
    LaunchImages images = bind_images(layouts, begin, plan, out_mem, work_mem);
    std::unique_ptr<DeviceBuffer> counted_targets;
    if (plan.counted) {
      counted_targets = place_counted_rows(layouts, begin, plan, images, work_mem, stream);
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
      out[begin + t] = unpack(trials[begin + t], image, plan.at[t], wall);
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
