#include "spikefit/experiments/evaluation/config_evaluator.hpp"

namespace spikefit::experiments {

ConfigEvaluator::ConfigEvaluator(const ModelConfig& config, const stats::Target& target,
                                 const std::string& backend, const ModelEvaluatorOptions& options)
    : runner_(config.model().open(backend)),
      evaluator_(std::make_unique<ModelEvaluator>(config, target, *runner_, options)) {}

}  // namespace spikefit::experiments
