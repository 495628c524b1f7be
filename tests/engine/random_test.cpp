#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "spikefit/engine/random.hpp"

namespace spikefit::engine {
namespace {

TEST(Philox, IsAPureFunctionOfSeedStreamIndexAndDraw) {
  const RandomWords a = philox_words(42, 7, 1000, 3);
  const RandomWords b = philox_words(42, 7, 1000, 3);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(a.w[i], b.w[i]);
  EXPECT_NE(philox_words(43, 7, 1000, 3).w[0], a.w[0]);
  EXPECT_NE(philox_words(42, 8, 1000, 3).w[0], a.w[0]);
  EXPECT_NE(philox_words(42, 7, 1001, 3).w[0], a.w[0]);
  EXPECT_NE(philox_words(42, 7, 1000, 4).w[0], a.w[0]);
  EXPECT_NE(philox_words(42, 7, 1000 + (uint64_t{1} << 32), 3).w[0], a.w[0]);
}

TEST(Uniform, LiesInOpenClosedUnitIntervalWithCorrectMoments) {
  EXPECT_EQ(uniform_open_closed(0xFFFFFFFFu, 0xFFFFFFFFu), 1.0);
  EXPECT_GT(uniform_open_closed(0, 0), 0.0);
  double sum = 0, sum_sq = 0;
  const int n = 200000;
  CounterStream s(1, 2, 3);
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LE(u, 1.0);
    sum += u;
    sum_sq += u * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 4 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sum_sq / n - (sum / n) * (sum / n), 1.0 / 12, 2e-3);
}

TEST(BoxMuller, GivesStandardNormals) {
  double sum = 0, sum_sq = 0, sum_4 = 0;
  const int n = 100000;
  CounterStream s(5, 6, 7);
  for (int i = 0; i < n; ++i) {
    double z1, z2;
    box_muller(s.uniform(), s.uniform(), z1, z2);
    for (double z : {z1, z2}) {
      sum += z;
      sum_sq += z * z;
      sum_4 += z * z * z * z;
    }
  }
  EXPECT_NEAR(sum / (2 * n), 0.0, 0.01);
  EXPECT_NEAR(sum_sq / (2 * n), 1.0, 0.015);
  EXPECT_NEAR(sum_4 / (2 * n), 3.0, 0.08);
}

void expect_poisson_moments(double mean) {
  const int n = 100000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    CounterStream s(11, 12, static_cast<uint64_t>(i));
    const double k = poisson_sample(s, mean);
    sum += k;
    sum_sq += k * k;
  }
  const double m = sum / n;
  EXPECT_NEAR(m, mean, 5 * std::sqrt(mean / n)) << "mean " << mean;
  EXPECT_NEAR(sum_sq / n - m * m, mean, 0.03 * mean) << "mean " << mean;
}

TEST(Poisson, InversionBranchHasPoissonMoments) {
  expect_poisson_moments(1.25);
}
TEST(Poisson, RejectionBranchHasPoissonMoments) {
  expect_poisson_moments(40.0);
}

TEST(Poisson, ZeroMeanGivesZero) {
  CounterStream s(1, 1, 1);
  EXPECT_EQ(poisson_sample(s, 0.0), 0u);
}

TEST(UniformBelow, StaysInRange) {
  EXPECT_EQ(uniform_below(0xFFFFFFFFu, 50), 49u);
  EXPECT_EQ(uniform_below(0, 50), 0u);
}

TEST(TrialSeed, DistinctPerTrialAndReproducible) {
  std::set<uint64_t> seeds;
  for (uint64_t k = 0; k < 1000; ++k) seeds.insert(trial_seed(1, k));
  EXPECT_EQ(seeds.size(), 1000u);
  EXPECT_EQ(trial_seed(1, 17), trial_seed(1, 17));
  EXPECT_NE(trial_seed(1, 17), trial_seed(2, 17));
}

}  // namespace
}  // namespace spikefit::engine
