#include "spikefit/acquisition/pareto.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace spikefit::acquisition {
namespace {

TEST(ParetoRanks, LayersOfNonDominatedFronts) {
  const Points p = {{1, 3}, {2, 2}, {3, 1}, {2, 3}, {3, 3}, {4, 4}, {1, 3}};
  // (1,3), (2,2), (3,1) and the duplicate (1,3) are the front; (2,3) is dominated by (2,2);
  // (3,3) by (2,3); (4,4) by (3,3).
  EXPECT_EQ(pareto_ranks(p), (std::vector<int>{0, 0, 0, 1, 2, 3, 0}));
  EXPECT_EQ(pareto_front(p), (std::vector<std::size_t>{0, 1, 2, 6}));
  EXPECT_TRUE(dominates({1, 1}, {1, 2}));
  EXPECT_FALSE(dominates({1, 2}, {1, 2}));
}

TEST(Hypervolume, TwoObjectivesByHand) {
  // boxes to (4, 4): 3*1 + 2*1 + 1*1 = 6; a dominated point and one outside add nothing
  EXPECT_DOUBLE_EQ(hypervolume({{1, 3}, {2, 2}, {3, 1}, {3, 3}, {5, 0}}, {4, 4}), 6.0);
  EXPECT_DOUBLE_EQ(hypervolume({}, {1, 1}), 0.0);
}

TEST(Hypervolume, ThreeObjectivesByHand) {
  EXPECT_DOUBLE_EQ(hypervolume({{1, 1, 1}}, {2, 2, 2}), 1.0);
  // (0,0,1) box [0,2]^2 x [1,2] = 4; (1,1,0) box [1,2]^2 x [0,2] = 2; overlap [1,2]^2 x [1,2] = 1
  EXPECT_DOUBLE_EQ(hypervolume({{0, 0, 1}, {1, 1, 0}}, {2, 2, 2}), 5.0);
}

TEST(Hypervolume, Zdt1FrontApproachesTwoThirds) {
  // ZDT1's Pareto front f2 = 1 - sqrt(f1), f1 in [0, 1]; with reference (1, 1) it dominates
  // integral_0^1 sqrt(x) dx = 2/3.
  Points front;
  for (int i = 0; i <= 2000; ++i) {
    const double f1 = i / 2000.0;
    front.push_back({f1, 1 - std::sqrt(f1)});
  }
  const double hv = hypervolume(front, {1.0 + 1e-12, 1.0 + 1e-12});
  EXPECT_NEAR(hv, 2.0 / 3, 1e-3);
  EXPECT_LT(hv, 2.0 / 3 + 1e-9);
}

}  // namespace
}  // namespace spikefit::acquisition
