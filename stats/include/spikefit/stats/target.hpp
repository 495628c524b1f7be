#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace spikefit::stats {

// A target of recorded (or simulated) statistics: for each statistic its mean and the normaliser
// var of the SNOPS cost (the variance of that statistic across repeated measurements; for the
// eigenspectrum a scalar, the mean squared L2 deviation). Format of
// experiments/targets/snops_demo_targets.json:
//   {"targets": {NAME: {"n_neuron": 50, "statistics": {STAT: {"mean": x | [..], "var": v}, ...},
//                       "weights": [w per statistic] | {STAT: w}}}}
// Statistics are kept in the canonical order of statistic_names() (rate, fano, rsc_fisher_z,
// pct_shared, d_shared, eigenspectrum, cv_isi, beta_power), then others by name; a weights array
// follows that order.
struct TargetStatistic {
  std::string name;
  std::vector<double> mean;  // one entry, or n_neuron for the eigenspectrum
  double var = 1.0;
  double weight = 1.0;
};

struct Target {
  std::string name;
  unsigned n_neuron = 50;
  std::vector<TargetStatistic> statistics;
  // Kept as given: "note", "description", "source", "fixed_parameters", "free_parameters".
  nlohmann::json provenance = nlohmann::json::object();
};

// All targets of a target file, validated; errors name the file, the JSON path and the reason.
std::map<std::string, Target> load_targets(const std::string& path);
std::map<std::string, Target> parse_targets(const nlohmann::json& document);
// The target called `name`; the error lists the names the file has.
Target load_target(const std::string& path, const std::string& name);

// The JSON form of a target (for `spikefit targets`).
nlohmann::json target_to_json(const Target& target);

}  // namespace spikefit::stats
