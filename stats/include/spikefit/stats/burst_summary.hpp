#pragma once

#include <vector>

#include "spikefit/stats/spike_trains.hpp"

namespace spikefit::stats {

// One burst of a train as [first, last] spike indices (inclusive).
struct SpikeRun {
  std::size_t first = 0;
  std::size_t last = 0;
  std::size_t spikes() const { return last - first + 1; }
};

// Pooled over the cells of a population observed for duration_ms each:
struct BurstSummary {
  double fraction = 0.0;          // spikes in bursts / all spikes; NaN when there are no spikes
  double rate_hz = 0.0;           // bursts per cell per second
  double mean_spikes = 0.0;       // spikes per burst; NaN when there are no bursts
  double mean_duration_ms = 0.0;  // first to last spike of a burst; NaN when there are no bursts
};

// bursts[c] are the bursts of trains[c] [cells]. Throws std::invalid_argument for no cells,
// mismatched sizes or duration_ms <= 0.
BurstSummary summarise_bursts(const std::vector<SpikeTrain>& trains,
                              const std::vector<std::vector<SpikeRun>>& bursts, double duration_ms);

}  // namespace spikefit::stats
