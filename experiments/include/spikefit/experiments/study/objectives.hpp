#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "spikefit/stats/cost.hpp"

namespace spikefit::experiments {

// One objective of a multi-objective (Pareto) fit: a group of the study's error names (the
// target's statistics), valued as the SNOPS normalised error of the group,
// sum_{j in group} w_j d_j / sum_{j in group} w_j (the scalar cost restricted to the group).
// Every objective is minimised.
struct Objective {
  std::string name;                 // the group as written: "rate,fano"
  std::vector<std::size_t> errors;  // indices into the error names
  std::vector<double> weights;      // [errors.size()] the target's weights
};

// SPEC: groups separated by ';', statistics of a group by ',' ("rate,fano;rsc_fisher_z"), or
// "each" for one objective per error name. `error_names` and `weights` [same size] come from
// the target. base::UsageError("--objectives", ...) names a statistic the target lacks (and lists
// those it has), an empty group, a statistic in two groups, or fewer than 2 objectives.
std::vector<Objective> parse_objectives(const std::string& spec,
                                        const std::vector<std::string>& error_names,
                                        const std::vector<double>& weights);

// One objective per error name, weight 1 (bench-bo's test functions: errors are objectives).
std::vector<Objective> one_objective_per_error(const std::vector<std::string>& error_names);

// [objectives.size()] from one evaluation's errors [error names]; NaN where an error of the group
// is missing or NaN.
std::vector<double> objective_values(const std::vector<Objective>& objectives,
                                     const std::vector<double>& errors);

// The hypervolume reference point from the target normalisers: in every objective, the value of
// a point whose statistics all lie `kReferenceNormaliserSds` normaliser standard deviations
// (sqrt(var)) from their target means: each d_j, and so their weighted mean, is 10^2 = 100 under
// the L2 metric and 10 under L1. Points beyond it add no hypervolume.
inline constexpr double kReferenceNormaliserSds = 10.0;
std::vector<double> normaliser_reference_point(std::size_t objectives, stats::CostMetric metric);

// "a,b,c" -> [a, b, c]; base::UsageError("--ref-point", ...) unless it has one positive finite
// number per objective.
std::vector<double> parse_reference_point(const std::string& text, std::size_t objectives);

// The study document's form: [{"name", "statistics": [names], "weights"}].
nlohmann::json objectives_json(const std::vector<Objective>& objectives,
                               const std::vector<std::string>& error_names);

}  // namespace spikefit::experiments
