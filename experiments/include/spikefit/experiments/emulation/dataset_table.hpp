#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "spikefit/experiments/study/study_storage.hpp"
#include "spikefit/stats/statistics.hpp"

// A dataset file read back as a table of trials, and its columns: the parameters (physical and in
// the unit cube of the dataset's bounds) and named statistics, a vector statistic expanded into
// "<name>[i]" columns ("eigenspectrum[0]", ...).
namespace spikefit::experiments {

struct DatasetParameter {
  std::string name;
  double lower = 0.0, upper = 1.0;
  bool log_scale = false;
};

struct DatasetTrial {
  int64_t point = 0;
  int replicate = 0;
  uint64_t trial_seed = 0;
  std::vector<double> x;  // [D] physical units
  bool feasible = false;
  std::string reason;
  stats::Statistics statistics;
  double wall_s = 0.0;
};

struct DatasetTable {
  std::string path;
  nlohmann::json description;  // the study key "dataset": config, design, seed, replicates, ...
  std::vector<DatasetParameter> parameters;
  std::vector<DatasetTrial> trials;  // by point, then replicate
};

// The dataset a `spikefit dataset` run stored in `storage` (an error naming the path when the file
// is a fit, not a dataset).
DatasetTable read_dataset(const StudyStorage& storage);

// A stored outcome's statistics document as named statistics: top-level numbers and arrays by
// name, the entries of nested objects by their own keys (per_population: {"rate.E": ...}); null is
// NaN; "feasible" and "reason" give the verdict.
stats::Statistics stored_statistics(const nlohmann::json& document);

// The columns of named outputs: a scalar statistic is its own column, a vector statistic either
// named as a whole ("eigenspectrum": every entry the first feasible trial has) or one entry
// ("eigenspectrum[2]"). Unknown names are a base::UsageError naming --outputs and listing what
// the dataset holds.
std::vector<std::string> expand_output_names(const DatasetTable& table,
                                             const std::vector<std::string>& names);
// The statistics that can serve as outputs: those finite (every entry) in every feasible trial,
// a vector one as a whole, sorted; bookkeeping values (simulated_ms, trial_wall_s,
// active_neurons, mean_latent_dims) left out.
std::vector<std::string> available_outputs(const DatasetTable& table);
// The value of an output column in one trial's statistics (NaN when missing).
double output_value(const stats::Statistics& statistics, const std::string& column);

// The table as CSV: point, replicate, trial_seed, feasible, reason, wall_s, the parameters, then
// every output column of available_outputs (expanded); NaN and missing values empty.
std::string dataset_csv(const DatasetTable& table);

}  // namespace spikefit::experiments
