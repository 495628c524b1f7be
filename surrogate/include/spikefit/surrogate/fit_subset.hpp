#pragma once

#include <ATen/ATen.h>

#include <cstdint>

namespace spikefit::surrogate {

// Indices [size] (ascending, int64) of the training points a hyperparameter fit uses when n is
// large: the round(best_fraction * size) points with the lowest y (costs are minimised), then a
// uniform random draw without replacement from the others (seeded). All n when size >= n.
at::Tensor fit_subset_indices(const at::Tensor& y, int64_t size, double best_fraction,
                              uint64_t seed);

}  // namespace spikefit::surrogate
