#include "spikefit/stats/poisson_surprise_bursts.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

namespace spikefit::stats {
namespace {

TEST(PoissonTailSurprise, MatchesClosedForms) {
  for (double mean : {0.01, 0.3, 1.0, 4.0, 30.0}) {
    EXPECT_NEAR(poisson_tail_surprise(1, mean), -std::log(1 - std::exp(-mean)), 1e-12) << mean;
    EXPECT_NEAR(poisson_tail_surprise(2, mean), -std::log(1 - std::exp(-mean) * (1 + mean)),
                1e-12 * (1 + poisson_tail_surprise(2, mean)))
        << mean;
  }
  EXPECT_EQ(poisson_tail_surprise(0, 2.0), 0.0);
  // P(X >= 10 | 0.5) = P(X = 10) (1 + 0.5/11 + 0.5^2/(11 12) + ...), a tail far below the
  // rounding of 1 - P(X < 10); the terms after k = 14 add < 1e-7 relative.
  const double p10 = std::exp(-0.5) * std::pow(0.5, 10) / 3628800.0;
  const double series = 1 + 0.5 / 11 + 0.25 / 132 + 0.125 / 1716 + 0.0625 / 24024;
  EXPECT_NEAR(poisson_tail_surprise(10, 0.5), -std::log(p10 * series), 1e-7);
}

TEST(SurpriseBursts, FindsABurstEmbeddedInARegularTrain) {
  // regular spikes every 100 ms with a 6-spike burst at 2-ms ISIs starting at 500 ms
  SpikeTrain train;
  for (int k = 0; k <= 10; ++k) {
    train.push_back(100.0 * k);
    if (k == 5) {
      for (int b = 1; b <= 5; ++b) train.push_back(500.0 + 2.0 * b);
    }
  }
  const std::vector<SurpriseBurst> bursts = surprise_bursts(train);
  ASSERT_EQ(bursts.size(), 1u);
  EXPECT_EQ(bursts[0].run.first, 5u);  // the spike at 500 ms
  EXPECT_EQ(bursts[0].run.last, 10u);  // the spike at 510 ms
  // mean ISI 1000 / 15 ms; 6 spikes over 10 ms: S = -ln P(X >= 5 | 10 / (1000 / 15))
  EXPECT_NEAR(bursts[0].surprise, poisson_tail_surprise(5, 0.15), 1e-12);
  EXPECT_GT(bursts[0].surprise, 3.0);
}

TEST(SurpriseBursts, RegularAndPoissonTrainsHaveFewBursts) {
  SpikeTrain regular;
  for (int k = 0; k < 100; ++k) regular.push_back(10.0 * k);
  EXPECT_TRUE(surprise_bursts(regular).empty());
  std::mt19937_64 rng(9);
  std::exponential_distribution<double> isi(0.02);
  SpikeTrain poisson;
  for (double t = isi(rng); t < 200000.0; t += isi(rng)) poisson.push_back(t);
  // S >= 3 (P <= e^-3 per candidate) is a loose cut: with the candidate search, about a quarter
  // of Poisson spikes land in chance bursts (the numpy reference gives 0.255 on 4000 spikes), far
  // below a bursty train's (next test: all of them).
  const BurstSummary s = surprise_burst_summary({poisson}, 200000.0);
  EXPECT_GT(s.fraction, 0.1);
  EXPECT_LT(s.fraction, 0.4);
}

TEST(SurpriseBursts, BurstyTrainHasManyBurstSpikes) {
  // 5-spike bursts at 3-ms ISIs every 200 ms, nothing between
  SpikeTrain train;
  for (int b = 0; b < 50; ++b) {
    for (int k = 0; k < 5; ++k) train.push_back(200.0 * b + 3.0 * k);
  }
  const BurstSummary s = surprise_burst_summary({train}, 10000.0);
  EXPECT_EQ(s.fraction, 1.0);
  EXPECT_NEAR(s.rate_hz, 5.0, 1e-12);
  EXPECT_EQ(s.mean_spikes, 5.0);
}

TEST(SurpriseBursts, BadOptionsAreRejected) {
  EXPECT_THROW(surprise_bursts({0, 1, 2}, {3.0, 0.0, 2.0, 10}), std::invalid_argument);
  EXPECT_THROW(surprise_bursts({0, 1, 2}, {3.0, 0.5, -1.0, 10}), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::stats
