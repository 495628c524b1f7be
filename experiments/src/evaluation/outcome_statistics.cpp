#include "spikefit/experiments/evaluation/outcome_statistics.hpp"

#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace spikefit::experiments {

namespace {

using nlohmann::json;

std::optional<double> number(const json& value) {
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (value.is_number()) return value.get<double>();
  return std::nullopt;
}

// A number, or an array of numbers (nulls included); nothing for anything else.
std::optional<std::vector<double>> numbers(const json& value) {
  if (!value.is_array()) {
    if (std::optional<double> v = number(value)) return std::vector<double>{*v};
    return std::nullopt;
  }
  std::vector<double> out;
  for (const json& entry : value) {
    const std::optional<double> v = number(entry);
    if (!v) return std::nullopt;
    out.push_back(*v);
  }
  return out;
}

}  // namespace

stats::Statistics outcome_statistics(const EvaluationOutcome& outcome) {
  stats::Statistics s;
  s.feasible = outcome.feasible;
  s.reason = outcome.reason;
  if (!outcome.statistics.is_object()) return s;
  for (const auto& [name, value] : outcome.statistics.items()) {
    if (name == "per_population" && value.is_object()) {
      for (const auto& [population_statistic, v] : value.items()) {
        if (std::optional<std::vector<double>> n = numbers(v)) s.set(population_statistic, *n);
      }
    } else if (std::optional<std::vector<double>> n = numbers(value)) {
      s.set(name, *n);
    }
  }
  return s;
}

}  // namespace spikefit::experiments
