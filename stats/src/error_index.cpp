#include "spikefit/stats/error_index.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace spikefit::stats {

namespace {
// Spikes of an ascending train in [low, high).
std::size_t count_in(const SpikeTrain& train, double low, double high) {
  if (!(high > low)) return 0;
  return static_cast<std::size_t>(std::lower_bound(train.begin(), train.end(), high) -
                                  std::lower_bound(train.begin(), train.end(), low));
}
}  // namespace

double error_index(const std::vector<SpikeTrain>& tc_trains, const std::vector<double>& onsets_ms,
                   double duration_ms, const ErrorIndexOptions& options) {
  for (std::size_t p = 1; p < onsets_ms.size(); ++p) {
    if (onsets_ms[p] < onsets_ms[p - 1]) {
      throw std::invalid_argument("error_index: SMC onsets are not ascending at onset " +
                                  std::to_string(p));
    }
  }
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const double window = options.response_window_ms;
  const auto first = static_cast<std::size_t>(
      std::lower_bound(onsets_ms.begin(), onsets_ms.end(), options.ignore_first_ms) -
      onsets_ms.begin());
  // one past the last onset <= duration - window
  const auto end = static_cast<std::size_t>(
      std::upper_bound(onsets_ms.begin(), onsets_ms.end(), duration_ms - window) -
      onsets_ms.begin());
  if (tc_trains.empty() || first >= end) return kNaN;
  const std::size_t last = end - 1;
  double sum = 0.0;
  for (const SpikeTrain& train : tc_trains) {
    std::size_t errors = 0;
    for (std::size_t p = first; p <= last; ++p) {
      const double t = onsets_ms[p];
      std::size_t in_window = 0, late = 0;
      if (p != last) {
        in_window = count_in(train, t, t + window);
        late = count_in(train, t + window, onsets_ms[p + 1]);
      } else if (last + 1 == onsets_ms.size()) {
        in_window = count_in(train, t, duration_ms);
      } else {
        in_window = count_in(train, t, onsets_ms[p + 1]);
        late = count_in(train, t + window, onsets_ms[p + 1]);
      }
      errors += (in_window != 1 ? 1 : 0) + late;
    }
    sum += static_cast<double>(errors) / static_cast<double>(last - first + 1);
  }
  return sum / static_cast<double>(tc_trains.size());
}

}  // namespace spikefit::stats
