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
  // best first; the incumbent has 2 >= min_replicates and is below max_replicates (no SE rule).
  const auto chosen = choose_replicates(points, incumbent, 5, 2, 3, 0.0);
  ASSERT_EQ(chosen.size(), 3u);
  EXPECT_EQ(chosen[0].point, 1);
  EXPECT_EQ(chosen[1].point, 0);
  EXPECT_EQ(chosen[2].point, 2);
  EXPECT_EQ(choose_replicates(points, incumbent, 1, 2, 3, 0.0).size(), 1u);
  EXPECT_EQ(choose_replicates(points, incumbent, 5, 2, 2, 0.0).size(), 2u);  // point 0 is full
}

TEST(PointSummary, AnUnconfirmedIncumbentIsReplicatedFirst) {
  const auto points = summarise_points({evaluation(1, 0, 2.0), evaluation(2, 1, 1.0)});
  const auto incumbent = find_incumbent(points, 2);
  ASSERT_EQ(incumbent->point, 1);
  const auto chosen = choose_replicates(points, incumbent, 2, 2, 3, 0.0);
  ASSERT_EQ(chosen.size(), 1u);  // point 0 (2.0) is above 1.0 + 2 * 0 (SE unknown)
  EXPECT_EQ(chosen[0].point, 1);
}

TEST(PointSummary, ARepeatedPointStopsOnceItsStandardErrorIsBelowTheTolerance) {
  // Point 0: 1.0, 1.2 (mean 1.1, SE 0.1); point 1: 1.0, 1.6 (mean 1.3, SE 0.3); point 2: 1.2 (one
  // evaluation). The incumbent is point 0; threshold 1.1 + 2 * 0.1 = 1.3.
  const auto points = summarise_points(
      {evaluation(1, 0, 1.0), evaluation(2, 0, 1.2), evaluation(3, 1, 1.0), evaluation(4, 1, 1.6),
       evaluation(5, 2, 1.2), evaluation(6, 3, 0.9), evaluation(7, 3, 1.1), evaluation(8, 3, 1.4)});
  const auto incumbent = find_incumbent(points, 2);
  ASSERT_EQ(incumbent->point, 0);
  // Phase 1 (n < min 2): point 2 at 1.2 < 1.3. Phase 2 (n >= 2) needs SE > 0.15: point 0 (SE 0.1)
  // stops; point 1 (SE 0.3) is not below the threshold (1.3); point 3 (mean 1.133, SE 0.145)
  // stops.
  auto chosen = choose_replicates(points, incumbent, 5, 2, 5, 0.15);
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_EQ(chosen[0].point, 2);
  // A looser tolerance keeps the noisier repeated points: point 3 (0.145 > 0.12), not point 0.
  chosen = choose_replicates(points, incumbent, 5, 2, 5, 0.12);
  ASSERT_EQ(chosen.size(), 2u);
  EXPECT_EQ(chosen[0].point, 3);
  EXPECT_EQ(chosen[1].point, 2);
  // And max_replicates still caps: point 3 has 3.
  EXPECT_EQ(choose_replicates(points, incumbent, 5, 2, 3, 0.12).size(), 1u);
  // With min_replicates 1 a single evaluation's SE is 0 (SNOPS: std of one value): no repeat.
  EXPECT_TRUE(choose_replicates(points, find_incumbent(points, 1), 5, 1, 5, 0.15).empty());
}

}  // namespace
}  // namespace spikefit::experiments
