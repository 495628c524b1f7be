#pragma once

#include <ATen/ATen.h>

namespace spikefit::surrogate::detail {

// log N(residual; 0, kernel + diag(noise)) for kernel [n x n], noise [n], residual [n], with the
// jitter escalation of robust_cholesky (the jitter is a constant). Differentiable in all three by
// the closed form dL/dK = (alpha alpha^T - K^-1) / 2, alpha = K^-1 residual, which costs one
// Cholesky inverse instead of autograd through the factorisation. Throws std::runtime_error when
// the matrix is not positive definite even with jitter.
at::Tensor gaussian_log_likelihood(const at::Tensor& kernel, const at::Tensor& noise,
                                   const at::Tensor& residual);

}  // namespace spikefit::surrogate::detail
