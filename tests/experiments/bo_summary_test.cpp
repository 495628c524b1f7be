#include "spikefit/experiments/benchmark/bo_summary.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace spikefit::experiments {
namespace {

TEST(BoSummary, QuantilesInterpolateLikeNumpy) {
  // numpy.quantile([4, 1, 3, 2], [0.25, 0.5, 0.75]) = [1.75, 2.5, 3.25]
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.75), 3.25);
  EXPECT_DOUBLE_EQ(quantile({7}, 0.3), 7.0);
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_DOUBLE_EQ(quantile({inf, 1, 2}, 0.5), 2.0);
  EXPECT_EQ(quantile({inf, inf, 2}, 0.5), inf);
  EXPECT_THROW(quantile({}, 0.5), std::invalid_argument);
}

nlohmann::json run_with(const std::string& strategy, std::vector<std::pair<int, double>> rounds) {
  nlohmann::json r = {{"function", "f"}, {"q", 2}, {"strategy", strategy}, {"evals", 10}};
  int index = 0;
  for (auto [evaluations, gap] : rounds) {
    r["rounds"].push_back(
        {{"round", index++},
         {"evaluations", evaluations},
         {"log10_gap", std::isnan(gap) ? nlohmann::json(nullptr) : nlohmann::json(gap)},
         {"fit_seconds", 1.0},
         {"propose_seconds", 0.5}});
  }
  return r;
}

TEST(BoSummary, CheckpointsTakeTheLastRoundAtOrBelowThemAndNullIsInfinite) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<nlohmann::json> runs = {run_with("a", {{4, nan}, {6, -1.0}, {10, -2.0}}),
                                            run_with("a", {{4, 0.5}, {6, -0.5}, {10, -3.0}}),
                                            run_with("a", {{4, 0.0}, {6, 0.0}, {10, -1.0}})};
  const std::string table = summarise_bo_runs(runs, {5, 10});
  // @5: {inf, 0.5, 0.0} -> median 0.5, quartiles 0.25 and inf; @10: {-2, -3, -1}.
  EXPECT_NE(table.find("| f | 2 | a | 3 | 0.50 [0.25, inf] | -2.00 [-2.50, -1.50] | 1 | 0.5 |"),
            std::string::npos)
      << table;
}

}  // namespace
}  // namespace spikefit::experiments
