#pragma once

#include <vector>

#include "spikefit/stats/spike_trains.hpp"

namespace spikefit::stats {

// Spike counts of each train in consecutive windows of window_ms from start_ms, whole windows
// inside [start_ms, end_ms) only: [cells x windows] as one vector per cell. Spike t goes into
// window floor((t - start_ms) / window_ms).
std::vector<std::vector<double>> windowed_counts(const std::vector<SpikeTrain>& trains,
                                                 double start_ms, double end_ms, double window_ms);

// Fano factor of a population for one window length (elephant.statistics.fanofactor applied
// to each cell's windows as trials): per cell var/mean of its window counts with the
// population variance (ddof 0), averaged over cells with a nonzero mean count. NaN when fewer
// than two windows fit or no cell spikes.
double mean_fano_factor(const std::vector<SpikeTrain>& trains, double start_ms, double end_ms,
                        double window_ms);

// Mean over pairs of cells of the Pearson correlation of their window counts (np.corrcoef of
// the binned trains). Cells whose counts have zero variance (silent, or the same count in every
// window) are dropped. NaN when fewer than two cells remain or fewer than two windows fit.
double mean_spike_count_correlation(const std::vector<SpikeTrain>& trains, double start_ms,
                                    double end_ms, double window_ms);

}  // namespace spikefit::stats
