#include "spikefit/stats/isi_bursts.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace spikefit::stats {

std::vector<SpikeRun> isi_bursts(const SpikeTrain& train, const IsiBurstOptions& options) {
  if (!(options.max_isi_ms > 0) || options.min_spikes < 2) {
    throw std::invalid_argument(
        "isi_bursts: need max_isi_ms > 0 and min_spikes >= 2, got max_isi_ms " +
        std::to_string(options.max_isi_ms) + ", min_spikes " + std::to_string(options.min_spikes));
  }
  std::vector<SpikeRun> bursts;
  std::size_t first = 0;
  for (std::size_t k = 1; k <= train.size(); ++k) {
    const bool continues = k < train.size() && train[k] - train[k - 1] < options.max_isi_ms;
    if (continues) continue;
    if (k - first >= options.min_spikes) bursts.push_back({first, k - 1});
    first = k;
  }
  return bursts;
}

BurstSummary isi_burst_summary(const std::vector<SpikeTrain>& trains, double duration_ms,
                               const IsiBurstOptions& options) {
  if (!(duration_ms > 0) || trains.empty()) {
    throw std::invalid_argument("isi_burst_summary: need cells and duration_ms > 0, got " +
                                std::to_string(trains.size()) + " cells, duration_ms " +
                                std::to_string(duration_ms));
  }
  std::size_t spikes = 0, burst_spikes = 0, bursts = 0;
  double duration_sum = 0.0;
  for (const SpikeTrain& train : trains) {
    spikes += train.size();
    for (const SpikeRun& run : isi_bursts(train, options)) {
      burst_spikes += run.spikes();
      duration_sum += train[run.last] - train[run.first];
      ++bursts;
    }
  }
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  BurstSummary summary;
  const auto n_bursts = static_cast<double>(bursts);
  const auto n_burst_spikes = static_cast<double>(burst_spikes);
  summary.fraction = spikes > 0 ? n_burst_spikes / static_cast<double>(spikes) : kNaN;
  summary.rate_hz = 1000.0 * n_bursts / (duration_ms * static_cast<double>(trains.size()));
  summary.mean_spikes = bursts > 0 ? n_burst_spikes / n_bursts : kNaN;
  summary.mean_duration_ms = bursts > 0 ? duration_sum / n_bursts : kNaN;
  return summary;
}

}  // namespace spikefit::stats
