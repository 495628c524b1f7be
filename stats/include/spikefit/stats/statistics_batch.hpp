#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "spikefit/engine/recording.hpp"
#include "spikefit/stats/statistics.hpp"
#include "spikefit/stats/trial_statistics.hpp"

namespace spikefit::stats {

// statistics_of(k) for k in [0, trials) on `threads` OpenMP threads (0: all), one trial per
// thread at a time; [trials] in order. A trial whose statistics throw is infeasible with the
// reason "statistics failed: <what>" (the other trials are kept).
std::vector<Statistics> compute_batch(std::size_t trials, int threads,
                                      const std::function<Statistics(std::size_t)>& statistics_of);

// The SNOPS statistics (compute_statistics) of a batch of recordings [trials]; trial k's
// randomness (neuron draws, CV folds, FA starts) is keyed by its recording's seed, so results do
// not depend on the batch or the thread count.
std::vector<Statistics> compute_batch(const std::vector<engine::TrialRecording>& recordings,
                                      const StatisticsOptions& options, int threads);

// One trial of that batch: compute_statistics keyed by the recording's seed.
Statistics compute_trial_statistics(const engine::TrialRecording& recording,
                                    const StatisticsOptions& options);

}  // namespace spikefit::stats
