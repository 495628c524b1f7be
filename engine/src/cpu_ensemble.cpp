#include <cstdint>
#include <mutex>
#include <thread>

#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/thread_count.hpp"

namespace spikefit::engine {

namespace {

// The reference backend of every model: one trial per OpenMP thread, no threading inside a
// trial, progress reported one call at a time. Recording k = trials[k].network->simulate_cpu.
class CpuEnsemble final : public Ensemble {
 public:
  std::string backend_name() const override { return "cpu"; }
  std::string device_name() const override {
    return std::to_string(std::thread::hardware_concurrency()) + " hardware threads";
  }

  std::vector<TrialRecording> run(const std::vector<TrialInput>& trials,
                                  const RunOptions& options) override {
    std::vector<TrialRecording> out(trials.size());
    const int threads = thread_count(options.threads);
    std::mutex progress;
    std::size_t done = 0;
    const auto n = static_cast<int64_t>(trials.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (int64_t k = 0; k < n; ++k) {
      out[k] = trials[k].network->simulate_cpu(trials[k].seed);
      if (options.on_trial_done) {
        std::lock_guard<std::mutex> lock(progress);
        options.on_trial_done(++done, trials.size());
      }
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<Ensemble> make_cpu_ensemble() {
  return std::make_unique<CpuEnsemble>();
}

}  // namespace spikefit::engine
