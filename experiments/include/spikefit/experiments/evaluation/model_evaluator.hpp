#pragma once

#include <functional>
#include <string>
#include <vector>

#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/stats/cost.hpp"
#include "spikefit/stats/target.hpp"

namespace spikefit::experiments {

struct ModelEvaluatorOptions {
  stats::StatisticsOptions statistics;  // TrialRunOptions::statistics_options
  stats::CostMetric metric = stats::CostMetric::kL2;
  double screen_ms = 1000.0;  // simulated time of the screening stage
  int threads = 0;            // CPU threads for simulation and statistics (0: all)
  // Called after each simulated trial of a batch with (finished, total).
  std::function<void(std::size_t, std::size_t)> on_trial_done;
};

// The simulator pipeline of every model: each row is bound into the config's network
// (ParameterSpace::bind) and checked by the model, simulated by the runner with its seed, reduced
// to named statistics and scored against the target (stats::evaluate_cost). Infeasible, with the
// reason: a row the network rejects ("the network rejects these parameters: ..."), a trial that
// ran away or failed (the engine's message), statistics that failed, and a targeted statistic
// that is missing or NaN. A target without statistics gives statistics only (cost NaN, feasible
// when the trial could be scored). The screening stage runs screen_ms (the model's duration
// field) and keeps only feasibility, the statistics' own verdict (SNOPS's stage 1: the trial ran
// and could be scored; for balanced networks StatisticsOptions::screen: rate and Fano finite, no
// mean-rate cap).
class ModelEvaluator final : public Evaluator {
 public:
  ModelEvaluator(ModelConfig config, stats::Target target, TrialRunner& runner,
                 ModelEvaluatorOptions options);
  std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                          const std::vector<uint64_t>& seeds,
                                          EvaluationStage stage) override;
  std::vector<std::string> error_names() const override;
  std::string backend() const override { return runner_.backend(); }
  std::string device() const override { return runner_.device(); }

 private:
  ModelConfig config_;
  stats::Target target_;
  TrialRunner& runner_;
  ModelEvaluatorOptions options_;
};

// The outcome of one simulated trial against a target: the statistics document (the model's
// layout, with simulated_ms and trial_wall_s), feasibility and reason, and at the full stage the
// cost and the per-statistic errors [target statistics] (NaN where not computed).
EvaluationOutcome score_trial(const Model& model, const SimulatedTrial& trial,
                              const stats::Target& target, stats::CostMetric metric,
                              EvaluationStage stage = EvaluationStage::kFull);

}  // namespace spikefit::experiments
