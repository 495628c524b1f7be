// Host side of the CUDA backend: splits a batch into launches (at most one wave of resident blocks
// and what device memory holds), and runs them on several streams, one host thread each, so that
// one launch's connectivity setup and copy-back overlap another's simulation.
#include "spikefit/engine/cuda_ensemble.hpp"

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

#include "device_info.hpp"
#include "kernels.hpp"
#include "spikefit/engine/recording_layout.hpp"
#include "trial_layout.hpp"

namespace spikefit::engine {

namespace {

using cuda::ArenaPlan;
using cuda::check_cuda;
using cuda::ConnectivityJob;
using cuda::RasterEntry;
using cuda::RowRule;
using cuda::TrialDescriptor;
using cuda::TrialLayout;
using cuda::TrialSummary;

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

class CudaEnsembleImpl final : public CudaEnsemble {
 public:
  explicit CudaEnsembleImpl(const CudaOptions& options) : options_(options) {
    if (options.block_size < 32 || options.block_size > 1024 || options.block_size % 32 != 0) {
      throw std::invalid_argument("CUDA block size must be a multiple of 32 in [32, 1024], got " +
                                  std::to_string(options.block_size));
    }
    if (options.streams < 1) throw std::invalid_argument("CUDA streams must be >= 1");
    const CudaDeviceStatus status = cuda::probe_device();
    if (!status.usable) throw std::runtime_error(status.reason);
    device_name_ = status.device;
    check_cuda(cudaSetDevice(0), "selecting device 0");
    cudaDeviceProp prop{};
    check_cuda(cudaGetDeviceProperties(&prop, 0), "reading the device properties");
    multiprocessors_ = prop.multiProcessorCount;
    shared_limit_ =
        std::min<std::size_t>(prop.sharedMemPerBlockOptin, options.shared_memory_budget);
  }

  std::string backend_name() const override { return "cuda"; }
  std::string device_name() const override { return device_name_; }

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
      layouts.push_back(cuda::build_trial_layout(t.network, t.seed, cuda::shared_bytes_fixed(),
                                                 shared_limit_, states != nullptr));
      const cuda::TrialBytes b = cuda::trial_bytes(layouts.back());
      bytes.push_back(b.outputs + b.work);
      shared_bytes = std::max(shared_bytes, layouts.back().descriptor.shared.bytes);
    }
    cuda::configure_simulation_kernel(shared_bytes);
    const int per_sm = cuda::resident_blocks_per_sm(options_.block_size, shared_bytes);
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
        cuda::split_batch(bytes, std::min<std::size_t>(max_trials, 65535 / 16), budget);

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
    std::vector<TrialOffsets> at(n);
    ArenaPlan outputs, work;
    std::size_t n_jobs = 0;
    for (std::size_t t = 0; t < n; ++t) n_jobs += layouts[begin + t].jobs.size();
    const std::size_t descriptors_at = work.take(n * sizeof(TrialDescriptor));
    const std::size_t jobs_at = work.take(n_jobs * sizeof(ConnectivityJob));
    // Row offsets of every projection, then the counted rows' lengths and cursors: two
    // contiguous sections, each moved in one copy.
    const std::size_t offsets_begin = work.size();
    for (std::size_t t = 0; t < n; ++t) {
      for (const ConnectivityJob& job : layouts[begin + t].jobs) {
        at[t].offsets.push_back(work.take(4 * (std::size_t{job.n_pre} + 1)));
      }
    }
    const std::size_t offsets_end = work.size();
    bool counted = false;
    for (std::size_t t = 0; t < n; ++t) {
      for (const ConnectivityJob& job : layouts[begin + t].jobs) {
        const bool c = job.rule != RowRule::kFixedOutDegree;
        counted |= c;
        at[t].row_length.push_back(c ? work.take(4 * std::size_t{job.n_pre}) : kNone);
        at[t].row_cursor.push_back(c ? work.take(4 * std::size_t{job.n_pre}) : kNone);
      }
    }
    const std::size_t lengths_begin = offsets_end, lengths_end = work.size();
    for (std::size_t t = 0; t < n; ++t) {
      const TrialLayout& layout = layouts[begin + t];
      const TrialDescriptor& d = layout.descriptor;
      for (std::size_t k = 0; k < layout.jobs.size(); ++k) {
        const std::size_t index_bytes = d.channels[k].targets_are_16bit ? 2 : 4;
        at[t].targets.push_back(layout.jobs[k].rule == RowRule::kBernoulli
                                    ? kNone
                                    : work.take(index_bytes * layout.known_synapses[k]));
      }
      const std::size_t nn = d.n_neurons, cn = d.channel_neurons;
      const bool global_state = !d.shared.state_in_shared || d.capture_state;
      const bool global_counts = !d.shared.counts_in_shared || d.capture_state;
      at[t].spike_list = d.shared.spike_list_in_shared ? kNone : work.take(4 * nn);
      at[t].count = global_counts ? work.take(4 * cn) : kNone;
      at[t].v = global_state ? work.take(8 * nn) : kNone;
      at[t].last_spike = global_state ? work.take(8 * nn) : kNone;
      at[t].current = global_state ? work.take(8 * cn) : kNone;
      at[t].derivative = global_state ? work.take(8 * cn) : kNone;
      at[t].refractory = global_state ? work.take(4 * nn) : kNone;
      at[t].summary = outputs.take(sizeof(TrialSummary));
      at[t].counts = outputs.take(2 * std::size_t{d.count_bins} * d.count_neurons);
      at[t].activity = outputs.take(4 * std::size_t{d.activity_bins} * d.n_populations);
      at[t].spikes_after = outputs.take(4 * nn);
      at[t].isi_count = outputs.take(4 * nn);
      at[t].isi_sum = outputs.take(8 * nn);
      at[t].isi_sum_sq = outputs.take(8 * nn);
      at[t].raster = outputs.take(sizeof(RasterEntry) * d.raster_capacity);
    }

    DeviceBuffer out_mem(outputs.size(), stream);
    DeviceBuffer work_mem(work.size(), stream);
    auto ptr = [&work_mem](std::size_t offset) {
      return offset == kNone ? nullptr : work_mem.at<unsigned char>(offset);
    };

    // Host images of the descriptors, jobs and offsets, with device pointers bound.
    std::vector<TrialDescriptor> descriptors(n);
    std::vector<ConnectivityJob> jobs;
    std::vector<unsigned char> offsets_image(offsets_end - offsets_begin);
    for (std::size_t t = 0; t < n; ++t) {
      const TrialLayout& layout = layouts[begin + t];
      TrialDescriptor& d = descriptors[t];
      d = layout.descriptor;
      for (std::size_t k = 0; k < layout.jobs.size(); ++k) {
        ConnectivityJob job = layout.jobs[k];
        job.offsets = reinterpret_cast<const uint32_t*>(ptr(at[t].offsets[k]));
        job.row_length = reinterpret_cast<uint32_t*>(ptr(at[t].row_length[k]));
        job.row_cursor = reinterpret_cast<uint32_t*>(ptr(at[t].row_cursor[k]));
        const bool narrow = d.channels[k].targets_are_16bit != 0;
        job.targets16 = narrow ? reinterpret_cast<uint16_t*>(ptr(at[t].targets[k])) : nullptr;
        job.targets32 = narrow ? nullptr : reinterpret_cast<uint32_t*>(ptr(at[t].targets[k]));
        d.channels[k].offsets = job.offsets;
        d.channels[k].targets16 = job.targets16;
        d.channels[k].targets32 = job.targets32;
        const std::vector<uint32_t>& known = layout.offsets[k];
        if (!known.empty()) {
          std::memcpy(offsets_image.data() + (at[t].offsets[k] - offsets_begin), known.data(),
                      4 * known.size());
        }
        jobs.push_back(job);
      }
      d.summary = out_mem.at<TrialSummary>(at[t].summary);
      d.counts = out_mem.at<uint16_t>(at[t].counts);
      d.activity = out_mem.at<uint32_t>(at[t].activity);
      d.spikes_after_burn_in = out_mem.at<uint32_t>(at[t].spikes_after);
      d.isi_count = out_mem.at<uint32_t>(at[t].isi_count);
      d.isi_sum = out_mem.at<double>(at[t].isi_sum);
      d.isi_sum_sq = out_mem.at<double>(at[t].isi_sum_sq);
      d.raster = out_mem.at<RasterEntry>(at[t].raster);
      d.spike_list = reinterpret_cast<uint32_t*>(ptr(at[t].spike_list));
      d.count = reinterpret_cast<uint32_t*>(ptr(at[t].count));
      d.v = reinterpret_cast<double*>(ptr(at[t].v));
      d.last_spike = reinterpret_cast<int64_t*>(ptr(at[t].last_spike));
      d.current = reinterpret_cast<double*>(ptr(at[t].current));
      d.derivative = reinterpret_cast<double*>(ptr(at[t].derivative));
      d.refractory = reinterpret_cast<int32_t*>(ptr(at[t].refractory));
    }
    auto* jobs_device = work_mem.at<ConnectivityJob>(jobs_at);

    // Counted rules (fixed in-degree, Bernoulli): row lengths first, then offsets by a prefix sum
    // on the host, and the Bernoulli targets' memory once their number is known.
    std::unique_ptr<DeviceBuffer> counted_targets;
    if (counted) {
      upload(jobs_device, jobs.data(), jobs.size() * sizeof(ConnectivityJob), stream);
      cuda::launch_row_count(jobs_device, static_cast<uint32_t>(jobs.size()), stream);
      std::vector<unsigned char> lengths(lengths_end - lengths_begin);
      download(lengths.data(), ptr(lengths_begin), lengths.size(), stream);
      check_cuda(cudaStreamSynchronize(stream), "counting connectivity rows");
      ArenaPlan bernoulli;
      struct Placement {
        std::size_t trial, projection, job, offset;
      };
      std::vector<Placement> bernoulli_at;
      std::size_t j = 0;
      for (std::size_t t = 0; t < n; ++t) {
        const TrialLayout& layout = layouts[begin + t];
        for (std::size_t k = 0; k < layout.jobs.size(); ++k, ++j) {
          if (at[t].row_length[k] == kNone) continue;
          const ConnectivityJob& job = jobs[j];
          const auto* length = reinterpret_cast<const uint32_t*>(
              lengths.data() + (at[t].row_length[k] - lengths_begin));
          auto* offsets = reinterpret_cast<uint32_t*>(offsets_image.data() +
                                                      (at[t].offsets[k] - offsets_begin));
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
      if (!bernoulli_at.empty()) {
        counted_targets = std::make_unique<DeviceBuffer>(bernoulli.size(), stream);
        for (const Placement& b : bernoulli_at) {
          ConnectivityJob& job = jobs[b.job];
          bind_targets(descriptors[b.trial], b.projection, job,
                       counted_targets->at<unsigned char>(b.offset));
        }
      }
    }
    upload(ptr(offsets_begin), offsets_image.data(), offsets_image.size(), stream);
    upload(jobs_device, jobs.data(), jobs.size() * sizeof(ConnectivityJob), stream);
    cuda::launch_row_fill(jobs_device, static_cast<uint32_t>(jobs.size()), stream);

    auto* descriptors_device = work_mem.at<TrialDescriptor>(descriptors_at);
    upload(descriptors_device, descriptors.data(), n * sizeof(TrialDescriptor), stream);
    cuda::launch_simulation(descriptors_device, static_cast<uint32_t>(n), options_.block_size,
                            shared_bytes, stream);

    std::vector<unsigned char> image(outputs.size());
    download(image.data(), out_mem.at<unsigned char>(0), image.size(), stream);
    if (states != nullptr) {
      for (std::size_t t = 0; t < n; ++t) {
        const TrialDescriptor& d = descriptors[t];
        TrialState& s = (*states)[begin + t];
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
    check_cuda(cudaStreamSynchronize(stream), "simulating");
    const double wall = seconds_since(start);
    for (std::size_t t = 0; t < n; ++t) {
      out[begin + t] = unpack(trials[begin + t], image, at[t], wall);
    }
  }

  // Points projection k's job and channel at targets stored at `base`.
  static void bind_targets(TrialDescriptor& d, std::size_t k, ConnectivityJob& job,
                           unsigned char* base) {
    if (d.channels[k].targets_are_16bit) {
      job.targets16 = reinterpret_cast<uint16_t*>(base);
      d.channels[k].targets16 = job.targets16;
    } else {
      job.targets32 = reinterpret_cast<uint32_t*>(base);
      d.channels[k].targets32 = job.targets32;
    }
  }

  static TrialRecording unpack(const TrialInput& trial, const std::vector<unsigned char>& image,
                               const TrialOffsets& at, double wall_seconds) {
    const NetworkSpec& net = trial.network;
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
    if (summary.status == static_cast<uint32_t>(cuda::DeviceStatus::kRunaway)) {
      rec.status = TrialStatus::kRunaway;
      rec.message = runaway_message(net, rec.simulated_ms());
    } else if (summary.status == static_cast<uint32_t>(cuda::DeviceStatus::kNonFinite)) {
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

  CudaOptions options_;
  std::string device_name_;
  int multiprocessors_ = 0;
  std::size_t shared_limit_ = 0;
};

}  // namespace

std::unique_ptr<CudaEnsemble> make_cuda_ensemble(const CudaOptions& options) {
  return std::make_unique<CudaEnsembleImpl>(options);
}

}  // namespace spikefit::engine
