#include "recording_bins.hpp"

#include <gtest/gtest.h>

namespace spikefit::engine {
namespace {

TEST(RecordingBins, CountBinsStartAtBurnInAndOnlyWholeBinsCount) {
  // burn-in 100 steps, bins of 40 steps, 3 whole bins: steps 100..219.
  EXPECT_EQ(count_bin(99, 100, 40, 3), -1);
  EXPECT_EQ(count_bin(100, 100, 40, 3), 0);
  EXPECT_EQ(count_bin(139, 100, 40, 3), 0);
  EXPECT_EQ(count_bin(140, 100, 40, 3), 1);
  EXPECT_EQ(count_bin(219, 100, 40, 3), 2);
  EXPECT_EQ(count_bin(220, 100, 40, 3), -1);
  EXPECT_EQ(count_bin(0, 0, 1, 5), 0);
}

TEST(RecordingBins, ActivityBinsStartAtZero) {
  EXPECT_EQ(activity_bin(0, 20), 0u);
  EXPECT_EQ(activity_bin(19, 20), 0u);
  EXPECT_EQ(activity_bin(20, 20), 1u);
  EXPECT_EQ(activity_bin(12345, 1), 12345u);
}

TEST(RecordingBins, CountsSaturateAt65535) {
  uint16_t c = 65534;
  add_saturating(c);
  EXPECT_EQ(c, 65535);
  add_saturating(c);
  EXPECT_EQ(c, 65535);
}

TEST(RecordingBins, IsiMomentsAccumulateIntervalsInMilliseconds) {
  uint32_t n = 0;
  double sum = 0, sum_sq = 0;
  add_isi(30, 10, 0.5, n, sum, sum_sq);  // 10 ms
  add_isi(36, 30, 0.5, n, sum, sum_sq);  // 3 ms
  EXPECT_EQ(n, 2u);
  EXPECT_DOUBLE_EQ(sum, 13.0);
  EXPECT_DOUBLE_EQ(sum_sq, 109.0);
}

}  // namespace
}  // namespace spikefit::engine
