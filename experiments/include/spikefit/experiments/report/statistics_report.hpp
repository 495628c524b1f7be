#pragma once

#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/stats/cost.hpp"
#include "spikefit/stats/statistics.hpp"
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
// Those of the flags above given on `command`'s command line (after parsing).
std::vector<std::string> given_statistics_flags(const CLI::App& command);
// For a model whose statistics draw no neurons (Model::draws_neurons() false): throws a
// base::UsageError naming the first given flag, which the model's statistics would ignore.
void refuse_neuron_draw_flags(const std::vector<std::string>& given, const std::string& model);

// Recorded data with fewer cells than a draw asks for: one draw of all cells (a note on stderr).
stats::StatisticsOptions fit_to_recorded_cells(stats::StatisticsOptions options,
                                               const engine::TrialRecording& recording);

// SNOPS's layout of named statistics (the balanced networks): {feasible, reason?, rate, fano,
// rsc_fisher_z, pct_shared, d_shared, eigenspectrum, cv_isi, beta_power, per_population:
// {"rate.E": ...}, active_neurons, mean_latent_dims}; NaN as null. A statistic that is not
// computed (an infeasible trial) is written as 0 ([] for the eigenspectrum), as it always was.
nlohmann::json snops_statistics_json(const stats::Statistics& s);

// Every named statistic at the top level ({"rate.STN": 12.5, ...}), NaN as null; scalars as
// numbers, vectors as arrays.
nlohmann::json flat_statistics_json(const stats::Statistics& s);

// {cost, errors: {stat: d}, feasible, reason?}; cost null when infeasible.
nlohmann::json cost_json(const stats::CostResult& c, const stats::Target& target);

}  // namespace spikefit::experiments
