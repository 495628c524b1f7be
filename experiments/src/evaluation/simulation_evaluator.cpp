#include "spikefit/experiments/evaluation/simulation_evaluator.hpp"

#include <chrono>
#include <stdexcept>

#include "spikefit/base/json_path.hpp"
#include "spikefit/engine/models/balanced/balanced_network.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"

namespace spikefit::experiments {

SimulationEvaluator::SimulationEvaluator(ModelConfig config, stats::Target target,
                                         engine::Ensemble& ensemble,
                                         SimulationEvaluatorOptions options)
    : config_(std::move(config)),
      target_(std::move(target)),
      ensemble_(ensemble),
      options_(std::move(options)) {}

std::vector<std::string> SimulationEvaluator::error_names() const {
  std::vector<std::string> names;
  for (const auto& s : target_.statistics) names.push_back(s.name);
  return names;
}

std::vector<EvaluationOutcome> SimulationEvaluator::evaluate(
    const std::vector<std::vector<double>>& x, const std::vector<uint64_t>& seeds,
    EvaluationStage stage) {
  if (x.size() != seeds.size()) throw std::invalid_argument("x and seeds differ in length");
  const auto start = std::chrono::steady_clock::now();
  nlohmann::json network = config_.network;
  if (stage == EvaluationStage::kScreen) {
    base::resolve_path(network, "simulation.duration_ms") = options_.screen_ms;
  }
  std::vector<engine::TrialInput> trials;
  for (std::size_t k = 0; k < x.size(); ++k) {
    trials.push_back(
        {engine::make_network(engine::parse_network_spec(config_.space.bind(network, x[k]))),
         seeds[k]});
  }
  engine::RunOptions run;
  run.threads = options_.threads;
  run.on_trial_done = options_.on_trial_done;
  const std::vector<engine::TrialRecording> recordings = ensemble_.run(trials, run);
  const std::vector<stats::TrialStatistics> statistics =
      compute_batch(recordings, options_.statistics, options_.threads);
  const double batch_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<EvaluationOutcome> out(x.size());
  for (std::size_t k = 0; k < x.size(); ++k) {
    const stats::CostResult c = stats::evaluate_cost(statistics[k], target_, options_.metric);
    EvaluationOutcome& o = out[k];
    o.feasible = c.feasible;
    o.reason = c.reason;
    o.wall_s = batch_s / static_cast<double>(x.size());
    o.statistics = statistics_json(statistics[k]);
    o.statistics["simulated_ms"] = recordings[k].simulated_ms();
    o.statistics["trial_wall_s"] = recordings[k].wall_seconds;
    if (stage == EvaluationStage::kFull) {
      o.errors = c.errors;
      if (c.feasible) o.cost = c.cost;
    }
  }
  return out;
}

}  // namespace spikefit::experiments
