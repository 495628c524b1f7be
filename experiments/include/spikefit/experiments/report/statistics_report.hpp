#pragma once

#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/engine/recording.hpp"
#include "spikefit/stats/cost.hpp"
#include "spikefit/stats/target.hpp"
#include "spikefit/stats/trial_statistics.hpp"

namespace spikefit::experiments {

// Command-line choices of the statistics stage shared by `simulate --stats`, `stats` and
// `targets`: --dimension, --neurons, --draws, --min-rate-hz.
struct StatisticsChoice {
  std::string dimension = "cv_skip";
  stats::StatisticsOptions base;
  stats::StatisticsOptions options() const;
};
void add_statistics_options(CLI::App& command, StatisticsChoice& choice);

// Statistics of a batch of recordings on all threads; trial k's randomness (neuron draws, CV
// folds, FA starts) is keyed by its recording's seed, so results do not depend on the batch.
std::vector<stats::TrialStatistics> compute_batch(const std::vector<engine::TrialRecording>& recs,
                                                  const stats::StatisticsOptions& options,
                                                  int threads);

// {rate, fano, rsc_fisher_z, pct_shared, d_shared, eigenspectrum, cv_isi, beta_power,
//  per_population: {"rate.E": ...}, active_neurons, mean_latent_dims}; NaN as null.
nlohmann::json statistics_json(const stats::TrialStatistics& s);

// {cost, errors: {stat: d}, feasible, reason?}; cost null when infeasible.
nlohmann::json cost_json(const stats::CostResult& c, const stats::Target& target);

}  // namespace spikefit::experiments
