#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"
#include "spikefit/experiments/study/stored_study.hpp"
#include "spikefit/stats/target.hpp"

namespace spikefit::experiments {

// What defines a simulation study (stored in its `study` table): the config file's document and
// the overrides (so the report can rebuild the network), the effective config and its hash, the
// target and its hash, the parameters, and the options that change the search (seed, batch,
// initial design, strategy, screening, metric, statistics, replicates). Budgets, threads and the
// backend may change between sessions and are not part of it.
struct StudyIdentity {
  nlohmann::json config_document;  // the config file as read
  std::vector<std::string> overrides;
  ModelConfig config;  // after the overrides
  std::string target_file;
  stats::Target target;
  nlohmann::json search_options;  // {name: value}
};

nlohmann::json study_document(const StudyIdentity& identity, const FitProblem& problem,
                              const std::vector<std::string>& error_names);

// The search box of a config's free parameters.
FitProblem fit_problem(const ParameterSpace& space);

}  // namespace spikefit::experiments
