#pragma once

#include <cstdint>
#include <vector>

#include "spikefit/acquisition/pareto.hpp"

namespace spikefit::acquisition {

// Hypervolume of a point set [n][k] (all objectives minimised): the volume dominated by the
// points and bounded by `reference` [k]. Points not strictly below the reference in every
// objective add nothing.

// Exact, for 1 to 4 objectives: a sweep in 2-D, and slicing along the last objective above that
// (HSO: between consecutive levels of the last objective, the (k-1)-D hypervolume of the points
// at or below the slice). std::invalid_argument for more objectives or mismatched sizes.
double hypervolume(const Points& points, const std::vector<double>& reference);

// A hypervolume with its standard error: exact (standard_error 0) or a Monte Carlo estimate.
struct HypervolumeEstimate {
  double value = 0.0;
  double standard_error = 0.0;
  bool exact = true;
};

// Monte Carlo: `samples` uniform points in the box from the points' ideal (componentwise
// minimum) to the reference; value = box volume x dominated fraction p, standard error = box
// volume x sqrt(p (1 - p) / samples). Any number of objectives.
HypervolumeEstimate monte_carlo_hypervolume(const Points& points,
                                            const std::vector<double>& reference, int64_t samples,
                                            uint64_t seed);

// Exact for up to kExactHypervolumeObjectives objectives, Monte Carlo above (with `samples`).
inline constexpr std::size_t kExactHypervolumeObjectives = 4;
HypervolumeEstimate estimate_hypervolume(const Points& points, const std::vector<double>& reference,
                                         int64_t samples = 200000, uint64_t seed = 1);

}  // namespace spikefit::acquisition
