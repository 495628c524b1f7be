#include <thread>

#include "parallel_trials.hpp"
#include "spikefit/engine/cpu_trial.hpp"
#include "spikefit/engine/ensemble.hpp"

namespace spikefit::engine {

namespace {

// The reference backend: one trial per thread, no threading inside a trial.
class CpuEnsemble final : public Ensemble {
 public:
  std::string backend_name() const override { return "cpu"; }
  std::string device_name() const override {
    return std::to_string(std::thread::hardware_concurrency()) + " hardware threads";
  }

  std::vector<TrialRecording> run(const std::vector<TrialInput>& trials,
                                  const RunOptions& options) override {
    return run_trials_in_parallel<TrialRecording>(
        trials, options, [](const TrialInput& t) { return simulate_trial_cpu(t.network, t.seed); });
  }
};

}  // namespace

std::unique_ptr<Ensemble> make_cpu_ensemble() {
  return std::make_unique<CpuEnsemble>();
}

}  // namespace spikefit::engine
