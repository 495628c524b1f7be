#include <omp.h>

#include <mutex>

#include "spikefit/engine/bg/bg_ensemble.hpp"

namespace spikefit::engine::bg {

namespace {

class CpuBgEnsemble final : public BgEnsemble {
 public:
  std::string backend_name() const override { return "cpu"; }

  std::vector<BgTrialRecording> run(const std::vector<BgTrialInput>& trials,
                                    const RunOptions& options) override {
    std::vector<BgTrialRecording> out(trials.size());
    const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
    std::mutex progress;
    std::size_t done = 0;
    const auto n = static_cast<int64_t>(trials.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (int64_t k = 0; k < n; ++k) {
      out[k] = simulate_bg_trial_cpu(trials[k].network, trials[k].seed);
      if (options.on_trial_done) {
        std::lock_guard<std::mutex> lock(progress);
        options.on_trial_done(++done, trials.size());
      }
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<BgEnsemble> make_cpu_bg_ensemble() {
  return std::make_unique<CpuBgEnsemble>();
}

}  // namespace spikefit::engine::bg
