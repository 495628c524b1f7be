#pragma once

#include "spikefit/experiments/evaluation/model.hpp"

namespace spikefit::experiments {

// SNOPS screens every new point with a 10-s run before its full run (specs/snops.md §4.2, §5.5).
inline constexpr double kDefaultScreenMs = 10000.0;
// Full runs longer than this are screened by default; shorter ones are cheap enough to run whole.
inline constexpr double kScreenByDefaultAboveMs = 20000.0;

// `fit --screen-ms`: the screening run's length in ms, 0 for none. requested < 0 (not given):
// kDefaultScreenMs (or the floor, when longer) for full runs longer than kScreenByDefaultAboveMs
// and shorter than the screen, else none. A requested length below the model's floor (the burn-in
// and what the statistics need, e.g. two count bins) is a base::UsageError naming the floor.
double resolve_screen_ms(double requested, double full_ms, const ScreenFloor& floor);

}  // namespace spikefit::experiments
