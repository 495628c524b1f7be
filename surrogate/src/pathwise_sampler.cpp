#include "spikefit/surrogate/pathwise_sampler.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <stdexcept>

namespace spikefit::surrogate {

namespace {

constexpr double kTwoPi = 6.283185307179586477;

}  // namespace

PathwiseSampler::PathwiseSampler(const ExactGp& gp, int64_t paths, int64_t features, uint64_t seed)
    : kind_(gp.kind()), train_x_(gp.train_x()) {
  if (paths <= 0 || features <= 0) {
    throw std::invalid_argument("PathwiseSampler: paths and features must be positive");
  }
  at::NoGradGuard no_grad;
  const GpHyperparameters& h = gp.hyperparameters();
  lengthscales_ = h.lengthscales().detach();
  outputscale_ = h.outputscale().detach();
  mean_ = h.mean.detach().clone();
  const auto options = at::TensorOptions().dtype(at::kDouble);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const int64_t d = gp.dims();
  frequencies_ = at::randn({features, d}, generator, options);
  if (kind_ == KernelKind::kMatern52) {
    // chi^2(5) = 2 Gamma(5/2)
    const at::Tensor u =
        2.0 * at::_standard_gamma(at::full({features, 1}, 2.5, options), generator);
    frequencies_ = frequencies_ * (5.0 / u).sqrt();
  }
  phases_ = kTwoPi * at::rand({features}, generator, options);
  weights_ = at::randn({paths, features}, generator, options);
  const at::Tensor prior_at_train = at::matmul(this->features(train_x_), weights_.transpose(0, 1));
  const at::Tensor noise =
      gp.noise_variances().sqrt().unsqueeze(1) * at::randn({gp.size(), paths}, generator, options);
  const at::Tensor residual = (gp.train_y() - mean_).unsqueeze(1) - prior_at_train - noise;
  // (K + Sigma)^-1 residual with the GP's cached factor
  update_ = at::cholesky_solve(residual, gp.posterior_factor());
}

at::Tensor PathwiseSampler::features(const at::Tensor& x) const {
  const int64_t count = frequencies_.size(0);
  const at::Tensor projection =
      at::matmul(x / lengthscales_, frequencies_.transpose(0, 1)) + phases_;  // [m x F]
  return (2.0 * outputscale_ / static_cast<double>(count)).sqrt() * at::cos(projection);
}

at::Tensor PathwiseSampler::evaluate(const at::Tensor& x) const {
  if (x.dim() != 2 || x.size(1) != train_x_.size(1)) {
    throw std::invalid_argument("PathwiseSampler: x must be [m x d] with the training d");
  }
  const at::Tensor prior = at::matmul(weights_, features(x).transpose(0, 1));  // [paths x m]
  const at::Tensor cross = kernel_matrix(kind_, x, train_x_, lengthscales_, outputscale_);
  return mean_ + prior + at::matmul(update_.transpose(0, 1), cross.transpose(0, 1));
}

}  // namespace spikefit::surrogate
