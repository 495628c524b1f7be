#include "spikefit/stats/isi_bursts.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace spikefit::stats {
namespace {

// Runs with ISIs < 15 ms: {0, 5, 10} (3 spikes), {100, 105} (2: not a burst),
// {200, 204, 208, 212} (4), {300}; {400, 415, 430} has ISIs of exactly 15 ms: not a burst.
const SpikeTrain kTrain = {0, 5, 10, 100, 105, 200, 204, 208, 212, 300, 400, 415, 430};

TEST(IsiBursts, FindsMaximalRunsOfShortIntervals) {
  const std::vector<SpikeRun> bursts = isi_bursts(kTrain);
  ASSERT_EQ(bursts.size(), 2u);
  EXPECT_EQ(bursts[0].first, 0u);
  EXPECT_EQ(bursts[0].last, 2u);
  EXPECT_EQ(bursts[1].first, 5u);
  EXPECT_EQ(bursts[1].last, 8u);
  EXPECT_EQ(isi_bursts(kTrain, {15.0, 2}).size(), 3u);    // {100, 105} counts with min 2
  EXPECT_EQ(isi_bursts(kTrain, {15.001, 3}).size(), 3u);  // {400, 415, 430} joins
}

TEST(IsiBursts, SummaryPoolsCells) {
  // Cell 1: 13 spikes, 7 in 2 bursts of durations 10 and 12 ms; cell 2: {0, 1, 2}: 3 in one
  // burst of 2 ms; cell 3 silent. 3 cells x 2 s.
  const BurstSummary s = isi_burst_summary({kTrain, {0, 1, 2}, {}}, 2000.0);
  EXPECT_NEAR(s.fraction, 10.0 / 16.0, 1e-15);
  EXPECT_NEAR(s.rate_hz, 3.0 / (3 * 2.0), 1e-15);
  EXPECT_NEAR(s.mean_spikes, 10.0 / 3.0, 1e-15);
  EXPECT_NEAR(s.mean_duration_ms, 24.0 / 3.0, 1e-15);
}

TEST(IsiBursts, NoSpikesOrBurstsGiveNaNWhereUndefined) {
  const BurstSummary silent = isi_burst_summary({{}, {}}, 1000.0);
  EXPECT_TRUE(std::isnan(silent.fraction));
  EXPECT_EQ(silent.rate_hz, 0.0);
  EXPECT_TRUE(std::isnan(silent.mean_spikes));
  const BurstSummary sparse = isi_burst_summary({{0, 100, 200}}, 1000.0);
  EXPECT_EQ(sparse.fraction, 0.0);
  EXPECT_TRUE(std::isnan(sparse.mean_duration_ms));
}

TEST(IsiBursts, BadOptionsAreRejected) {
  EXPECT_THROW(isi_bursts(kTrain, {0.0, 3}), std::invalid_argument);
  EXPECT_THROW(isi_bursts(kTrain, {15.0, 1}), std::invalid_argument);
  EXPECT_THROW(isi_burst_summary({kTrain}, 0.0), std::invalid_argument);
  EXPECT_THROW(isi_burst_summary({}, 1000.0), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::stats
