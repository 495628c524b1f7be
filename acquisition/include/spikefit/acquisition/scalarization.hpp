#pragma once

#include <ATen/ATen.h>

namespace spikefit::acquisition {

// count weight vectors drawn uniformly from the simplex {w >= 0, sum w = 1} in k dimensions
// (normalised exponential variates) -> [count x k].
at::Tensor sample_simplex_weights(int64_t count, int64_t k, at::Generator& generator);

// Augmented Chebyshev scalarisation for minimisation of objectives y [... x k] already
// normalised to [0, 1]: max_j w_j y_j + rho sum_j w_j y_j -> [...], weights [k].
at::Tensor augmented_chebyshev(const at::Tensor& y, const at::Tensor& weights, double rho);

}  // namespace spikefit::acquisition
