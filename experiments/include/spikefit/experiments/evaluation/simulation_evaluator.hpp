#pragma once

#include <functional>
#include <string>
#include <vector>

#include "spikefit/engine/ensemble.hpp"
#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/stats/cost.hpp"
#include "spikefit/stats/target.hpp"
#include "spikefit/stats/trial_statistics.hpp"

namespace spikefit::experiments {

struct SimulationEvaluatorOptions {
  stats::StatisticsOptions statistics;
  stats::CostMetric metric = stats::CostMetric::kL2;
  double screen_ms = 10000.0;  // simulated time of the screening stage
  int threads = 0;             // CPU threads for simulation and statistics (0: all)
  // Called after each simulated trial of a batch with (finished, total).
  std::function<void(std::size_t, std::size_t)> on_trial_done;
};

// The simulator pipeline of `spikefit simulate --stats --target`: each row is bound into the
// config's network (ParameterSpace::bind), simulated on the ensemble with its seed, reduced to
// statistics (compute_batch) and scored against the target (stats::evaluate_cost). The screening
// stage runs screen_ms instead of the config's duration and keeps only feasibility.
class SimulationEvaluator final : public Evaluator {
 public:
  SimulationEvaluator(ModelConfig config, stats::Target target, engine::Ensemble& ensemble,
                      SimulationEvaluatorOptions options);
  std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                          const std::vector<uint64_t>& seeds,
                                          EvaluationStage stage) override;
  std::vector<std::string> error_names() const override;
  std::string backend() const override { return ensemble_.backend_name(); }
  std::string device() const override { return ensemble_.device_name(); }

 private:
  ModelConfig config_;
  stats::Target target_;
  engine::Ensemble& ensemble_;
  SimulationEvaluatorOptions options_;
};

}  // namespace spikefit::experiments
