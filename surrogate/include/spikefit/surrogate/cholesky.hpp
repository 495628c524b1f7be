#pragma once

#include <ATen/ATen.h>

namespace spikefit::surrogate {

// Lower Cholesky factor of a symmetric positive semi-definite matrix [n x n] with jitter
// escalation: first A itself, then A + j I with j = 1e-8 * mean(diag A), x10 per retry.
struct CholeskyResult {
  bool ok = false;
  at::Tensor factor;    // L with L L^T = A + jitter I (undefined when !ok)
  double jitter = 0.0;  // added to the diagonal
  int attempts = 0;
};

CholeskyResult robust_cholesky(const at::Tensor& matrix, int max_retries = 6);

}  // namespace spikefit::surrogate
