#include "spikefit/surrogate/posterior_sampling.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <stdexcept>
#include <string>

#include "spikefit/surrogate/pathwise_sampler.hpp"

namespace spikefit::surrogate {

at::Tensor sample_posterior_from(const ExactGp& gp, const at::Tensor& x, const at::Tensor& z) {
  if (x.dim() != 2 || x.size(1) != gp.dims()) {
    throw std::invalid_argument("sample_posterior: x must be [m x " + std::to_string(gp.dims()) +
                                "]");
  }
  if (z.dim() != 2 || z.size(1) != x.size(0)) {
    throw std::invalid_argument("sample_posterior: base samples must be [samples x m]");
  }
  at::NoGradGuard no_grad;
  const GpPosterior p = gp.posterior(x.to(at::kDouble), /*with_covariance=*/true);
  const at::Tensor covariance = 0.5 * (p.covariance + p.covariance.transpose(0, 1));  // [m x m]
  const CholeskyResult chol = robust_cholesky(covariance);
  if (!chol.ok) {
    throw std::runtime_error("sample_posterior: posterior covariance not positive definite");
  }
  return p.mean.unsqueeze(0) + at::matmul(z.to(at::kDouble), chol.factor.transpose(0, 1));
}

at::Tensor sample_posterior(const ExactGp& gp, const at::Tensor& x, int64_t samples,
                            uint64_t seed) {
  if (samples < 1) throw std::invalid_argument("sample_posterior: samples must be >= 1");
  if (x.dim() != 2) throw std::invalid_argument("sample_posterior: x must be [m x d]");
  const auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const at::Tensor z = at::randn({samples, x.size(0)}, generator, at::kDouble);  // [s x m]
  return sample_posterior_from(gp, x, z);
}

at::Tensor sample_posterior(const ExactGp& gp, const at::Tensor& x, int64_t samples, uint64_t seed,
                            const PosteriorSamplerOptions& options) {
  const bool pathwise =
      options.kind == PosteriorSamplerKind::kPathwise ||
      (options.kind == PosteriorSamplerKind::kAuto && gp.size() >= options.pathwise_min_points);
  if (!pathwise) return sample_posterior(gp, x, samples, seed);
  if (samples < 1) throw std::invalid_argument("sample_posterior: samples must be >= 1");
  if (x.dim() != 2 || x.size(1) != gp.dims()) {
    throw std::invalid_argument("sample_posterior: x must be [m x " + std::to_string(gp.dims()) +
                                "]");
  }
  at::NoGradGuard no_grad;
  return PathwiseSampler(gp, samples, options.features, seed).evaluate(x.to(at::kDouble));
}

}  // namespace spikefit::surrogate
