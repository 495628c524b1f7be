#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "spikefit/engine/ensemble.hpp"
#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/stats/bg_statistics.hpp"
#include "spikefit/stats/cost.hpp"
#include "spikefit/stats/target.hpp"

namespace spikefit::experiments {

struct BgEvaluatorOptions {
  stats::BgStatisticsOptions statistics;
  stats::CostMetric metric = stats::CostMetric::kL2;
  double screen_ms = 1000.0;  // simulated time of the screening stage
  int threads = 0;            // CPU threads for simulation and statistics (0: all)
  std::function<void(std::size_t, std::size_t)> on_trial_done;
};

// The basal-ganglia pipeline: each row is bound into the config's BG network
// (ParameterSpace::bind, then engine::bg::parse_bg_network), simulated on the ensemble with its
// seed, reduced by stats::bg_statistics (rate.STN, beta.STN, error_index, ...) and scored against
// the target with stats::evaluate_cost. Infeasible, with the reason: a trial that ran away or
// failed (the engine's message), a parameter row the network rejects, and a targeted statistic
// that is missing or NaN. A target without statistics gives statistics only (cost NaN, feasible
// when the trial ran). The screening stage runs screen_ms and keeps only feasibility.
class BgSimulationEvaluator final : public Evaluator {
 public:
  BgSimulationEvaluator(ModelConfig config, stats::Target target, engine::Ensemble& ensemble,
                        BgEvaluatorOptions options);
  std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                          const std::vector<uint64_t>& seeds,
                                          EvaluationStage stage) override;
  std::vector<std::string> error_names() const override;
  std::string backend() const override { return ensemble_.backend_name(); }
  std::string device() const override;

 private:
  ModelConfig config_;
  stats::Target target_;
  engine::Ensemble& ensemble_;
  BgEvaluatorOptions options_;
};

// The outcome of one finished BG trial against a target: the statistics document (every named
// statistic at the top level, NaN as null, and status, simulated_ms, trial_wall_s), feasibility,
// cost and per-statistic errors [target statistics].
EvaluationOutcome score_bg_trial(const engine::TrialRecording& trial,
                                 const std::map<std::string, double>& statistics,
                                 const stats::Target& target, stats::CostMetric metric);

}  // namespace spikefit::experiments
