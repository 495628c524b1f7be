#include "spikefit/stats/cost.hpp"

#include <cmath>
#include <limits>

namespace spikefit::stats {

CostResult evaluate_cost(const Statistics& statistics, const Target& target, CostMetric metric) {
  CostResult out;
  out.cost = std::numeric_limits<double>::quiet_NaN();
  if (!statistics.feasible) {
    out.reason = statistics.reason;
    return out;
  }
  double weighted = 0.0, total_weight = 0.0;
  for (const TargetStatistic& t : target.statistics) {
    const std::vector<double>* value = statistics.find(t.name);
    if (!value) {
      out.reason = "the target's statistic '" + t.name + "' is not computed";
      return out;
    }
    if (value->size() != t.mean.size()) {
      out.reason = "statistic '" + t.name + "' has " + std::to_string(value->size()) +
                   " entries, the target " + std::to_string(t.mean.size());
      return out;
    }
    double squared = 0.0;
    for (std::size_t k = 0; k < t.mean.size(); ++k) {
      const double d = (*value)[k] - t.mean[k];
      squared += d * d;
    }
    if (!std::isfinite(squared)) {
      out.reason = "statistic '" + t.name + "' is NaN";
      out.errors.clear();
      return out;
    }
    const double error =
        metric == CostMetric::kL2 ? squared / t.var : std::sqrt(squared) / std::sqrt(t.var);
    out.errors.push_back(error);
    weighted += t.weight * error;
    total_weight += t.weight;
  }
  out.cost = weighted / total_weight;
  out.feasible = true;
  return out;
}

}  // namespace spikefit::stats
