#pragma once

#include "spikefit/stats/cost.hpp"
#include "spikefit/stats/target.hpp"

namespace spikefit::experiments {

// What a fit's cost is made of (stats::evaluate_cost): the target's statistics, with their means,
// normalisers and weights, and the metric.
struct CostFormula {
  stats::Target target;
  stats::CostMetric metric = stats::CostMetric::kL2;
};

}  // namespace spikefit::experiments
