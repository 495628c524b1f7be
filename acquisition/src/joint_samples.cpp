#include "spikefit/acquisition/joint_samples.hpp"

#include <stdexcept>

#include "spikefit/surrogate/cholesky.hpp"

namespace spikefit::acquisition {

at::Tensor joint_posterior_samples(const surrogate::ExactGp& gp, const at::Tensor& x,
                                   int64_t samples, at::Generator& generator) {
  at::NoGradGuard no_grad;
  const surrogate::GpPosterior p = gp.posterior(x, /*with_covariance=*/true);
  const surrogate::CholeskyResult chol = surrogate::robust_cholesky(p.covariance, 10);
  if (!chol.ok) throw std::runtime_error("joint_posterior_samples: covariance not factorisable");
  const at::Tensor z = at::randn({samples, x.size(0)}, generator, x.options());  // [S x m]
  return p.mean.unsqueeze(0) + at::matmul(z, chol.factor.transpose(0, 1));
}

}  // namespace spikefit::acquisition
