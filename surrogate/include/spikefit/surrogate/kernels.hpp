#pragma once

#include <ATen/ATen.h>

namespace spikefit::surrogate {

enum class KernelKind { kMatern52, kRbf };

// Stationary ARD kernel matrix k(x1, x2) [n x m] for x1 [n x d], x2 [m x d], float64:
//   Matern 5/2: s (1 + sqrt(5) r + 5 r^2 / 3) exp(-sqrt(5) r)
//   RBF:        s exp(-r^2 / 2)
// with r^2 = sum_d ((x1_d - x2_d) / l_d)^2, lengthscales l [d], outputscale s (scalar tensor).
// Differentiable in l and s (and the inputs).
at::Tensor kernel_matrix(KernelKind kind, const at::Tensor& x1, const at::Tensor& x2,
                         const at::Tensor& lengthscales, const at::Tensor& outputscale);

}  // namespace spikefit::surrogate
