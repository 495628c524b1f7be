#include "spikefit/surrogate/cholesky.hpp"

#include <cmath>

namespace spikefit::surrogate {

CholeskyResult robust_cholesky(const at::Tensor& matrix, int max_retries) {
  CholeskyResult result;
  const double mean_diagonal = matrix.diagonal().mean().item<double>();
  const double base =
      (std::isfinite(mean_diagonal) && mean_diagonal > 0 ? mean_diagonal : 1.0) * 1e-8;
  for (int attempt = 0; attempt <= max_retries; ++attempt) {
    result.jitter = attempt == 0 ? 0.0 : base * std::pow(10.0, attempt - 1);
    at::Tensor candidate = matrix;
    if (attempt > 0) {
      candidate = matrix.clone();
      candidate.diagonal().add_(result.jitter);
    }
    auto [factor, info] = at::linalg_cholesky_ex(candidate);
    result.attempts = attempt + 1;
    if (info.item<int64_t>() == 0 && factor.isfinite().all().item<bool>()) {
      result.ok = true;
      result.factor = factor;
      return result;
    }
  }
  result.jitter = 0.0;
  return result;
}

}  // namespace spikefit::surrogate
