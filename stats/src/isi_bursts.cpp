#include "spikefit/stats/isi_bursts.hpp"

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
  std::vector<std::vector<SpikeRun>> bursts;
  for (const SpikeTrain& train : trains) bursts.push_back(isi_bursts(train, options));
  return summarise_bursts(trains, bursts, duration_ms);
}

}  // namespace spikefit::stats
