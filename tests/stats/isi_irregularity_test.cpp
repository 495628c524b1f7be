#include "spikefit/stats/isi_irregularity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

namespace spikefit::stats {
namespace {

std::vector<double> gamma_intervals(double shape, std::size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::gamma_distribution<double> gamma(shape, 10.0 / shape);  // mean 10 ms
  std::vector<double> isi(n);
  for (double& x : isi) x = gamma(rng);
  return isi;
}

TEST(IsiIrregularity, HandComputedSequence) {
  // I = 10, 20, 40: mean 70/3, ddof-0 variance 1400/9 -> CV = sqrt(1400/9) / (70/3);
  // each pair has |b - a| / (a + b) = 1/3 -> CV2 = 2/3, Lv = 3 (1/9) = 1/3;
  // LvR (R = 5) = 3/2 [(1 - 800/900)(1 + 20/30) + (1 - 3200/3600)(1 + 20/60)] = 1/2.
  const std::vector<double> isi = {10, 20, 40};
  EXPECT_NEAR(isi_cv(isi), std::sqrt(1400.0 / 9.0) / (70.0 / 3.0), 1e-15);
  EXPECT_NEAR(isi_cv2(isi), 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(isi_lv(isi), 1.0 / 3.0, 1e-15);
  EXPECT_NEAR(isi_lvr(isi, 5.0), 0.5, 1e-15);
}

TEST(IsiIrregularity, RegularTrainIsZeroOnEveryMeasure) {
  const std::vector<double> isi(50, 12.5);
  EXPECT_EQ(isi_cv(isi), 0.0);
  EXPECT_EQ(isi_cv2(isi), 0.0);
  EXPECT_EQ(isi_lv(isi), 0.0);
  EXPECT_EQ(isi_lvr(isi), 0.0);
}

TEST(IsiIrregularity, PoissonTrainIsNearOne) {
  // Exponential ISIs: CV = CV2 = Lv = 1 exactly in expectation; with 20000 intervals the
  // sampling standard deviations are below 0.01, so 0.03 is a 3-sigma tolerance.
  const std::vector<double> isi = gamma_intervals(1.0, 20000, 7);
  EXPECT_NEAR(isi_cv(isi), 1.0, 0.03);
  EXPECT_NEAR(isi_cv2(isi), 1.0, 0.03);
  EXPECT_NEAR(isi_lv(isi), 1.0, 0.03);
}

TEST(IsiIrregularity, GammaTrainMatchesClosedForms) {
  // Gamma renewal process of shape k: CV = 1/sqrt(k), Lv = 3 / (2k + 1) (Shinomoto 2003).
  const std::vector<double> isi = gamma_intervals(4.0, 20000, 11);
  EXPECT_NEAR(isi_cv(isi), 0.5, 0.015);
  EXPECT_NEAR(isi_lv(isi), 3.0 / 9.0, 0.015);
}

TEST(IsiIrregularity, TooShortSequencesAreNaN) {
  EXPECT_TRUE(std::isnan(isi_cv({})));
  EXPECT_EQ(isi_cv({5.0}), 0.0);
  EXPECT_TRUE(std::isnan(isi_cv2({5.0})));
  EXPECT_TRUE(std::isnan(isi_lv({5.0})));
  EXPECT_TRUE(std::isnan(isi_lvr({5.0})));
}

TEST(IsiIrregularity, PopulationMeanSkipsCellsWithTooFewIntervals) {
  const std::vector<SpikeTrain> trains = {
      {0, 10, 30, 70},  // ISIs 10, 20, 40 (the hand-computed sequence)
      {0, 10, 20, 30},  // regular
      {5, 50},          // one ISI: skipped
      {}};
  const IrregularitySummary s = mean_irregularity(trains, 3);
  EXPECT_EQ(s.cells, 2);
  EXPECT_NEAR(s.cv2, (2.0 / 3.0) / 2.0, 1e-15);
  EXPECT_NEAR(s.lv, (1.0 / 3.0) / 2.0, 1e-15);
  EXPECT_NEAR(s.lvr, 0.25, 1e-15);
  EXPECT_TRUE(std::isnan(mean_irregularity({{1, 2}}, 2).cv));
  EXPECT_THROW(mean_irregularity(trains, 1), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::stats
