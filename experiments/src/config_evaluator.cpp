#include "spikefit/experiments/config_evaluator.hpp"

#include <stdexcept>

#include "spikefit/experiments/backend_option.hpp"

namespace spikefit::experiments {

std::unique_ptr<engine::bg::BgEnsemble> open_bg_backend(const std::string& backend) {
  if (backend == "cuda") {
    throw std::runtime_error(
        "--backend cuda: basal-ganglia networks have no CUDA backend yet; use cpu or auto");
  }
  return engine::bg::make_cpu_bg_ensemble();
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
