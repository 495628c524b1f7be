#include "spikefit/experiments/study/objectives.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/parse_number.hpp"
#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

std::vector<Objective> parse_objectives(const std::string& spec,
                                        const std::vector<std::string>& error_names,
                                        const std::vector<double>& weights) {
  const std::string flag = "--objectives";
  if (trimmed(spec) == "each") {
    std::vector<Objective> out;
    for (std::size_t j = 0; j < error_names.size(); ++j) {
      out.push_back({error_names[j], {j}, {weights[j]}});
    }
    if (out.size() < 2) {
      throw base::UsageError(
          flag, "'each' needs a target with at least 2 statistics, it has " + joined(error_names));
    }
    return out;
  }
  std::map<std::string, std::string> group_of;  // statistic -> the group it is in
  std::vector<Objective> out;
  for (const std::string& raw_group : base::split(spec, ';')) {
    Objective objective;
    for (const std::string& raw : base::split(raw_group, ',')) {
      const std::string name = trimmed(raw);
      if (name.empty()) {
        throw base::UsageError(
            flag, "empty statistic name in group '" + trimmed(raw_group) + "' of '" + spec + "'");
      }
      const auto at = std::find(error_names.begin(), error_names.end(), name);
      if (at == error_names.end()) {
        throw base::UsageError(flag, "the target has no statistic '" + name +
                                         "' (it has: " + joined(error_names) + ")");
      }
      if (group_of.count(name)) {
        throw base::UsageError(flag, "statistic '" + name + "' is in two groups");
      }
      const auto index = static_cast<std::size_t>(at - error_names.begin());
      group_of[name] = raw_group;
      objective.name += (objective.name.empty() ? "" : ",") + name;
      objective.errors.push_back(index);
      objective.weights.push_back(weights[index]);
    }
    if (objective.errors.empty()) {
      throw base::UsageError(flag, "empty objective group in '" + spec + "'");
    }
    out.push_back(std::move(objective));
  }
  if (out.size() < 2) {
    throw base::UsageError(flag,
                           "a Pareto fit needs at least 2 objectives (groups separated by "
                           "';'), got '" +
                               spec + "'");
  }
  return out;
}

std::vector<Objective> one_objective_per_error(const std::vector<std::string>& error_names) {
  std::vector<Objective> out;
  for (std::size_t j = 0; j < error_names.size(); ++j) out.push_back({error_names[j], {j}, {1.0}});
  return out;
}

std::vector<double> objective_values(const std::vector<Objective>& objectives,
                                     const std::vector<double>& errors) {
  std::vector<double> out;
  for (const Objective& o : objectives) {
    double sum = 0.0, weight = 0.0;
    for (std::size_t i = 0; i < o.errors.size(); ++i) {
      const double e = o.errors[i] < errors.size() ? errors[o.errors[i]] : std::nan("");
      sum += o.weights[i] * e;
      weight += o.weights[i];
    }
    out.push_back(weight > 0 ? sum / weight : std::nan(""));
  }
  return out;
}

std::vector<double> normaliser_reference_point(std::size_t objectives, stats::CostMetric metric) {
  const double d = metric == stats::CostMetric::kL2
                       ? kReferenceNormaliserSds * kReferenceNormaliserSds
                       : kReferenceNormaliserSds;
  return std::vector<double>(objectives, d);
}

std::vector<double> parse_reference_point(const std::string& text, std::size_t objectives) {
  std::vector<double> out;
  for (const std::string& piece : base::split(text, ',')) {
    const auto v = base::parse_finite(piece, " ");
    if (!v || *v <= 0) {
      throw base::UsageError("--ref-point", "'" + trimmed(piece) + "' is not a positive number");
    }
    out.push_back(*v);
  }
  if (out.size() != objectives) {
    throw base::UsageError("--ref-point", "needs one value per objective (" +
                                              std::to_string(objectives) + "), got " +
                                              std::to_string(out.size()) + " in '" + text + "'");
  }
  return out;
}

nlohmann::json objectives_json(const std::vector<Objective>& objectives,
                               const std::vector<std::string>& error_names) {
  nlohmann::json out = nlohmann::json::array();
  for (const Objective& o : objectives) {
    std::vector<std::string> statistics;
    for (std::size_t j : o.errors) statistics.push_back(error_names[j]);
    out.push_back({{"name", o.name}, {"statistics", statistics}, {"weights", o.weights}});
  }
  return out;
}

}  // namespace spikefit::experiments
