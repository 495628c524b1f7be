#include "spikefit/engine/bg/bg_ensemble.hpp"

#include "../cpu/parallel_trials.hpp"

namespace spikefit::engine::bg {

namespace {

class CpuBgEnsemble final : public BgEnsemble {
 public:
  std::string backend_name() const override { return "cpu"; }

  std::vector<BgTrialRecording> run(const std::vector<BgTrialInput>& trials,
                                    const RunOptions& options) override {
    return run_trials_in_parallel<BgTrialRecording>(trials, options, [](const BgTrialInput& t) {
      return simulate_bg_trial_cpu(t.network, t.seed);
    });
  }
};

}  // namespace

std::unique_ptr<BgEnsemble> make_cpu_bg_ensemble() {
  return std::make_unique<CpuBgEnsemble>();
}

}  // namespace spikefit::engine::bg
