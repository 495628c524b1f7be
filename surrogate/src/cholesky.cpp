#include "spikefit/surrogate/cholesky.hpp"

#include <cmath>

namespace spikefit::surrogate {

CholeskyResult robust_cholesky(const at::Tensor& matrix, int max_retries) {
  CholeskyResult result;
  const int64_t n = matrix.size(0);
  const double mean_diagonal = matrix.diagonal().mean().item<double>();
  const double base =
      (std::isfinite(mean_diagonal) && mean_diagonal > 0 ? mean_diagonal : 1.0) * 1e-8;
  const at::Tensor identity = at::eye(n, matrix.options());
  for (int attempt = 0; attempt <= max_retries; ++attempt) {
    result.jitter = attempt == 0 ? 0.0 : base * std::pow(10.0, attempt - 1);
    const at::Tensor candidate = attempt == 0 ? matrix : matrix + result.jitter * identity;
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
