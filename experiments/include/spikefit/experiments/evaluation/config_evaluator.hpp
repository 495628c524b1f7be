#pragma once

#include <memory>
#include <string>

#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/evaluation/model_evaluator.hpp"

namespace spikefit::experiments {

// The evaluator of a config: its model's runner (Model::open on the backend) behind one
// ModelEvaluator, for every model.
class ConfigEvaluator {
 public:
  // backend: auto | cpu | cuda.
  ConfigEvaluator(const ModelConfig& config, const stats::Target& target,
                  const std::string& backend, const ModelEvaluatorOptions& options);
  Evaluator& evaluator() { return *evaluator_; }
  const Evaluator& evaluator() const { return *evaluator_; }

 private:
  std::unique_ptr<TrialRunner> runner_;
  std::unique_ptr<Evaluator> evaluator_;
};

}  // namespace spikefit::experiments
