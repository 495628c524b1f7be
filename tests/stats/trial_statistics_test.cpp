#include "spikefit/stats/trial_statistics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "fixtures.hpp"
#include "spikefit/stats/population_statistics.hpp"

namespace spikefit::stats {
namespace {

// A recording whose count population holds `counts` [neurons x bins] in 200-ms bins.
engine::TrialRecording recording_of(const Eigen::MatrixXd& counts) {
  engine::TrialRecording rec;
  rec.count_bin_ms = 200.0;
  rec.count_bins = static_cast<uint32_t>(counts.cols());
  rec.count_neurons = static_cast<uint32_t>(counts.rows());
  rec.counts.resize(counts.size());
  for (uint32_t b = 0; b < rec.count_bins; ++b) {
    for (uint32_t j = 0; j < rec.count_neurons; ++j) {
      rec.counts[uint64_t{b} * rec.count_neurons + j] =
          static_cast<uint16_t>(std::max(0.0, std::round(counts(j, b))));
    }
  }
  return rec;
}

// The FA-model fixture rounded to counts (rates ~ 15-50 Hz), 50 cells x 400 bins.
Eigen::MatrixXd integer_counts() {
  return testing::to_matrix(testing::fixture("stats/counts_fa_model.json")["Y"])
      .array()
      .round()
      .max(0.0);
}

TEST(NeuronSelection, ThresholdIsStrictlyAbove) {
  Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(3, 10);  // 10 bins of 200 ms = 2 s
  counts(0, 0) = 1;                                       // 0.5 Hz: excluded
  counts(1, 0) = counts(1, 1) = 1;                        // 1 Hz
  counts(2, 3) = 5;                                       // 2.5 Hz
  EXPECT_EQ(active_neurons(recording_of(counts), 0.5), (std::vector<uint32_t>{1, 2}));
}

TEST(NeuronSelection, DrawsAreDistinctSubsetsAndReproducible) {
  std::vector<uint32_t> eligible(80);
  for (uint32_t i = 0; i < 80; ++i) eligible[i] = 3 * i;
  const auto draws = draw_neurons(eligible, 50, 10, 42);
  ASSERT_EQ(draws.size(), 10u);
  for (const auto& d : draws) {
    const std::set<uint32_t> unique(d.begin(), d.end());
    EXPECT_EQ(unique.size(), 50u);
    for (uint32_t n : d) EXPECT_EQ(n % 3, 0u);
  }
  EXPECT_NE(draws[0], draws[1]);
  EXPECT_EQ(draw_neurons(eligible, 50, 10, 42), draws);
}

TEST(TrialStatistics, OneDrawOfAllCellsEqualsTheMatrixStatistics) {
  const Eigen::MatrixXd counts = integer_counts();
  StatisticsOptions options;
  options.selection.draws = 1;
  const Statistics s = compute_statistics(recording_of(counts), options, 9);
  ASSERT_TRUE(s.feasible) << s.reason;
  EXPECT_EQ(s.at("active_neurons"), 50);
  EXPECT_NEAR(s.at("rate"), mean_rate_hz(counts, 200), 1e-9);
  EXPECT_NEAR(s.at("fano"), mean_fano(counts), 1e-9);
  EXPECT_NEAR(s.at("rsc_fisher_z"), mean_rsc_fisher_z(counts), 1e-9);
  EXPECT_EQ(s.at("mean_latent_dims"), 4);  // the model's q survives rounding to counts
  EXPECT_GT(s.at("pct_shared"), 0.3);
  const std::vector<double>& eigenspectrum = *s.find("eigenspectrum");
  EXPECT_EQ(eigenspectrum.size(), 50u);
  EXPECT_GE(eigenspectrum[0], eigenspectrum[1]);
}

TEST(TrialStatistics, EigenThresholdAgreesWithCvSkipOnAClearModel) {
  StatisticsOptions options;
  options.selection.draws = 1;
  options.dimension = DimensionMethod::kEigenThreshold;
  const Statistics fast = compute_statistics(recording_of(integer_counts()), options, 9);
  ASSERT_TRUE(fast.feasible);
  EXPECT_EQ(fast.at("mean_latent_dims"), 4);
}

TEST(TrialStatistics, InfeasibleTrialsSayWhy) {
  engine::TrialRecording runaway = recording_of(integer_counts());
  runaway.status = engine::TrialStatus::kRunaway;
  runaway.message = "spike cap reached";
  Statistics s = compute_statistics(runaway, {}, 1);
  EXPECT_FALSE(s.feasible);
  EXPECT_EQ(s.reason, "runaway: spike cap reached");

  const Eigen::MatrixXd few = integer_counts().topRows(49);
  s = compute_statistics(recording_of(few), {}, 1);
  EXPECT_FALSE(s.feasible);
  EXPECT_EQ(s.reason, "too few active cells: 49 above 0.500000 Hz, need 50");

  StatisticsOptions low_cap;
  low_cap.max_mean_rate_hz = 10.0;  // the fixture's cells fire at ~34 Hz
  s = compute_statistics(recording_of(integer_counts()), low_cap, 1);
  EXPECT_FALSE(s.feasible);
  EXPECT_NE(s.reason.find("mean rate of the sampled cells above"), std::string::npos);
}

}  // namespace
}  // namespace spikefit::stats
