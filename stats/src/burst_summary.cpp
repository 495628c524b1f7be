#include "spikefit/stats/burst_summary.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace spikefit::stats {

BurstSummary summarise_bursts(const std::vector<SpikeTrain>& trains,
                              const std::vector<std::vector<SpikeRun>>& bursts,
                              double duration_ms) {
  if (!(duration_ms > 0) || trains.empty() || bursts.size() != trains.size()) {
    throw std::invalid_argument(
        "summarise_bursts: need cells, one burst list per cell and "
        "duration_ms > 0, got " +
        std::to_string(trains.size()) + " cells, " + std::to_string(bursts.size()) +
        " burst lists, duration_ms " + std::to_string(duration_ms));
  }
  std::size_t spikes = 0, burst_spikes = 0, count = 0;
  double duration_sum = 0.0;
  for (std::size_t c = 0; c < trains.size(); ++c) {
    spikes += trains[c].size();
    for (const SpikeRun& run : bursts[c]) {
      burst_spikes += run.spikes();
      duration_sum += trains[c][run.last] - trains[c][run.first];
      ++count;
    }
  }
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const auto n_bursts = static_cast<double>(count);
  const auto n_burst_spikes = static_cast<double>(burst_spikes);
  BurstSummary summary;
  summary.fraction = spikes > 0 ? n_burst_spikes / static_cast<double>(spikes) : kNaN;
  summary.rate_hz = 1000.0 * n_bursts / (duration_ms * static_cast<double>(trains.size()));
  summary.mean_spikes = count > 0 ? n_burst_spikes / n_bursts : kNaN;
  summary.mean_duration_ms = count > 0 ? duration_sum / n_bursts : kNaN;
  return summary;
}

}  // namespace spikefit::stats
