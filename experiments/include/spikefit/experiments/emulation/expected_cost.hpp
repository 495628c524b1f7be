#pragma once

#include <ATen/ATen.h>

#include <string>
#include <vector>

#include "spikefit/stats/cost.hpp"
#include "spikefit/stats/target.hpp"

// The SNOPS cost of a target (stats/cost.hpp) expected under an emulator's Gaussian predictive
// distribution of the statistics, for many parameter vectors at once. With predicted mean mu and
// variance s^2 of each targeted value:
//   L2: E[(s - s*)^2] / v = ((mu - s*)^2 + s^2) / v, summed over a vector statistic's entries;
//   L1: a scalar's E|s - s*| / sqrt(v) (the folded normal's mean); a vector's
//       sqrt(E ||s - s*||^2 / v), an upper bound of E||s - s*|| / sqrt(v) (Jensen).
// The statistics are combined with the target's weights as evaluate_cost does.
namespace spikefit::experiments {

class ExpectedCost {
 public:
  // `columns`: the emulator's outputs ("rate", "eigenspectrum[3]", ...). Every value the target
  // scores must be one of them (a vector statistic: every entry), else base::UsageError naming
  // `flag`, the statistic and what the emulator predicts.
  ExpectedCost(const stats::Target& target, stats::CostMetric metric,
               const std::vector<std::string>& columns, const std::string& flag);

  // mean, variance [n x columns] -> expected cost [n]
  at::Tensor operator()(const at::Tensor& mean, const at::Tensor& variance) const;

 private:
  struct Term {
    std::vector<int64_t> columns;  // emulator outputs of the statistic's entries
    std::vector<double> target;    // s* per entry
    double var = 1.0, weight = 1.0;
  };
  std::vector<Term> terms_;
  stats::CostMetric metric_;
  double total_weight_ = 0.0;
};

}  // namespace spikefit::experiments
