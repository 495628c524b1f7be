#include "spikefit/experiments/cli/screen_option.hpp"

#include <gtest/gtest.h>

#include <string>

#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {
namespace {

const ScreenFloor kTwoBins{900.0, "two count bins"};

TEST(ScreenOption, ByDefaultRunsLongerThanTwentySecondsAreScreenedForTenSeconds) {
  EXPECT_EQ(resolve_screen_ms(-1, 140500, kTwoBins), 10000);  // SNOPS's full run
  EXPECT_EQ(resolve_screen_ms(-1, 20001, kTwoBins), 10000);
  EXPECT_EQ(resolve_screen_ms(-1, 20000, kTwoBins), 0);  // short runs: none
  EXPECT_EQ(resolve_screen_ms(-1, 10000, kTwoBins), 0);  // the short demo
  // a floor above 10 s lengthens the default screen; none when it would not be shorter
  EXPECT_EQ(resolve_screen_ms(-1, 30000, {12000, "x"}), 12000);
  EXPECT_EQ(resolve_screen_ms(-1, 30000, {30000, "x"}), 0);
}

TEST(ScreenOption, AGivenLengthIsKeptOrRefusedBelowTheFloor) {
  EXPECT_EQ(resolve_screen_ms(0, 140500, kTwoBins), 0);  // off
  EXPECT_EQ(resolve_screen_ms(900, 5000, kTwoBins), 900);
  try {
    resolve_screen_ms(800, 5000, kTwoBins);
    FAIL() << "no exception";
  } catch (const base::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("two count bins (900 ms), got 800"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace spikefit::experiments
