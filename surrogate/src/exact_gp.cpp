#include "spikefit/surrogate/exact_gp.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/autograd.h>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "chunked_posterior.hpp"
#include "fit_on_subset.hpp"
#include "gaussian_log_likelihood.hpp"
#include "multistart_lbfgs.hpp"
#include "spikefit/surrogate/fit_subset.hpp"

namespace spikefit::surrogate {

namespace {

at::TensorOptions float64() {
  return at::TensorOptions().dtype(at::kDouble);
}

// The hyperparameters a fit optimises, in the order of its parameter vector.
std::vector<at::Tensor> free_parameters(const GpHyperparameters& h, bool learned_noise) {
  if (learned_noise) return {h.log_lengthscales, h.log_outputscale, h.log_noise, h.mean};
  return {h.log_lengthscales, h.log_outputscale, h.mean};
}

void check_yvar(const at::Tensor& yvar, int64_t n, const char* what) {
  if (yvar.dim() != 1 || yvar.size(0) != n) {
    throw std::invalid_argument(std::string(what) + ": yvar must be [n], one variance per point");
  }
  if (!(yvar.isfinite().all().item<bool>() && (yvar >= 0).all().item<bool>())) {
    throw std::invalid_argument(std::string(what) + ": yvar must be finite and non-negative");
  }
}

// Lower bounds on the parameter vector of free_parameters [d lengthscales, outputscale,
// (noise,) mean]; -infinity where there is none.
Eigen::VectorXd lower_bounds(const GpFitOptions& options, bool learned_noise, int64_t dims,
                             double noise_floor) {
  const double none = -std::numeric_limits<double>::infinity();
  Eigen::VectorXd lower = Eigen::VectorXd::Constant(dims + (learned_noise ? 3 : 2), none);
  if (options.min_lengthscale > 0) lower.head(dims).setConstant(std::log(options.min_lengthscale));
  if (learned_noise && options.min_noise > noise_floor) {
    lower[dims + 1] = std::log(options.min_noise - noise_floor);  // noise = floor + exp(log_noise)
  }
  return lower;
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

GpHyperparameters GpHyperparameters::clone() const {
  GpHyperparameters c = *this;
  c.log_lengthscales = log_lengthscales.detach().clone();
  c.log_outputscale = log_outputscale.detach().clone();
  c.log_noise = log_noise.detach().clone();
  c.mean = mean.detach().clone();
  return c;
}

ExactGp::ExactGp(KernelKind kind, at::Tensor train_x, at::Tensor train_y, GpHyperparameters h)
    : kind_(kind), x_(std::move(train_x)), y_(std::move(train_y)), h_(std::move(h)) {
  if (x_.dim() != 2 || y_.dim() != 1 || x_.size(0) != y_.size(0)) {
    throw std::invalid_argument("ExactGp: train_x must be [n x d] and train_y [n]");
  }
  if (h_.log_lengthscales.numel() != x_.size(1)) {
    throw std::invalid_argument("ExactGp: one lengthscale per input dimension is needed");
  }
}

ExactGp::ExactGp(KernelKind kind, at::Tensor train_x, at::Tensor train_y, at::Tensor train_yvar,
                 GpHyperparameters h)
    : ExactGp(kind, std::move(train_x), std::move(train_y), std::move(h)) {
  check_yvar(train_yvar, x_.size(0), "ExactGp");
  yvar_ = std::move(train_yvar);
}

at::Tensor ExactGp::noise_variances() const {
  return known_noise() ? yvar_ : h_.noise_variance().expand({size()});
}

at::Tensor ExactGp::log_marginal_likelihood() const {
  const at::Tensor k = kernel_matrix(kind_, x_, x_, h_.lengthscales(), h_.outputscale());
  return detail::gaussian_log_likelihood(k, noise_variances(), y_ - h_.mean);
}

at::Tensor ExactGp::log_prior(PriorKind kind) const {
  at::Tensor p = lengthscale_log_prior(kind, h_.log_lengthscales) +
                 outputscale_log_prior(kind, h_.log_outputscale);
  if (!known_noise()) p = p + noise_log_prior(kind, h_.noise_variance().log());
  return p;
}

ExactGp ExactGp::fit_subset_model(const GpFitOptions& options) const {
  const at::Tensor rows =
      fit_subset_indices(y_, options.max_fit_points, options.subset_best_fraction, options.seed);
  if (known_noise()) {
    return ExactGp(kind_, x_.index_select(0, rows), y_.index_select(0, rows),
                   yvar_.index_select(0, rows), h_);
  }
  return ExactGp(kind_, x_.index_select(0, rows), y_.index_select(0, rows), h_);
}

double ExactGp::fit(const GpFitOptions& options) {
  const auto began = std::chrono::steady_clock::now();
  cache_ = Conditioning{};
  if (options.max_fit_points > 0 && size() > options.max_fit_points) {
    ExactGp subset = fit_subset_model(options);  // shares h_, so its fit sets ours
    last_fit_ = fit_on_subset(subset, options, began);
    return last_fit_.objective;
  }
  std::vector<at::Tensor> params = free_parameters(h_, !known_noise());
  const Eigen::VectorXd initial = detail::pack(params);
  const int64_t d = dims();
  auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
  const double y_mean = y_.mean().item<double>();
  auto start = [&](int s) -> Eigen::VectorXd {
    if (s == 0) return initial;
    Eigen::VectorXd theta = initial;
    const at::Tensor log_l = sample_log_lengthscales(options.priors, d, generator);
    for (int64_t k = 0; k < d; ++k) theta[k] = log_l[k].item<double>();
    theta[d] = sample_log_outputscale(options.priors, generator);
    if (!known_noise()) {
      const double noise = std::exp(sample_log_noise_variance(options.priors, generator));
      theta[d + 1] = std::log(std::max(noise - h_.noise_floor, 1e-12));
    }
    theta[theta.size() - 1] = y_mean;
    return theta;
  };
  auto value = [&](const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
    detail::unpack(theta, params);
    at::Tensor objective = log_marginal_likelihood();
    if (options.use_priors) objective = objective + log_prior(options.priors);
    std::vector<at::Tensor> grads =
        torch::autograd::grad({objective}, params, {}, false, false, /*allow_unused=*/true);
    for (std::size_t k = 0; k < grads.size(); ++k) {
      if (!grads[k].defined()) grads[k] = at::zeros_like(params[k]);
    }
    gradient = detail::pack(grads);
    return objective.item<double>();
  };
  last_fit_ =
      detail::fit_by_multistart(value, start, options, params, initial, size(), "ExactGp", began,
                                lower_bounds(options, !known_noise(), d, h_.noise_floor));
  return last_fit_.objective;
}

const ExactGp::Conditioning& ExactGp::conditioning() const {
  at::NoGradGuard no_grad;
  if (!cache_.factor.defined()) {
    at::Tensor k = kernel_matrix(kind_, x_, x_, h_.lengthscales(), h_.outputscale());
    k.diagonal().add_(noise_variances());
    const CholeskyResult chol = robust_cholesky(k);
    if (!chol.ok) throw std::runtime_error("ExactGp: kernel matrix not positive definite");
    cache_.factor = chol.factor;
  }
  if (!cache_.alpha.defined()) {
    cache_.alpha = at::cholesky_solve((y_ - h_.mean).unsqueeze(1), cache_.factor).squeeze(1);
  }
  return cache_;
}

ExactGp ExactGp::extended(const at::Tensor& new_x, const at::Tensor& new_y,
                          const at::Tensor& new_yvar) const {
  if (new_x.dim() != 2 || new_x.size(1) != dims() || new_y.dim() != 1 ||
      new_y.size(0) != new_x.size(0)) {
    throw std::invalid_argument("ExactGp::extended: new_x must be [m x d] and new_y [m]");
  }
  if (new_yvar.defined() && !known_noise()) {
    throw std::invalid_argument("ExactGp::extended: new_yvar needs a GP with known noise");
  }
  at::NoGradGuard no_grad;
  const int64_t n = size(), m = new_x.size(0);
  at::Tensor new_noise = h_.noise_variance().expand({m});
  if (known_noise()) new_noise = new_yvar.defined() ? new_yvar : yvar_.mean().expand({m});
  if (new_yvar.defined()) check_yvar(new_yvar, m, "ExactGp::extended");
  const at::Tensor& l11 = conditioning().factor;
  const at::Tensor k12 = kernel_matrix(kind_, x_, new_x, h_.lengthscales(), h_.outputscale());
  at::Tensor k22 = kernel_matrix(kind_, new_x, new_x, h_.lengthscales(), h_.outputscale());
  k22.diagonal().add_(new_noise);
  const at::Tensor l21t = at::linalg_solve_triangular(l11, k12, /*upper=*/false);  // [n x m]
  const CholeskyResult l22 = robust_cholesky(k22 - at::matmul(l21t.transpose(0, 1), l21t));
  if (!l22.ok) {
    throw std::runtime_error("ExactGp::extended: Schur complement not positive definite");
  }
  ExactGp out = known_noise() ? ExactGp(kind_, at::cat({x_, new_x}), at::cat({y_, new_y}),
                                        at::cat({yvar_, new_noise.contiguous()}), h_)
                              : ExactGp(kind_, at::cat({x_, new_x}), at::cat({y_, new_y}), h_);
  at::Tensor l = at::zeros({n + m, n + m}, x_.options());
  l.slice(0, 0, n).slice(1, 0, n).copy_(l11);
  l.slice(0, n, n + m).slice(1, 0, n).copy_(l21t.transpose(0, 1));
  l.slice(0, n, n + m).slice(1, n, n + m).copy_(l22.factor);
  out.cache_.factor = l;
  return out;
}

GpPosterior ExactGp::posterior(const at::Tensor& test_x, bool with_covariance) const {
  if (test_x.dim() != 2 || test_x.size(1) != dims()) {
    throw std::invalid_argument("ExactGp::posterior: test_x must be [m x d] with the training d");
  }
  const int64_t m = test_x.size(0);
  if (!with_covariance && m > kPosteriorChunk) {
    return chunked_posterior(test_x, [this](const at::Tensor& part) { return posterior(part); });
  }
  const Conditioning& c = conditioning();
  const at::Tensor outputscale = h_.outputscale();
  const at::Tensor cross =
      kernel_matrix(kind_, x_, test_x, h_.lengthscales(), outputscale);  // [n x m]
  GpPosterior p;
  p.mean = h_.mean + at::mv(cross.transpose(0, 1), c.alpha);
  at::Tensor v = at::linalg_solve_triangular(c.factor, cross, /*upper=*/false);  // [n x m]
  if (with_covariance) {
    p.covariance = kernel_matrix(kind_, test_x, test_x, h_.lengthscales(), outputscale) -
                   at::matmul(v.transpose(0, 1), v);
  }
  const bool differentiable = at::GradMode::is_enabled() && v.requires_grad();
  const at::Tensor explained = (differentiable || with_covariance ? v.pow(2) : v.square_()).sum(0);
  p.variance = (outputscale - explained).clamp_min(0.0);
  return p;
}

}  // namespace spikefit::surrogate
