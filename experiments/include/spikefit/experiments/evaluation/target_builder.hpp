#pragma once

#include <string>
#include <vector>

#include "spikefit/engine/recording.hpp"
#include "spikefit/stats/statistics.hpp"
#include "spikefit/stats/target.hpp"

namespace spikefit::experiments {

// A target from repeated measurements of the same thing (simulations of one parameter set, or
// resamples of recorded data): for each named statistic the normaliser var is the unbiased
// variance across the repeats (for the eigenspectrum the mean squared L2 deviation from the mean
// vector, as SNOPS's save_real_stats.m), and the mean is the mean across repeats, or `centre`
// when given (the statistics of the full data); n_neuron is the eigenspectrum's length when the
// repeats have one. Infeasible repeats are an error naming the first reason.
stats::Target target_from_repeats(const std::string& name,
                                  const std::vector<stats::Statistics>& repeats,
                                  const std::vector<std::string>& statistic_names,
                                  const stats::Statistics* centre = nullptr);

// A bootstrap resample of a recording's count bins (with replacement, Philox-keyed by seed);
// everything else is copied.
engine::TrialRecording resample_bins(const engine::TrialRecording& rec, uint64_t seed);

}  // namespace spikefit::experiments
