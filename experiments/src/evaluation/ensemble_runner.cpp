#include "spikefit/experiments/evaluation/ensemble_runner.hpp"

#include <utility>
#include <vector>

#include "spikefit/engine/ensemble.hpp"
#include "spikefit/experiments/cli/backend_option.hpp"
#include "spikefit/stats/statistics_batch.hpp"

namespace spikefit::experiments {

namespace {

class EnsembleRunner final : public TrialRunner {
 public:
  EnsembleRunner(const std::string& backend, ModelTrialHooks hooks)
      : selected_(open_backend(backend)), hooks_(std::move(hooks)) {}
  std::string backend() const override { return selected_.ensemble->backend_name(); }
  std::string device() const override { return selected_.ensemble->device_name(); }

  std::vector<SimulatedTrial> run(const std::vector<TrialRequest>& trials,
                                  const TrialRunOptions& options) override {
    std::vector<engine::TrialInput> inputs;
    inputs.reserve(trials.size());
    for (const TrialRequest& t : trials) {
      // Replicates of one row (simulate's trials, a sweep cell) share their parsed network.
      const bool same = !inputs.empty() && t.network == trials[inputs.size() - 1].network;
      inputs.push_back({same ? inputs.back().network : hooks_.network(t.network), t.seed});
    }
    engine::RunOptions run;
    run.threads = options.threads;
    run.on_trial_done = options.on_trial_done;
    std::vector<engine::TrialRecording> recordings = selected_.ensemble->run(inputs, run);
    std::vector<stats::Statistics> statistics;
    if (options.statistics) {
      statistics = stats::compute_batch(recordings.size(), options.threads, [&](std::size_t k) {
        if (recordings[k].status != engine::TrialStatus::kOk) {
          return stats::failed_trial_statistics(recordings[k]);
        }
        return hooks_.statistics(recordings[k], options.statistics_options);
      });
    }
    std::vector<SimulatedTrial> out(trials.size());
    for (std::size_t k = 0; k < trials.size(); ++k) {
      out[k].summary = hooks_.summary(*inputs[k].network, recordings[k]);
      if (options.statistics) out[k].statistics = std::move(statistics[k]);
      out[k].recording = std::move(recordings[k]);
    }
    return out;
  }

 private:
  engine::SelectedBackend selected_;
  ModelTrialHooks hooks_;
};

}  // namespace

std::unique_ptr<TrialRunner> open_ensemble_runner(const std::string& backend,
                                                  ModelTrialHooks hooks) {
  return std::make_unique<EnsembleRunner>(backend, std::move(hooks));
}

}  // namespace spikefit::experiments
