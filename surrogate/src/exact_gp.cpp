#include "spikefit/surrogate/exact_gp.hpp"

#include <torch/optim.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace spikefit::surrogate {

namespace {

constexpr double kLog2Pi = 1.8378770664093454836;

at::TensorOptions float64() {
  return at::TensorOptions().dtype(at::kDouble);
}

// log density of LogNormal(loc, scale) at x = exp(log_x), summed.
at::Tensor log_normal_density(const at::Tensor& log_x, double loc, double scale) {
  return (-log_x - std::log(scale) - 0.5 * kLog2Pi - (log_x - loc).pow(2) / (2.0 * scale * scale))
      .sum();
}

}  // namespace

GpHyperparameters GpHyperparameters::make(int64_t dims, double lengthscale, double outputscale,
                                          double noise, double mean, double noise_floor) {
  if (!(noise > noise_floor)) throw std::invalid_argument("noise must exceed the noise floor");
  GpHyperparameters h;
  h.log_lengthscales = at::full({dims}, std::log(lengthscale), float64());
  h.log_outputscale = at::full({}, std::log(outputscale), float64());
  h.log_noise = at::full({}, std::log(noise - noise_floor), float64());
  h.mean = at::full({}, mean, float64());
  h.noise_floor = noise_floor;
  return h;
}

std::vector<at::Tensor> GpHyperparameters::tensors() const {
  return {log_lengthscales, log_outputscale, log_noise, mean};
}

ExactGp::ExactGp(KernelKind kind, at::Tensor train_x, at::Tensor train_y, GpHyperparameters h)
    : kind_(kind), x_(std::move(train_x)), y_(std::move(train_y)), h_(std::move(h)) {
  if (x_.dim() != 2 || y_.dim() != 1 || x_.size(0) != y_.size(0)) {
    throw std::invalid_argument("ExactGp: train_x must be [n x d] and train_y [n]");
  }
}

at::Tensor ExactGp::training_cholesky() const {
  const at::Tensor k = kernel_matrix(kind_, x_, x_, h_.lengthscales(), h_.outputscale()) +
                       h_.noise_variance() * at::eye(x_.size(0), x_.options());
  CholeskyResult chol;
  {
    at::NoGradGuard no_grad;
    chol = robust_cholesky(k.detach());
  }
  if (!chol.ok) throw std::runtime_error("ExactGp: kernel matrix not positive definite");
  // Recomputed with gradients; the jitter found above is a constant.
  return chol.jitter > 0 ? at::linalg_cholesky(k + chol.jitter * at::eye(x_.size(0), x_.options()))
                         : at::linalg_cholesky(k);
}

at::Tensor ExactGp::log_marginal_likelihood() const {
  const at::Tensor l = training_cholesky();
  const at::Tensor residual = (y_ - h_.mean).unsqueeze(1);  // [n x 1]
  const at::Tensor alpha = at::cholesky_solve(residual, l);
  const auto n = static_cast<double>(x_.size(0));
  return -0.5 * (residual * alpha).sum() - l.diagonal().log().sum() - 0.5 * n * kLog2Pi;
}

at::Tensor ExactGp::log_prior() const {
  const double d = static_cast<double>(dims());
  return log_normal_density(h_.log_lengthscales, std::sqrt(2.0) + 0.5 * std::log(d),
                            std::sqrt(3.0)) +
         log_normal_density(h_.noise_variance().log(), -4.0, 1.0);
}

double ExactGp::fit(const GpFitOptions& options) {
  cholesky_cache_ = at::Tensor();
  at::Tensor best_values;
  double best = -std::numeric_limits<double>::infinity();
  const auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
  const double d = static_cast<double>(dims());
  for (int start = 0; start < std::max(1, options.restarts); ++start) {
    if (start > 0) {  // a start drawn from the priors
      at::NoGradGuard no_grad;
      h_.log_lengthscales.copy_(std::sqrt(2.0) + 0.5 * std::log(d) +
                                std::sqrt(3.0) * at::randn({dims()}, generator, float64()));
      h_.log_noise.copy_(-4.0 + at::randn({}, generator, float64()));
      h_.log_outputscale.zero_();
      h_.mean.copy_(y_.mean());
    }
    std::vector<at::Tensor> params = h_.tensors();
    for (auto& p : params) p.requires_grad_(true);
    torch::optim::LBFGS optimizer(params, torch::optim::LBFGSOptions(1.0)
                                              .max_iter(options.max_iterations)
                                              .line_search_fn("strong_wolfe"));
    auto objective = [&]() {
      at::Tensor value = log_marginal_likelihood();
      if (options.use_priors) value = value + log_prior();
      return value;
    };
    auto closure = [&]() {
      optimizer.zero_grad();
      at::Tensor loss = -objective();
      loss.backward();
      return loss;
    };
    double reached = -std::numeric_limits<double>::infinity();
    try {
      optimizer.step(closure);
      at::NoGradGuard no_grad;
      reached = objective().item<double>();
    } catch (const std::exception&) {
      // a start that leaves the positive-definite region is discarded
    }
    for (auto& p : params) p.requires_grad_(false);
    if (std::isfinite(reached) && reached > best) {
      best = reached;
      best_values = at::cat({h_.log_lengthscales, h_.log_outputscale.reshape({1}),
                             h_.log_noise.reshape({1}), h_.mean.reshape({1})})
                        .clone();
    }
  }
  if (!best_values.defined()) throw std::runtime_error("ExactGp::fit: no start converged");
  at::NoGradGuard no_grad;
  const int64_t n = dims();
  h_.log_lengthscales.copy_(best_values.slice(0, 0, n));
  h_.log_outputscale.copy_(best_values[n]);
  h_.log_noise.copy_(best_values[n + 1]);
  h_.mean.copy_(best_values[n + 2]);
  return best;
}

const at::Tensor& ExactGp::cached_cholesky() const {
  if (!cholesky_cache_.defined()) {
    at::NoGradGuard no_grad;
    cholesky_cache_ = training_cholesky();
  }
  return cholesky_cache_;
}

ExactGp ExactGp::extended(const at::Tensor& new_x, const at::Tensor& new_y) const {
  at::NoGradGuard no_grad;
  const at::Tensor& l11 = cached_cholesky();
  const at::Tensor k12 = kernel_matrix(kind_, x_, new_x, h_.lengthscales(), h_.outputscale());
  const at::Tensor k22 = kernel_matrix(kind_, new_x, new_x, h_.lengthscales(), h_.outputscale()) +
                         h_.noise_variance() * at::eye(new_x.size(0), x_.options());
  const at::Tensor l21t = at::linalg_solve_triangular(l11, k12, /*upper=*/false);  // [n x m]
  const CholeskyResult l22 = robust_cholesky(k22 - at::matmul(l21t.transpose(0, 1), l21t));
  if (!l22.ok)
    throw std::runtime_error("ExactGp::extended: Schur complement not positive definite");
  ExactGp out(kind_, at::cat({x_, new_x}), at::cat({y_, new_y}), h_);
  const int64_t n = x_.size(0), m = new_x.size(0);
  at::Tensor l = at::zeros({n + m, n + m}, x_.options());
  l.slice(0, 0, n).slice(1, 0, n).copy_(l11);
  l.slice(0, n, n + m).slice(1, 0, n).copy_(l21t.transpose(0, 1));
  l.slice(0, n, n + m).slice(1, n, n + m).copy_(l22.factor);
  out.cholesky_cache_ = l;
  return out;
}

GpPosterior ExactGp::posterior(const at::Tensor& test_x, bool with_covariance) const {
  const at::Tensor& l = cached_cholesky();
  const at::Tensor cross = kernel_matrix(kind_, x_, test_x, h_.lengthscales(), h_.outputscale());
  const at::Tensor alpha = at::cholesky_solve((y_ - h_.mean).unsqueeze(1), l);
  const at::Tensor v = at::linalg_solve_triangular(l, cross, /*upper=*/false);  // [n x m]
  GpPosterior p;
  p.mean = h_.mean + at::matmul(cross.transpose(0, 1), alpha).squeeze(1);
  const at::Tensor prior_variance = h_.outputscale().expand({test_x.size(0)});
  p.variance = (prior_variance - v.pow(2).sum(0)).clamp_min(0.0);
  if (with_covariance) {
    p.covariance = kernel_matrix(kind_, test_x, test_x, h_.lengthscales(), h_.outputscale()) -
                   at::matmul(v.transpose(0, 1), v);
  }
  return p;
}

}  // namespace spikefit::surrogate
