#pragma once

#include <vector>

#include "spikefit/stats/burst_summary.hpp"

namespace spikefit::stats {

// Poisson-surprise bursts (Legendy & Salcman 1985), in the variant of Eglen's sjemea
// (si_find_bursts; Cotterill et al. 2016, J Neurophysiol 116:306). For a train of N >= 3 spikes
// with mean ISI m, the surprise of spikes first .. first+k-1 is
//   S = -ln P(X >= k - 1),  X ~ Poisson(lambda = (t[first+k-1] - t[first]) / m).
// Scanning n from the first spike: when ISIs n and n+1 are both < start_isi_fraction * m, a
// candidate of 3 spikes from n grows: up to `lookahead` further spikes are tried one at a time
// and the first that raises S is taken (the search for one stops early at an ISI >
// stop_isi_factor * m); this repeats until none raises S. Then spikes are dropped from the start
// while that raises S (keeping >= 3). The scan resumes after the candidate, which is a burst when
// S >= min_surprise.
struct SurpriseBurstOptions {
  double min_surprise = 3.0;
  double start_isi_fraction = 0.5;
  double stop_isi_factor = 2.0;
  unsigned lookahead = 10;
};

// -ln P(X >= count) for X ~ Poisson(mean); 0 for count == 0.
double poisson_tail_surprise(unsigned count, double mean);

struct SurpriseBurst {
  SpikeRun run;
  double surprise = 0.0;
};
std::vector<SurpriseBurst> surprise_bursts(const SpikeTrain& train,
                                           const SurpriseBurstOptions& options = {});

BurstSummary surprise_burst_summary(const std::vector<SpikeTrain>& trains, double duration_ms,
                                    const SurpriseBurstOptions& options = {});

}  // namespace spikefit::stats
