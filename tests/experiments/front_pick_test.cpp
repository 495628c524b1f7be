#include "spikefit/experiments/study/front_pick.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {
namespace {

std::vector<ObjectivePoint> front_of(const std::vector<std::vector<double>>& values) {
  std::vector<ObjectivePoint> front;
  for (std::size_t i = 0; i < values.size(); ++i) {
    ObjectivePoint p;
    p.summary.point = static_cast<int64_t>(i);
    p.objectives = values[i];
    front.push_back(p);
  }
  return front;
}

TEST(FrontPick, KneeIsFarthestFromTheLineBetweenTheExtremes) {
  // extremes (0, 10) and (20, 0): line x/20 + y/10 = 1; distances (in normalised units) of
  // (2, 4): 1 - 0.1 - 0.4 = 0.5; (5, 2): 1 - 0.25 - 0.2 = 0.55; (12, 1): 1 - 0.6 - 0.1 = 0.3
  const auto front = front_of({{0, 10}, {2, 4}, {5, 2}, {12, 1}, {20, 0}});
  EXPECT_EQ(pick_front_point(front, parse_front_pick("knee", 2)), 2u);
  // in 3-D the plane through the normalised extremes: (1, 1, 1) sums to 3 x 0.25 = 0.75
  const auto front3 = front_of({{0, 4, 4}, {4, 0, 4}, {4, 4, 0}, {1, 1, 1}, {0.5, 3, 2}});
  EXPECT_EQ(pick_front_point(front3, parse_front_pick("knee", 3)), 3u);
}

TEST(FrontPick, WeightsPickTheLowestWeightedSum) {
  const auto front = front_of({{0, 10}, {2, 4}, {5, 2}, {12, 1}, {20, 0}});
  EXPECT_EQ(pick_front_point(front, parse_front_pick("weights=1,0", 2)), 0u);
  EXPECT_EQ(pick_front_point(front, parse_front_pick("weights=0,1", 2)), 4u);
  // 1 x + 3 y: 30, 14, 11, 15, 20
  EXPECT_EQ(pick_front_point(front, parse_front_pick("weights=1,3", 2)), 2u);
  EXPECT_EQ(parse_front_pick("weights=1,3", 2).text(), "weights=1,3");
}

TEST(FrontPick, BadPicksAreUsageErrors) {
  EXPECT_THROW(parse_front_pick("elbow", 2), base::UsageError);
  EXPECT_THROW(parse_front_pick("weights=1", 2), base::UsageError);
  EXPECT_THROW(parse_front_pick("weights=1,-1", 2), base::UsageError);
  EXPECT_THROW(parse_front_pick("weights=0,0", 2), base::UsageError);
  EXPECT_THROW(pick_front_point({}, FrontPick{}), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::experiments
