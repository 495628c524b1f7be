#include "spikefit/experiments/evaluation/bg_simulation_evaluator.hpp"

#include <omp.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <thread>

#include "spikefit/base/config_error.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network.hpp"
#include "spikefit/experiments/config/parameter_space.hpp"

namespace spikefit::experiments {

using nlohmann::json;

BgSimulationEvaluator::BgSimulationEvaluator(ModelConfig config, stats::Target target,
                                             engine::Ensemble& ensemble,
                                             BgEvaluatorOptions options)
    : config_(std::move(config)),
      target_(std::move(target)),
      ensemble_(ensemble),
      options_(std::move(options)) {
  if (!config_.basal_ganglia()) {
    throw std::invalid_argument("BgSimulationEvaluator needs a basal-ganglia config");
  }
}

std::vector<std::string> BgSimulationEvaluator::error_names() const {
  std::vector<std::string> names;
  for (const auto& s : target_.statistics) names.push_back(s.name);
  return names;
}

std::string BgSimulationEvaluator::device() const {
  const unsigned cores = std::thread::hardware_concurrency();
  return std::to_string(cores) + " hardware threads";
}

EvaluationOutcome score_bg_trial(const engine::TrialRecording& rec,
                                 const std::map<std::string, double>& statistics,
                                 const stats::Target& target, stats::CostMetric metric) {
  EvaluationOutcome o;
  o.statistics = json::object();
  for (const auto& [name, v] : statistics) o.statistics[name] = std::isfinite(v) ? json(v) : json();
  o.statistics["status"] = engine::to_string(rec.status);
  o.statistics["simulated_ms"] = rec.simulated_ms();
  o.statistics["trial_wall_s"] = rec.wall_seconds;
  if (rec.status != engine::TrialStatus::kOk) {
    o.reason = std::string(engine::to_string(rec.status)) + ": " + rec.message;
    o.errors.assign(target.statistics.size(), std::nan(""));
    return o;
  }
  stats::TrialStatistics named;
  named.feasible = true;
  named.per_population = statistics;
  if (target.statistics.empty()) {
    o.feasible = true;
    return o;
  }
  const stats::CostResult c = stats::evaluate_cost(named, target, metric);
  o.feasible = c.feasible;
  o.reason = c.reason;
  o.errors = c.errors;
  o.errors.resize(target.statistics.size(), std::nan(""));
  if (c.feasible) o.cost = c.cost;
  return o;
}

std::vector<EvaluationOutcome> BgSimulationEvaluator::evaluate(
    const std::vector<std::vector<double>>& x, const std::vector<uint64_t>& seeds,
    EvaluationStage stage) {
  if (x.size() != seeds.size()) throw std::invalid_argument("x and seeds differ in length");
  const auto start = std::chrono::steady_clock::now();
  json network = config_.network;
  if (stage == EvaluationStage::kScreen) network["duration_ms"] = options_.screen_ms;

  // Rows the network rejects (e.g. a DBS pulse longer than its period) are infeasible, not fatal.
  std::vector<EvaluationOutcome> out(x.size());
  std::vector<engine::TrialInput> trials;
  std::vector<std::size_t> row_of_trial;
  for (std::size_t k = 0; k < x.size(); ++k) {
    try {
      trials.push_back(
          {engine::bg::make_network(
               engine::bg::parse_bg_network(config_.space.bind(network, x[k]), config_.source)),
           seeds[k]});
      row_of_trial.push_back(k);
    } catch (const base::ConfigError& e) {
      out[k].reason = std::string("the network rejects these parameters: ") + e.what();
      out[k].errors.assign(target_.statistics.size(), std::nan(""));
    }
  }
  engine::RunOptions run;
  run.threads = options_.threads;
  run.on_trial_done = options_.on_trial_done;
  const std::vector<engine::TrialRecording> recordings = ensemble_.run(trials, run);

  std::vector<std::map<std::string, double>> statistics(recordings.size());
  std::vector<std::string> failures(recordings.size());
  const auto n = static_cast<int64_t>(recordings.size());
#pragma omp parallel for schedule(dynamic, 1) \
    num_threads(options_.threads > 0 ? options_.threads : omp_get_max_threads())
  for (int64_t t = 0; t < n; ++t) {
    if (recordings[t].status != engine::TrialStatus::kOk) continue;
    try {
      statistics[t] = stats::bg_statistics(recordings[t], recordings[t].smc_onsets_ms,
                                           options_.statistics);
    } catch (const std::exception& e) {
      failures[t] = e.what();
    }
  }
  const double batch_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (std::size_t t = 0; t < recordings.size(); ++t) {
    EvaluationOutcome& o = out[row_of_trial[t]];
    o = score_bg_trial(recordings[t], statistics[t], target_, options_.metric);
    if (!failures[t].empty()) {
      o.feasible = false;
      o.cost = std::nan("");
      o.reason = "statistics failed: " + failures[t];
    }
    if (stage == EvaluationStage::kScreen) {
      o.cost = std::nan("");
      o.errors.clear();
    }
  }
  for (EvaluationOutcome& o : out) o.wall_s = batch_s / static_cast<double>(x.size());
  return out;
}

}  // namespace spikefit::experiments
