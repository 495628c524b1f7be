#include "spikefit/experiments/evaluation/config_evaluator.hpp"

#include <cstdio>
#include <stdexcept>

#include "spikefit/experiments/cli/backend_option.hpp"

namespace spikefit::experiments {

std::unique_ptr<engine::Ensemble> open_bg_backend(const std::string& backend) {
  engine::SelectedBackend selected = engine::make_ensemble(engine::parse_backend_choice(backend));
  if (!selected.warning.empty())
    std::fprintf(stderr, "spikefit: warning: %s\n", selected.warning.c_str());
  return std::move(selected.ensemble);
}

ConfigEvaluator::ConfigEvaluator(const ModelConfig& config, const stats::Target& target,
                                 const ConfigEvaluatorOptions& options) {
  if (config.basal_ganglia()) {
    bg_ensemble_ = open_bg_backend(options.backend);
    BgEvaluatorOptions bg;
    bg.statistics = options.bg_statistics;
    bg.metric = options.metric;
    bg.screen_ms = options.screen_ms;
    bg.threads = options.threads;
    bg.on_trial_done = options.on_trial_done;
    evaluator_ = std::make_unique<BgSimulationEvaluator>(config, target, *bg_ensemble_, bg);
    return;
  }
  backend_ = open_backend(options.backend);
  SimulationEvaluatorOptions balanced;
  balanced.statistics = options.statistics;
  balanced.metric = options.metric;
  balanced.screen_ms = options.screen_ms;
  balanced.threads = options.threads;
  balanced.on_trial_done = options.on_trial_done;
  evaluator_ = std::make_unique<SimulationEvaluator>(config, target, *backend_.ensemble, balanced);
}

}  // namespace spikefit::experiments
