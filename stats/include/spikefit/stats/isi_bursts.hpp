#pragma once

#include <vector>

#include "spikefit/stats/spike_trains.hpp"

namespace spikefit::stats {

// ISI-threshold bursts: maximal runs of consecutive spikes whose every ISI is < max_isi_ms,
// counted as a burst when the run holds at least min_spikes spikes.
struct IsiBurstOptions {
  double max_isi_ms = 15.0;
  unsigned min_spikes = 3;
};

// The bursts of one train as [first, last] spike indices (inclusive), in order.
struct SpikeRun {
  std::size_t first = 0;
  std::size_t last = 0;
  std::size_t spikes() const { return last - first + 1; }
};
std::vector<SpikeRun> isi_bursts(const SpikeTrain& train, const IsiBurstOptions& options = {});

// Pooled over the cells of a population observed for duration_ms each:
struct BurstSummary {
  double fraction = 0.0;          // spikes in bursts / all spikes; NaN when there are no spikes
  double rate_hz = 0.0;           // bursts per cell per second
  double mean_spikes = 0.0;       // spikes per burst; NaN when there are no bursts
  double mean_duration_ms = 0.0;  // first to last spike of a burst; NaN when there are no bursts
};
BurstSummary isi_burst_summary(const std::vector<SpikeTrain>& trains, double duration_ms,
                               const IsiBurstOptions& options = {});

}  // namespace spikefit::stats
