#include "spikefit/experiments/study/round_models.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace spikefit::experiments {
namespace {

StoredEvaluation row(int64_t slot, int64_t point, double x, double cost) {
  StoredEvaluation e;
  e.round = 0;
  e.slot = slot;
  e.point = point;
  e.x = {x};
  e.feasible = std::isfinite(cost);
  e.cost = cost;
  return e;
}

TEST(RoundModels, ARuledOutPointIsInfeasibleForTheModelsAndAZeroCostIsFeasible) {
  const surrogate::UnitCube cube({0.0}, {1.0}, {false});
  // point 0: 1.0, then an infeasible repeat (ruled out, as in its summary); point 1 costs 0
  // exactly; points 2 and 3 cost 2 and 4.
  const RoundModels m =
      fit_round_models(cube,
                       {row(0, 0, 0.1, 1.0), row(1, 1, 0.3, 0.0), row(2, 2, 0.5, 2.0),
                        row(3, 3, 0.7, 4.0), row(4, 0, 0.1, std::nan(""))},
                       7);
  ASSERT_EQ(m.log_cost.size(0), 5);
  EXPECT_TRUE(std::isnan(m.log_cost[0].item<double>()));  // point 0's feasible row
  EXPECT_TRUE(std::isnan(m.log_cost[4].item<double>()));
  EXPECT_DOUBLE_EQ(m.log_cost[1].item<double>(), std::log(0.2));  // a tenth of the lowest, 2
  EXPECT_DOUBLE_EQ(m.log_cost[2].item<double>(), std::log(2.0));
  EXPECT_EQ(m.describe()["feasible_rows"].get<int64_t>(), 3);
  ASSERT_NE(m.feasibility, nullptr);  // labels 0 and 1 both occur
  ASSERT_NE(m.cost, nullptr);
}

}  // namespace
}  // namespace spikefit::experiments
