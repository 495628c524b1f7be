#include <gtest/gtest.h>

#include <cmath>

#include "spikefit/experiments/study/point_summary.hpp"

namespace spikefit::experiments {
namespace {

StoredEvaluation evaluation(int64_t id, int64_t point, double cost) {
  StoredEvaluation e;
  e.id = id;
  e.point = point;
  e.x = {static_cast<double>(point)};
  e.feasible = std::isfinite(cost);
  e.cost = cost;
  return e;
}

TEST(PointSummary, MeansAndStandardErrorsOfReplicates) {
  const auto points = summarise_points(
      {evaluation(1, 0, 1.0), evaluation(2, 1, 4.0), evaluation(3, 0, 2.0), evaluation(4, 0, 3.0)});
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].evaluations, 3);
  EXPECT_DOUBLE_EQ(points[0].mean_cost, 2.0);
  EXPECT_DOUBLE_EQ(points[0].sd_cost, 1.0);
  EXPECT_DOUBLE_EQ(points[0].se_cost, 1.0 / std::sqrt(3.0));
  EXPECT_EQ(points[0].evaluation_ids, (std::vector<int64_t>{1, 3, 4}));
  EXPECT_TRUE(std::isnan(points[1].se_cost));
}

TEST(PointSummary, OneInfeasibleReplicateRulesThePointOut) {
  const auto points = summarise_points(
      {evaluation(1, 0, 0.5), evaluation(2, 0, std::nan("")), evaluation(3, 1, 2.0)});
  EXPECT_FALSE(points[0].feasible);
  const auto incumbent = find_incumbent(points, 2);
  ASSERT_TRUE(incumbent);
  EXPECT_EQ(incumbent->point, 1);
}

TEST(PointSummary, TheIncumbentIsJudgedOnReplicatesBeforeSingleLuckyEvaluations) {
  const auto points = summarise_points({evaluation(1, 0, 1.0), evaluation(2, 0, 1.2),
                                        evaluation(3, 1, 0.5), evaluation(4, 2, 1.25)});
  const auto incumbent = find_incumbent(points, 2);
  ASSERT_TRUE(incumbent);
  EXPECT_EQ(incumbent->point, 0);  // 0.5 is a single evaluation
  EXPECT_EQ(find_incumbent(points, 1)->point, 1);
  // Threshold mean + 2 SE = 1.1 + 2 * 0.1 = 1.3: points 1 (0.5) and 2 (1.25) are promising,
  // best first; the incumbent has 2 >= min_replicates and is below max_replicates.
  const auto chosen = choose_replicates(points, incumbent, 5, 2, 3);
  ASSERT_EQ(chosen.size(), 3u);
  EXPECT_EQ(chosen[0].point, 1);
  EXPECT_EQ(chosen[1].point, 0);
  EXPECT_EQ(chosen[2].point, 2);
  EXPECT_EQ(choose_replicates(points, incumbent, 1, 2, 3).size(), 1u);
  EXPECT_EQ(choose_replicates(points, incumbent, 5, 2, 2).size(), 2u);  // point 0 is full
}

TEST(PointSummary, AnUnconfirmedIncumbentIsReplicatedFirst) {
  const auto points = summarise_points({evaluation(1, 0, 2.0), evaluation(2, 1, 1.0)});
  const auto incumbent = find_incumbent(points, 2);
  ASSERT_EQ(incumbent->point, 1);
  const auto chosen = choose_replicates(points, incumbent, 2, 2, 3);
  ASSERT_EQ(chosen.size(), 1u);  // point 0 (2.0) is above 1.0 + 2 * 0 (SE unknown)
  EXPECT_EQ(chosen[0].point, 1);
}

}  // namespace
}  // namespace spikefit::experiments
