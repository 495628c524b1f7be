#include "spikefit/stats/count_variability.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

namespace spikefit::stats {
namespace {

SpikeTrain poisson_train(std::mt19937_64& rng, double rate_hz, double duration_ms) {
  std::exponential_distribution<double> isi(rate_hz / 1000.0);
  SpikeTrain train;
  for (double t = isi(rng); t < duration_ms; t += isi(rng)) train.push_back(t);
  return train;
}

TEST(WindowedCounts, CountsWholeWindowsFromTheStart) {
  // Windows of 50 ms from 100 ms inside [100, 260): [100,150), [150,200), [200,250).
  const auto counts = windowed_counts({{90, 100, 149.9, 150, 249, 250, 255}}, 100, 260, 50);
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0], (std::vector<double>{2, 1, 1}));
  EXPECT_THROW(windowed_counts({{}}, 0, 100, 0), std::invalid_argument);
}

TEST(FanoFactor, HandComputedAndSilentCellsSkipped) {
  // Counts {2, 0, 1, 1}: mean 1, ddof-0 variance 0.5 -> FF 0.5; a regular cell with one spike per
  // window -> 0; a silent cell is skipped. Mean (0.5 + 0) / 2.
  const std::vector<SpikeTrain> trains = {{1, 2, 21, 31}, {5, 15, 25, 35}, {}};
  EXPECT_NEAR(mean_fano_factor(trains, 0, 40, 10), 0.25, 1e-15);
  EXPECT_TRUE(std::isnan(mean_fano_factor({{}, {}}, 0, 40, 10)));
  EXPECT_TRUE(std::isnan(mean_fano_factor({{1, 2}}, 0, 15, 10)));  // one window only
}

TEST(FanoFactor, PoissonPopulationIsNearOne) {
  // 20 cells x 200 s at 20 Hz: 4000 (100-ms) windows per cell, so the per-cell FF has a sampling
  // sd of about sqrt(2/4000) ~ 0.022 and the population mean about 0.005: tolerance 0.03.
  std::mt19937_64 rng(3);
  std::vector<SpikeTrain> trains;
  for (int c = 0; c < 20; ++c) trains.push_back(poisson_train(rng, 20.0, 200000.0));
  for (double window : {50.0, 100.0, 200.0}) {
    EXPECT_NEAR(mean_fano_factor(trains, 0, 200000.0, window), 1.0, 0.03) << window;
  }
}

TEST(SpikeCountCorrelation, IdenticalAnticorrelatedAndConstantCells) {
  const SpikeTrain a = {1, 2, 3, 25, 41, 42};  // counts {3, 0, 1, 0, 2} in 10-ms windows
  const SpikeTrain constant = {5, 15, 25, 35, 45};
  EXPECT_NEAR(mean_spike_count_correlation({a, a}, 0, 50, 10), 1.0, 1e-15);
  // the constant and the silent cell have zero variance and are dropped
  EXPECT_NEAR(mean_spike_count_correlation({a, constant, {}, a}, 0, 50, 10), 1.0, 1e-15);
  EXPECT_TRUE(std::isnan(mean_spike_count_correlation({a, constant}, 0, 50, 10)));
  // {1, 0} vs {0, 1} in two windows
  EXPECT_NEAR(mean_spike_count_correlation({{5}, {15}}, 0, 20, 10), -1.0, 1e-15);
}

TEST(SpikeCountCorrelation, ThinnedCopiesOfACommonTrainCorrelateAtTheKeptFraction) {
  // Each cell keeps each spike of one 40-Hz Poisson train with probability p: the counts are
  // Poisson with variance p L and covariance p^2 L, so r = p. 10 cells x 200 s in 100-ms windows
  // (2000 windows): the sd of the mean of 45 pair estimates is about 0.01; tolerance 0.04.
  std::mt19937_64 rng(5);
  const SpikeTrain common = poisson_train(rng, 40.0, 200000.0);
  std::bernoulli_distribution keep(0.5);
  std::vector<SpikeTrain> trains(10);
  for (SpikeTrain& train : trains) {
    for (double t : common) {
      if (keep(rng)) train.push_back(t);
    }
  }
  EXPECT_NEAR(mean_spike_count_correlation(trains, 0, 200000.0, 100), 0.5, 0.04);
  std::vector<SpikeTrain> independent;
  for (int c = 0; c < 10; ++c) independent.push_back(poisson_train(rng, 20.0, 200000.0));
  EXPECT_NEAR(mean_spike_count_correlation(independent, 0, 200000.0, 100), 0.0, 0.02);
}

}  // namespace
}  // namespace spikefit::stats
