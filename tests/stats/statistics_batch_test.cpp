#include "spikefit/stats/statistics_batch.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace spikefit::stats {
namespace {

TEST(StatisticsBatch, KeepsTheTrialOrderOnAnyThreadCount) {
  auto square = [](std::size_t k) {
    Statistics s;
    s.feasible = true;
    s.set("k2", static_cast<double>(k * k));
    return s;
  };
  const std::vector<Statistics> one = compute_batch(9, 1, square);
  const std::vector<Statistics> all = compute_batch(9, 0, square);
  ASSERT_EQ(one.size(), 9u);
  for (std::size_t k = 0; k < 9; ++k) {
    EXPECT_EQ(one[k].at("k2"), static_cast<double>(k * k));
    EXPECT_EQ(all[k].values, one[k].values);
  }
}

TEST(StatisticsBatch, AThrowingTrialIsInfeasibleAndTheOthersStay) {
  const std::vector<Statistics> out = compute_batch(3, 2, [](std::size_t k) {
    if (k == 1) throw std::invalid_argument("population X has no cells");
    Statistics s;
    s.feasible = true;
    return s;
  });
  EXPECT_TRUE(out[0].feasible);
  EXPECT_FALSE(out[1].feasible);
  EXPECT_EQ(out[1].reason, "statistics failed: population X has no cells");
  EXPECT_TRUE(out[2].feasible);
}

TEST(Statistics, ScalarAccessNamesTheMissingStatistic) {
  Statistics s;
  s.set("eigenspectrum", {1.0, 2.0});
  EXPECT_EQ(s.find("rate"), nullptr);
  EXPECT_THROW(s.at("rate"), std::out_of_range);
  EXPECT_THROW(s.at("eigenspectrum"), std::out_of_range);
  EXPECT_EQ(s.find("eigenspectrum")->size(), 2u);
}

}  // namespace
}  // namespace spikefit::stats
