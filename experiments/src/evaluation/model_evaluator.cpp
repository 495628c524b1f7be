#include "spikefit/experiments/evaluation/model_evaluator.hpp"

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/json_path.hpp"

namespace spikefit::experiments {

ModelEvaluator::ModelEvaluator(ModelConfig config, stats::Target target, TrialRunner& runner,
                               ModelEvaluatorOptions options)
    : config_(std::move(config)),
      target_(std::move(target)),
      runner_(runner),
      options_(std::move(options)) {}

std::vector<std::string> ModelEvaluator::error_names() const {
  std::vector<std::string> names;
  for (const auto& s : target_.statistics) names.push_back(s.name);
  return names;
}

EvaluationOutcome score_trial(const Model& model, const SimulatedTrial& trial,
                              const stats::Target& target, stats::CostMetric metric,
                              EvaluationStage stage) {
  EvaluationOutcome o;
  o.statistics = model.statistics_json(trial.statistics);
  o.statistics.update(model.outcome_fields(trial.recording));
  o.statistics["simulated_ms"] = trial.recording.simulated_ms();
  o.statistics["trial_wall_s"] = trial.recording.wall_seconds;
  const stats::CostResult c = stats::evaluate_cost(trial.statistics, target, metric);
  o.feasible = c.feasible;
  o.reason = c.reason;
  if (stage == EvaluationStage::kScreen) {  // the statistics' own verdict, not the cost's
    o.feasible = trial.statistics.feasible;
    o.reason = trial.statistics.reason;
  } else {
    o.errors = c.errors;
    o.errors.resize(target.statistics.size(), std::nan(""));
    if (c.feasible) o.cost = c.cost;
  }
  return o;
}

std::vector<EvaluationOutcome> ModelEvaluator::evaluate(const std::vector<std::vector<double>>& x,
                                                        const std::vector<uint64_t>& seeds,
                                                        EvaluationStage stage) {
  if (x.size() != seeds.size()) throw std::invalid_argument("x and seeds differ in length");
  const auto start = std::chrono::steady_clock::now();
  const Model& model = config_.model();
  nlohmann::json network = config_.network;
  if (stage == EvaluationStage::kScreen) {
    base::resolve_path(network, model.duration_field()) = options_.screen_ms;
  }

  // Rows the network rejects (e.g. a DBS pulse longer than its period) are infeasible, not fatal.
  std::vector<EvaluationOutcome> out(x.size());
  std::vector<TrialRequest> trials;
  std::vector<std::size_t> row_of_trial;
  for (std::size_t k = 0; k < x.size(); ++k) {
    try {
      nlohmann::json bound = config_.space.bind(network, x[k]);
      model.validate(bound, config_.source);
      trials.push_back({std::move(bound), seeds[k]});
      row_of_trial.push_back(k);
    } catch (const base::ConfigError& e) {
      out[k].reason = std::string("the network rejects these parameters: ") + e.what();
      if (stage == EvaluationStage::kFull) {
        out[k].errors.assign(target_.statistics.size(), std::nan(""));
      }
    }
  }
  TrialRunOptions run;
  run.threads = options_.threads;
  run.on_trial_done = options_.on_trial_done;
  run.statistics_options = options_.statistics;
  // SNOPS's screening run judges runaway, silent and unscorable trials only (specs/snops.md
  // §4.2): its 60-Hz mean-rate rule applies to the full run.
  run.statistics_options.screen = stage == EvaluationStage::kScreen;
  const std::vector<SimulatedTrial> simulated = runner_.run(trials, run);
  const double batch_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (std::size_t t = 0; t < simulated.size(); ++t) {
    out[row_of_trial[t]] = score_trial(model, simulated[t], target_, options_.metric, stage);
  }
  for (EvaluationOutcome& o : out) o.wall_s = batch_s / static_cast<double>(x.size());
  return out;
}

}  // namespace spikefit::experiments
