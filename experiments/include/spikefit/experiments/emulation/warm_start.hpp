#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/experiments/study/objectives.hpp"
#include "spikefit/experiments/study/study_storage.hpp"
#include "spikefit/stats/cost.hpp"
#include "spikefit/stats/target.hpp"

// `spikefit fit --warm-start D`: the trials of a dataset (`spikefit dataset`) as a new fit's
// round 0, so that BO starts from them instead of a Sobol design. A dataset stores every trial's
// statistics, not a cost, so each trial is scored here against the fit's own target and metric
// (stats::evaluate_cost, as a simulated evaluation is): no simulation runs. The round's slots are
// the dataset's trials in order, with their points, parameters and trial seeds, source kDataset;
// the fit loop does not count them against its evaluation budget.
namespace spikefit::experiments {

struct WarmStartRound {
  StoredRound round;                          // round 0, strategy "dataset_warm_start"
  std::vector<StoredEvaluation> evaluations;  // [trials of the dataset]
};

// The dataset at `path`, opened to read; a study that is not a dataset (a fit's) is a
// base::UsageError naming --warm-start.
StudyStorage open_warm_start_dataset(const std::string& path);

// `fit_document`: the new study's document (study_document). The dataset must have been
// simulated from the same effective config (network, duration, free parameters and bounds) and
// with the same statistics options (dimension, neurons, draws, min-rate-hz), else
// base::UsageError naming --warm-start and what differs. `objectives`: a Pareto fit's (each
// evaluation's objective values), empty for a scalar fit.
WarmStartRound dataset_warm_start(const StudyStorage& dataset, const nlohmann::json& fit_document,
                                  const stats::Target& target, stats::CostMetric metric,
                                  const std::vector<Objective>& objectives);

struct WarmStartStored {
  std::size_t trials = 0;    // the dataset's
  std::size_t feasible = 0;  // of them, for the fit's target
};

// Stores dataset_warm_start's round 0 in a new `study`, or completes a round 0 that a kill cut
// short between the round and its evaluations; nullopt when there was nothing to store (round 0
// complete, or the study did not start from a dataset): no scoring runs on such a resume.
std::optional<WarmStartStored> store_warm_start(StudyStorage& study, const StudyStorage& dataset,
                                                const nlohmann::json& fit_document,
                                                const stats::Target& target,
                                                stats::CostMetric metric,
                                                const std::vector<Objective>& objectives);

}  // namespace spikefit::experiments
