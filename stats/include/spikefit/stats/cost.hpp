#pragma once

#include <string>
#include <vector>

#include "spikefit/stats/statistics.hpp"
#include "spikefit/stats/target.hpp"

namespace spikefit::stats {

enum class CostMetric {
  kL2,  // SNOPS: d_j = (s_j - s*_j)^2 / v_j  (eigenspectrum: ||es - es*||^2 / v)
  kL1,  // d_j = |s_j - s*_j| / sqrt(v_j)      (eigenspectrum: ||es - es*|| / sqrt(v))
};

// cost = sum_j w_j d_j / sum_j w_j over the target's statistics (specs/snops.md §4.1), with the
// per-statistic errors d_j [target statistics] for multi-objective runs, of any model's named
// statistics. A trial that is not feasible, or whose targeted statistic is missing, of another
// size or NaN, is infeasible with a reason and cost NaN (errors: those before the culprit, none
// after a NaN).
struct CostResult {
  bool feasible = false;
  std::string reason;
  double cost = 0.0;
  std::vector<double> errors;
};

CostResult evaluate_cost(const Statistics& statistics, const Target& target,
                         CostMetric metric = CostMetric::kL2);

}  // namespace spikefit::stats
