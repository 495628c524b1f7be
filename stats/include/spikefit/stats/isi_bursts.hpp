#pragma once

#include <vector>

#include "spikefit/stats/burst_summary.hpp"

namespace spikefit::stats {

// ISI-threshold bursts: maximal runs of consecutive spikes whose every ISI is < max_isi_ms,
// counted as a burst when the run holds at least min_spikes spikes.
struct IsiBurstOptions {
  double max_isi_ms = 15.0;
  unsigned min_spikes = 3;
};

// The bursts of one train, in order.
std::vector<SpikeRun> isi_bursts(const SpikeTrain& train, const IsiBurstOptions& options = {});

// The ISI-threshold bursts of every train, summarised (burst_summary.hpp).
BurstSummary isi_burst_summary(const std::vector<SpikeTrain>& trains, double duration_ms,
                               const IsiBurstOptions& options = {});

}  // namespace spikefit::stats
