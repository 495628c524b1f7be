#pragma once

#include <string>
#include <vector>

#include "spikefit/experiments/study/sweep.hpp"

namespace spikefit::experiments {

// Draws one statistic of a sweep into <dir>/<stem>.png and .svg (stem "sweep_<statistic>", with
// characters outside [A-Za-z0-9._-] replaced by '_') and returns the two paths. Two axes: a heat
// map of the cell means, one box per cell labelled with mean ± SE (blank where no replicate was
// feasible); one axis: the mean with SE error bars against the axis value. A statistic the sweep
// does not have is a base::ConfigError naming it and listing the ones it has.
std::vector<std::string> plot_sweep(const SweepResult& result, const std::string& statistic,
                                    const std::string& dir);

}  // namespace spikefit::experiments
