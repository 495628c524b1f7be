#include "spikefit/experiments/evaluation/config_evaluator.hpp"

namespace spikefit::experiments {

ConfigEvaluator::ConfigEvaluator(const ModelConfig& config, const stats::Target& target,
                                 const ConfigEvaluatorOptions& options)
    : runner_(config.model().open(options.backend)) {
  ModelEvaluatorOptions o;
  o.statistics = options.statistics;
  o.metric = options.metric;
  o.screen_ms = options.screen_ms;
  o.threads = options.threads;
  o.on_trial_done = options.on_trial_done;
  evaluator_ = std::make_unique<ModelEvaluator>(config, target, *runner_, o);
}

}  // namespace spikefit::experiments
