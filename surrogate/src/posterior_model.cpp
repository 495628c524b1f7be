#include "spikefit/surrogate/posterior_model.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace spikefit::surrogate {

at::Tensor PosteriorModel::batch_samples(const at::Tensor& baseline, const at::Tensor& batches,
                                         const at::Tensor& base) const {
  const int64_t d = dims(), b = baseline.size(0);
  if (baseline.dim() != 2 || baseline.size(1) != d || batches.dim() != 3 || batches.size(2) != d) {
    throw std::invalid_argument("batch_samples: baseline must be [b x " + std::to_string(d) +
                                "] and batches [m x q x " + std::to_string(d) + "]");
  }
  const int64_t m = batches.size(0), q = batches.size(1), k = b + q;
  if (base.dim() != 2 || base.size(1) != base_width() * k) {
    throw std::invalid_argument("batch_samples: base must be [samples x " +
                                std::to_string(base_width() * k) + "]");
  }
  // one joint posterior over [baseline; all batch points], then a [k x k] block per batch
  const at::Tensor points = at::cat({baseline, batches.reshape({m * q, d})});
  const GpPosterior p = posterior(points, /*with_covariance=*/true);
  at::Tensor index = at::empty({m, k}, at::kLong);  // rows of `points` per batch
  index.slice(1, 0, b).copy_(at::arange(b, at::kLong).unsqueeze(0).expand({m, b}));
  index.slice(1, b, k).copy_(b + at::arange(m * q, at::kLong).reshape({m, q}));
  const at::Tensor mean = p.mean.index({index});  // [m x k]
  const at::Tensor cov =
      p.covariance.index({index.unsqueeze(2), index.unsqueeze(1)});  // [m x k x k]
  const double jitter = 1e-9 * std::max(1.0, p.variance.max().item<double>());
  const at::Tensor l = at::linalg_cholesky(cov + jitter * at::eye(k, at::kDouble));
  // f [m x samples x k] = mean + z L^T
  return mean.unsqueeze(1) + at::matmul(base.unsqueeze(0), l.transpose(1, 2));
}

}  // namespace spikefit::surrogate
