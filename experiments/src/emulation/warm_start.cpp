#include "spikefit/experiments/emulation/warm_start.hpp"

#include <cmath>
#include <set>
#include <string>

#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/emulation/dataset_table.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"

namespace spikefit::experiments {

namespace {

using nlohmann::json;

json field(const json& document, const std::string& key) {
  return document.contains(key) ? document.at(key) : json(nullptr);
}

void check_same_simulations(const json& dataset, const json& fit, const std::string& path) {
  std::vector<std::string> differences;
  if (field(dataset, "config_hash") != field(fit, "config_hash")) {
    differences.push_back("the effective config (hash " + field(dataset, "config_hash").dump() +
                          " in the dataset, from " + field(dataset, "config_file").dump() +
                          " with overrides " + field(dataset, "overrides").dump() + "; " +
                          field(fit, "config_hash").dump() +
                          " here: the network, the duration and the free parameters' bounds "
                          "must all match)");
  }
  const json dataset_options = field(dataset, "options"), fit_options = field(fit, "options");
  for (const char* key : {"dimension", "neurons", "draws", "min-rate-hz"}) {
    const json stored = field(dataset_options, key), given = field(fit_options, key);
    if (stored != given) {
      differences.push_back(std::string("--") + key + " (" + stored.dump() + " in the dataset, " +
                            given.dump() + " here)");
    }
  }
  if (differences.empty()) return;
  std::string text = path + " was simulated differently from this fit:";
  for (const std::string& d : differences) text += " " + d + ";";
  text.pop_back();
  throw base::UsageError("--warm-start", text);
}

}  // namespace

StudyStorage open_warm_start_dataset(const std::string& path) {
  StudyStorage dataset = StudyStorage::open(path);
  if (!dataset.study().contains("dataset")) {
    throw base::UsageError("--warm-start",
                           path + " is a fit's study, not a dataset (spikefit dataset makes one)");
  }
  return dataset;
}

WarmStartRound dataset_warm_start(const StudyStorage& dataset, const nlohmann::json& fit_document,
                                  const stats::Target& target, stats::CostMetric metric,
                                  const std::vector<Objective>& objectives) {
  check_same_simulations(dataset.study(), fit_document, dataset.path());

  WarmStartRound w;
  w.round.round = 0;
  w.round.strategy = kWarmStartStrategy;
  for (const StoredEvaluation& trial : dataset.evaluations()) {
    const auto slot = static_cast<int64_t>(w.round.slots.size());
    w.round.slots.push_back(
        {slot, trial.point, trial.x, acquisition::ProposalSource::kDataset, trial.trial_seed});

    StoredEvaluation e = trial;
    e.id = 0;
    e.round = 0;
    e.slot = slot;
    e.source = acquisition::ProposalSource::kDataset;
    const stats::CostResult c =
        stats::evaluate_cost(stored_statistics(trial.statistics), target, metric);
    e.feasible = c.feasible && trial.stage == EvaluationStage::kFull;
    e.reason = c.reason;
    e.cost = e.feasible ? c.cost : std::nan("");
    e.errors = c.errors;
    e.errors.resize(target.statistics.size(), std::nan(""));
    e.objectives =
        objectives.empty() ? std::vector<double>{} : objective_values(objectives, e.errors);
    e.elapsed_s = 0.0;
    w.evaluations.push_back(std::move(e));
  }
  return w;
}

std::optional<WarmStartStored> store_warm_start(StudyStorage& study, const StudyStorage& dataset,
                                                const nlohmann::json& fit_document,
                                                const stats::Target& target,
                                                stats::CostMetric metric,
                                                const std::vector<Objective>& objectives) {
  const std::vector<StoredRound> rounds = study.rounds();
  std::set<int64_t> stored_slots;
  if (!rounds.empty()) {
    if (rounds.front().strategy != kWarmStartStrategy) return std::nullopt;
    for (const StoredEvaluation& e : study.evaluations()) {
      if (e.round == 0) stored_slots.insert(e.slot);
    }
    if (stored_slots.size() == rounds.front().slots.size()) return std::nullopt;
  }
  WarmStartRound w = dataset_warm_start(dataset, fit_document, target, metric, objectives);
  if (rounds.empty()) study.add_round(w.round);
  WarmStartStored s;
  for (StoredEvaluation& e : w.evaluations) {
    if (stored_slots.count(e.slot) == 0) study.add_evaluation(e);
    ++s.trials;
    s.feasible += e.feasible ? 1 : 0;
  }
  return s;
}

}  // namespace spikefit::experiments
