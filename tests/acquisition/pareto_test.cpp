#include "spikefit/acquisition/pareto.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "fixtures.hpp"
#include "spikefit/acquisition/hypervolume.hpp"

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

TEST(Hypervolume, FourObjectivesByHand) {
  EXPECT_DOUBLE_EQ(hypervolume({{1, 1, 1, 1}}, {2, 2, 2, 2}), 1.0);
  // (0,0,0,1): 2*2*2*1 = 8; (1,1,1,0): 1*1*1*2 = 2; overlap [1,2]^4 = 1
  EXPECT_DOUBLE_EQ(hypervolume({{0, 0, 0, 1}, {1, 1, 1, 0}}, {2, 2, 2, 2}), 9.0);
  // a point on the reference in one objective adds nothing
  EXPECT_DOUBLE_EQ(hypervolume({{0, 0, 0, 1}, {0, 0, 2, 0}}, {2, 2, 2, 2}), 8.0);
  EXPECT_THROW(hypervolume({{0, 0, 0, 0, 0}}, {1, 1, 1, 1, 1}), std::invalid_argument);
}

TEST(Hypervolume, DoesNotDependOnTheOrderOfObjectives) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t k : {3u, 4u}) {
    Points points(12, std::vector<double>(k));
    for (auto& p : points) {
      for (double& v : p) v = u(rng);
    }
    const std::vector<double> ref(k, 1.05);
    std::vector<std::size_t> order(k);
    for (std::size_t d = 0; d < k; ++d) order[d] = d;
    const double base = hypervolume(points, ref);
    EXPECT_GT(base, 0.0);
    while (std::next_permutation(order.begin(), order.end())) {
      Points permuted;
      for (const auto& p : points) {
        std::vector<double> q(k);
        for (std::size_t d = 0; d < k; ++d) q[d] = p[order[d]];
        permuted.push_back(q);
      }
      EXPECT_NEAR(hypervolume(permuted, ref), base, 1e-12);
    }
  }
}

// tests/fixtures/acquisition/hypervolume_mc.json (scripts/fixtures/hypervolume_fixtures.py):
// numpy brute-force Monte Carlo hypervolumes of random fronts in 3 to 5 objectives.
TEST(Hypervolume, ExactAndMonteCarloAgreeWithNumpyBruteForceOnRandomFronts) {
  const nlohmann::json cases = testing::fixture("acquisition/hypervolume_mc.json").at("cases");
  ASSERT_EQ(cases.size(), 6u);
  for (const auto& c : cases) {
    const auto points = c.at("points").get<Points>();
    const auto reference = c.at("reference").get<std::vector<double>>();
    const double expected = c.at("hypervolume").get<double>();
    const double expected_se = c.at("standard_error").get<double>();
    const HypervolumeEstimate estimate = estimate_hypervolume(points, reference, 400000, 9);
    EXPECT_EQ(estimate.exact, reference.size() <= 4);
    const double se = std::hypot(estimate.standard_error, expected_se);
    EXPECT_NEAR(estimate.value, expected, 4.0 * se) << reference.size() << " objectives";
    if (!estimate.exact) {
      // a stated error, small next to the value (400000 samples)
      EXPECT_GT(estimate.standard_error, 0.0);
      EXPECT_LT(estimate.standard_error, 0.005 * expected);
    }
  }
}

TEST(Hypervolume, MonteCarloEstimateCoversTheExactValueWithItsStatedError) {
  std::mt19937_64 rng(8);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  int within_two_se = 0;
  const int trials = 40;
  for (int t = 0; t < trials; ++t) {
    Points points(10, std::vector<double>(3));
    for (auto& p : points) {
      for (double& v : p) v = u(rng);
    }
    const std::vector<double> ref = {1.0, 1.0, 1.0};
    const HypervolumeEstimate mc =
        monte_carlo_hypervolume(points, ref, 4000, static_cast<uint64_t>(t));
    ASSERT_GT(mc.standard_error, 0.0);
    within_two_se += std::abs(mc.value - hypervolume(points, ref)) < 2.0 * mc.standard_error;
  }
  // about 95 % of normal errors fall within 2 SE; 40 trials: at least 32 with near certainty
  EXPECT_GE(within_two_se, 32);
}

}  // namespace
}  // namespace spikefit::acquisition
