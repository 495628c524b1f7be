#include "spikefit/stats/error_index.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace spikefit::stats {
namespace {

// Onsets 100 .. 700 every 150 ms, T = 800: the counted pulses are 250, 400, 550, 700 (the first
// >= 200 ms to the last <= T - 25); 700 is the last pulse, so its window is [700, 800).
const std::vector<double> kOnsets = {100, 250, 400, 550, 700};

TEST(ErrorIndex, FaithfulCellHasNoErrors) {
  // a spike before the counted pulses and one late after the uncounted pulse at 100 are ignored
  EXPECT_EQ(error_index({{120, 245, 260, 410, 560, 710}}, kOnsets, 800), 0.0);
}

TEST(ErrorIndex, EachErrorKindCounts) {
  EXPECT_EQ(error_index({{}}, kOnsets, 800), 1.0);  // a miss at each of 4 pulses
  // 250: two spikes in the window (1); 400: one in the window and two late ones (2);
  // 550: correct; 700: two spikes in [700, 800) (1) -> 4 errors / 4 pulses
  EXPECT_EQ(error_index({{255, 265, 410, 440, 470, 560, 710, 790}}, kOnsets, 800), 1.0);
  // only a late spike at 430: a miss (1) and a late spike (1) -> 2 / 4
  EXPECT_EQ(error_index({{260, 430, 560, 710}}, kOnsets, 800), 0.5);
  // mean over cells
  EXPECT_NEAR(error_index({{260, 410, 560, 710}, {}, {260, 430, 560, 710}}, kOnsets, 800),
              (0.0 + 1.0 + 0.5) / 3.0, 1e-15);
}

TEST(ErrorIndex, LastCountedPulseWithALaterPulseUsesSoRule) {
  // A later onset at 790 > T - 25: for the last counted pulse (700) the response window is
  // [700, 790) and late spikes are those in [725, 790).
  const std::vector<double> onsets = {100, 250, 400, 550, 700, 790};
  const SpikeTrain good = {260, 410, 560};
  auto with = [&](std::vector<double> extra) {
    SpikeTrain train = good;
    train.insert(train.end(), extra.begin(), extra.end());
    return error_index({train}, onsets, 800);
  };
  EXPECT_EQ(with({710}), 0.0);
  EXPECT_EQ(with({740}), 0.25);      // one spike in [700, 790): no miss; one late spike
  EXPECT_EQ(with({710, 740}), 0.5);  // two in [700, 790) (1) and one late (1)
  EXPECT_EQ(with({710, 795}), 0.0);  // 795 is after the next onset: not counted
  EXPECT_EQ(with({}), 0.25);         // a miss
}

TEST(ErrorIndex, UndefinedAndInvalidInput) {
  EXPECT_TRUE(std::isnan(error_index({{}}, {100, 150}, 800)));  // no onset >= 200 ms
  EXPECT_TRUE(std::isnan(error_index({{}}, {}, 800)));
  EXPECT_TRUE(std::isnan(error_index({}, kOnsets, 800)));
  EXPECT_THROW(error_index({{}}, {300, 200}, 800), std::invalid_argument);
}

TEST(ErrorIndex, WindowsAreConfigurable) {
  // ignore_first 300 ms: counted 400, 550, 700
  EXPECT_NEAR(error_index({{}}, kOnsets, 800, {300.0, 25.0}), 1.0, 0);
  EXPECT_NEAR(error_index({{260, 430, 560, 710}}, kOnsets, 800, {300.0, 25.0}), 2.0 / 3.0, 1e-15);
}

}  // namespace
}  // namespace spikefit::stats
