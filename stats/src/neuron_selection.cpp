#include "spikefit/stats/neuron_selection.hpp"

#include <numeric>
#include <stdexcept>

#include "spikefit/base/random.hpp"

namespace spikefit::stats {

std::vector<uint32_t> active_neurons(const engine::TrialRecording& rec, double min_rate_hz) {
  std::vector<uint32_t> active;
  const double window_s = rec.count_bins * rec.count_bin_ms / 1000.0;
  if (window_s <= 0) return active;
  for (uint32_t j = 0; j < rec.count_neurons; ++j) {
    uint64_t total = 0;
    for (uint32_t b = 0; b < rec.count_bins; ++b) {
      total += rec.counts[uint64_t{b} * rec.count_neurons + j];
    }
    if (static_cast<double>(total) / window_s > min_rate_hz) active.push_back(j);
  }
  return active;
}

std::vector<std::vector<uint32_t>> draw_neurons(const std::vector<uint32_t>& eligible,
                                                uint32_t neurons, uint32_t draws, uint64_t seed) {
  if (eligible.size() < neurons) {
    throw std::invalid_argument("draw_neurons: fewer eligible neurons than requested");
  }
  std::vector<std::vector<uint32_t>> out;
  for (uint32_t d = 0; d < draws; ++d) {
    std::vector<uint32_t> pool = eligible;
    base::CounterStream stream(seed, 0x5E1EC7u, d);
    for (uint32_t k = 0; k < neurons; ++k) {
      const auto remaining = static_cast<uint32_t>(pool.size() - k);
      const uint32_t pick =
          k + std::min(remaining - 1, static_cast<uint32_t>((1.0 - stream.uniform()) * remaining));
      std::swap(pool[k], pool[pick]);
    }
    pool.resize(neurons);
    out.push_back(std::move(pool));
  }
  return out;
}

}  // namespace spikefit::stats
