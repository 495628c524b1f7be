#include <gtest/gtest.h>

#include <cmath>

#include "models/basal_ganglia/bg_drives.hpp"
#include "models/basal_ganglia/bg_random.hpp"

namespace spikefit::engine::bg {
namespace {

TEST(DbsDrive, OnsetsEveryRoundedPeriodWithTheGivenWidth) {
  DbsDrive dbs;
  dbs.enabled = true;
  const double dt = 0.01;
  const std::vector<uint64_t> onsets = dbs_onset_steps(dbs, dt, 100000);  // 1 s
  // 130 Hz: round(1000 / 130 / 0.01) = round(769.23) = 769 steps.
  ASSERT_EQ(onsets.size(), 131u);  // 0, 769, ..., 130 * 769 = 99970 < 100000
  for (std::size_t k = 0; k < onsets.size(); ++k) EXPECT_EQ(onsets[k], 769 * k);
  PulseTrain train(onsets, pulse_width_steps(dbs.width_ms, dt), dbs.amplitude);
  uint64_t on = 0;
  for (uint64_t i = 0; i < 100000; ++i) {
    const double c = train.current(i);
    const bool expected = (i % 769) < 30;
    EXPECT_EQ(c, expected ? 300.0 : 0.0) << i;
    on += c > 0;
  }
  EXPECT_EQ(on, 131u * 30u);
}

TEST(DbsDrive, StartsAtOnsetAndStopsBeforeStop) {
  DbsDrive dbs;
  dbs.enabled = true;
  dbs.frequency_hz = 100.0;
  dbs.onset_ms = 50.0;
  dbs.stop_ms = 100.0;
  const std::vector<uint64_t> onsets = dbs_onset_steps(dbs, 0.01, 100000);
  EXPECT_EQ(onsets, (std::vector<uint64_t>{5000, 6000, 7000, 8000, 9000}));
  dbs.enabled = false;
  EXPECT_TRUE(dbs_onset_steps(dbs, 0.01, 100000).empty());
}

TEST(SmcDrive, PeriodicWithoutVariabilityAndFirstOnsetOneIntervalIn) {
  SmcDrive smc;
  smc.enabled = true;
  smc.cv = 0.0;
  const std::vector<uint64_t> onsets = smc_onset_steps(smc, 0.01, 100000, 3);
  // 14 Hz: round(1000 / 14 / 0.01) = round(7142.86) = 7143 steps.
  ASSERT_EQ(onsets.size(), 13u);
  for (std::size_t k = 0; k < onsets.size(); ++k) EXPECT_EQ(onsets[k], 7143 * (k + 1));
  PulseTrain train(onsets, pulse_width_steps(smc.width_ms, 0.01), smc.amplitude);
  EXPECT_EQ(train.current(7142), 0.0);
  EXPECT_EQ(train.current(7143), 3.5);
  EXPECT_EQ(train.current(7642), 3.5);  // 500 steps = 5 ms
  EXPECT_EQ(train.current(7643), 0.0);
}

TEST(SmcDrive, GammaIntervalsHaveTheRequestedMeanFrequencyAndCv) {
  SmcDrive smc;
  smc.enabled = true;
  const double dt = 0.01;
  const std::vector<uint64_t> onsets = smc_onset_steps(smc, dt, 100000000, 11);  // 1000 s
  ASSERT_GT(onsets.size(), 13000u);
  // f_inst ~ Gamma(25, 14/25): mean 14 Hz, CV 0.2; intervals are 1000/f_inst.
  double sum_f = 0, sum_f2 = 0;
  for (std::size_t k = 1; k < onsets.size(); ++k) {
    const double f = 1000.0 / (static_cast<double>(onsets[k] - onsets[k - 1]) * dt);
    sum_f += f;
    sum_f2 += f * f;
  }
  const double n = static_cast<double>(onsets.size() - 1);
  const double mean = sum_f / n;
  const double sd = std::sqrt(sum_f2 / n - mean * mean);
  EXPECT_NEAR(mean, 14.0, 0.1);
  EXPECT_NEAR(sd / mean, 0.2, 0.01);
  EXPECT_EQ(onsets, smc_onset_steps(smc, dt, 100000000, 11));
}

TEST(GammaSample, MomentsMatchShapeAndScaleAboveAndBelowOne) {
  for (double shape : {0.5, 3.0, 25.0}) {
    CounterStream rng(5, 99, 0);
    double s = 0, s2 = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
      const double x = gamma_sample(rng, shape, 2.0);
      s += x;
      s2 += x * x;
    }
    const double mean = s / n, var = s2 / n - mean * mean;
    EXPECT_NEAR(mean, shape * 2.0, 0.01 * shape * 2.0 + 0.01) << shape;
    EXPECT_NEAR(var, shape * 4.0, 0.03 * shape * 4.0) << shape;
  }
}

TEST(CorticalSpikes, RateAndBetaModulation) {
  CorticalDrive d;
  d.enabled = true;
  d.rate_hz = 200.0;
  d.beta_depth = 0.8;
  d.beta_frequency_hz = 20.0;
  const uint32_t cells = 20;
  CorticalSpikes spikes(d, cells, 17);
  // 10 s in 1-ms bins; phase bins of the 50-ms beta cycle.
  double total = 0, rising = 0, falling = 0;
  for (int b = 0; b < 10000; ++b) {
    for (uint32_t j = 0; j < cells; ++j) {
      const uint32_t n = spikes.spikes_in(j, b, b + 1.0);
      total += n;
      ((b % 50) < 25 ? rising : falling) += n;  // sin > 0 in the first half of each cycle
    }
  }
  const double rate = total / cells / 10.0;
  EXPECT_NEAR(rate, 200.0, 3.0);  // 40000 spikes: SD 1 Hz
  // Expected ratio of halves: (1 + 2m/pi) / (1 - 2m/pi) with m = 0.8.
  const double q = 2 * 0.8 / M_PI;
  EXPECT_NEAR(rising / falling, (1 + q) / (1 - q), 0.1);
}

}  // namespace
}  // namespace spikefit::engine::bg
