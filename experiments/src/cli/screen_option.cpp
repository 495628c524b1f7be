#include "spikefit/experiments/cli/screen_option.hpp"

#include <algorithm>

#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

double resolve_screen_ms(double requested, double full_ms, const ScreenFloor& floor) {
  if (requested < 0) {
    const double screen = std::max(kDefaultScreenMs, floor.ms);
    return full_ms > kScreenByDefaultAboveMs && screen < full_ms ? screen : 0.0;
  }
  if (requested > 0 && requested < floor.ms) {
    throw base::UsageError("--screen-ms", "must cover the burn-in and " + floor.what + " (" +
                                              base::number_text(floor.ms) + " ms), got " +
                                              base::number_text(requested));
  }
  return requested;
}

}  // namespace spikefit::experiments
