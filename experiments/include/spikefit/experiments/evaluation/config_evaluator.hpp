#pragma once

#include <functional>
#include <memory>
#include <string>

#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/evaluation/model_evaluator.hpp"

namespace spikefit::experiments {

struct ConfigEvaluatorOptions {
  std::string backend = "auto";         // auto | cpu | cuda
  stats::StatisticsOptions statistics;  // TrialRunOptions::statistics_options
  stats::CostMetric metric = stats::CostMetric::kL2;
  double screen_ms = 0.0;
  int threads = 0;
  std::function<void(std::size_t, std::size_t)> on_trial_done;
};

// The evaluator of a config: its model's runner (Model::open on the backend) behind one
// ModelEvaluator, for every model.
class ConfigEvaluator {
 public:
  ConfigEvaluator(const ModelConfig& config, const stats::Target& target,
                  const ConfigEvaluatorOptions& options);
  Evaluator& evaluator() { return *evaluator_; }

 private:
  std::unique_ptr<TrialRunner> runner_;
  std::unique_ptr<Evaluator> evaluator_;
};

}  // namespace spikefit::experiments
