#include "spikefit/surrogate/probit_gp_classifier.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/autograd.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "chunked_posterior.hpp"
#include "fit_on_subset.hpp"
#include "multistart_lbfgs.hpp"
#include "spikefit/surrogate/fit_subset.hpp"

namespace spikefit::surrogate {

namespace {

constexpr double kHalfLog2Pi = 0.91893853320467274178;
constexpr int kMaxNewtonIterations = 100;
constexpr double kNewtonTolerance = 1e-12;  // relative change of the Laplace objective

// log Phi(y f), its derivative in f and W = -(second derivative), elementwise [n]
// (R&W eq. 3.16 with y in {-1, +1}).
struct ProbitTerms {
  at::Tensor log_lik, grad, w;
};

ProbitTerms probit_terms(const at::Tensor& signs, const at::Tensor& f) {
  const at::Tensor z = signs * f;
  const at::Tensor log_cdf = at::special_log_ndtr(z);
  const at::Tensor ratio = (-0.5 * z * z - kHalfLog2Pi - log_cdf).exp();  // N(z) / Phi(z)
  return {log_cdf, signs * ratio, ratio * (ratio + z)};
}

// L with L L^T = B = I + W^1/2 K W^1/2 (eigenvalues >= 1, no jitter needed)
at::Tensor b_factor(const at::Tensor& k, const at::Tensor& sqrt_w) {
  return at::linalg_cholesky(k * at::outer(sqrt_w, sqrt_w) + at::eye(k.size(0), k.options()));
}

// One Newton step of Alg. 3.1 from f (lines 4-8): returns a with the new f = K a.
at::Tensor newton_step(const at::Tensor& k, const at::Tensor& f, const ProbitTerms& p,
                       const at::Tensor& sqrt_w, const at::Tensor& factor) {
  const at::Tensor b = p.w * f + p.grad;
  const at::Tensor c = at::cholesky_solve((sqrt_w * at::mv(k, b)).unsqueeze(1), factor).squeeze(1);
  return b - sqrt_w * c;
}

at::Tensor checked_labels(const at::Tensor& labels, int64_t n) {
  const at::Tensor l = labels.to(at::kDouble);
  if (l.dim() != 1 || l.size(0) != n) {
    throw std::invalid_argument("ProbitGpClassifier: labels must be [n], one per row of x");
  }
  if (!((l == 0) | (l == 1)).all().item<bool>()) {
    throw std::invalid_argument("ProbitGpClassifier: labels must be 0 or 1");
  }
  return l;
}

}  // namespace

ProbitGpClassifier::ProbitGpClassifier(KernelKind kind, at::Tensor x, const at::Tensor& labels,
                                       GpHyperparameters h)
    : kind_(kind), x_(std::move(x)), h_(std::move(h)) {
  if (x_.dim() != 2) throw std::invalid_argument("ProbitGpClassifier: x must be [n x d]");
  if (h_.log_lengthscales.numel() != x_.size(1)) {
    throw std::invalid_argument("ProbitGpClassifier: one lengthscale per input dimension");
  }
  signs_ = 2.0 * checked_labels(labels, x_.size(0)) - 1.0;
}

ProbitGpClassifier::ProbitGpClassifier(const at::Tensor& x, const at::Tensor& labels,
                                       const GpFitOptions& fit_options)
    : ProbitGpClassifier(KernelKind::kMatern52, x.to(at::kDouble), labels,
                         GpHyperparameters::make(x.size(1), 0.5, 4.0, 1.0)) {
  fit(fit_options);
}

at::Tensor ProbitGpClassifier::kernel(const at::Tensor& x1, const at::Tensor& x2) const {
  return kernel_matrix(kind_, x1, x2, h_.lengthscales(), h_.outputscale());
}

ProbitGpClassifier::Mode ProbitGpClassifier::find_mode(const at::Tensor& k) const {
  at::NoGradGuard no_grad;
  const int64_t n = k.size(0);
  auto laplace_objective = [&](const at::Tensor& a, const at::Tensor& f) {  // Psi(f), eq. 3.12
    return -0.5 * at::dot(a, f).item<double>() +
           at::special_log_ndtr(signs_ * f).sum().item<double>();
  };
  at::Tensor a = at::zeros({n}, k.options());
  at::Tensor f = at::zeros({n}, k.options());
  double psi = laplace_objective(a, f);
  for (int iteration = 0; iteration < kMaxNewtonIterations; ++iteration) {
    const ProbitTerms p = probit_terms(signs_, f);
    const at::Tensor sqrt_w = p.w.sqrt();
    at::Tensor a_new = newton_step(k, f, p, sqrt_w, b_factor(k, sqrt_w));
    at::Tensor f_new = at::mv(k, a_new);
    double psi_new = laplace_objective(a_new, f_new);
    // Psi is concave, so Newton converges; halving the step guards the early overshoots
    for (int halving = 0; halving < 30 && !(psi_new >= psi); ++halving) {
      a_new = 0.5 * (a + a_new);
      f_new = at::mv(k, a_new);
      psi_new = laplace_objective(a_new, f_new);
    }
    const double change = std::abs(psi_new - psi);
    a = a_new;
    f = f_new;
    psi = psi_new;
    if (change <= kNewtonTolerance * (1.0 + std::abs(psi))) break;
  }
  Mode mode;
  const ProbitTerms p = probit_terms(signs_, f);
  mode.f = f;
  mode.grad_log_lik = p.grad;
  mode.sqrt_w = p.w.sqrt();
  mode.factor = b_factor(k, mode.sqrt_w);
  mode.log_marginal = psi - mode.factor.diagonal().log().sum().item<double>();
  return mode;
}

const ProbitGpClassifier::Mode& ProbitGpClassifier::mode() const {
  if (!mode_) {
    at::NoGradGuard no_grad;
    mode_ = std::make_shared<const Mode>(find_mode(kernel(x_, x_)));
  }
  return *mode_;
}

at::Tensor ProbitGpClassifier::latent_mode() const {
  return mode().f;
}

at::Tensor ProbitGpClassifier::approximate_log_marginal_likelihood() const {
  const at::Tensor k = kernel(x_, x_);  // differentiable in h
  const Mode m = find_mode(k.detach());
  const ProbitTerms p0 = probit_terms(signs_, m.f);
  // One Newton step from the converged mode: equal to f^ in value, and its derivative in h is
  // df^/dh (the Newton map has zero Jacobian in f at its fixed point).
  const at::Tensor a = newton_step(k, m.f, p0, m.sqrt_w, b_factor(k, m.sqrt_w));
  const at::Tensor f = at::mv(k, a);
  const ProbitTerms p = probit_terms(signs_, f);
  const at::Tensor factor = b_factor(k, p.w.sqrt());
  // eq. 3.32: -a^T f / 2 + sum log p(y | f) - sum log diag L
  return -0.5 * at::dot(a, f) + p.log_lik.sum() - factor.diagonal().log().sum();
}

GpPosterior ProbitGpClassifier::latent_posterior(const at::Tensor& x) const {
  if (x.dim() != 2 || x.size(1) != dims()) {
    throw std::invalid_argument("ProbitGpClassifier: x must be [m x d] with the training d");
  }
  const int64_t m = x.size(0);
  if (m > kPosteriorChunk) {
    return chunked_posterior(x, [this](const at::Tensor& part) { return latent_posterior(part); });
  }
  const Mode& md = mode();
  const at::Tensor cross = kernel(x_, x);  // [n x m]
  GpPosterior post;
  post.mean = at::mv(cross.transpose(0, 1), md.grad_log_lik);  // Alg. 3.2 line 4
  const at::Tensor v =
      at::linalg_solve_triangular(md.factor, md.sqrt_w.unsqueeze(1) * cross, /*upper=*/false);
  post.variance = (h_.outputscale() - v.pow(2).sum(0)).clamp_min(0.0);
  return post;
}

at::Tensor ProbitGpClassifier::log_probability(const at::Tensor& x) const {
  const GpPosterior post = latent_posterior(x);
  return at::special_log_ndtr(post.mean / (1.0 + post.variance).sqrt());
}

double ProbitGpClassifier::fit(const GpFitOptions& options) {
  const auto began = std::chrono::steady_clock::now();
  mode_.reset();
  const int64_t n = x_.size(0);
  if (options.max_fit_points > 0 && n > options.max_fit_points) {
    const at::Tensor rows = fit_subset_indices(signs_, options.max_fit_points, 0.0, options.seed);
    ProbitGpClassifier subset(kind_, x_.index_select(0, rows),
                              (signs_.index_select(0, rows) + 1.0) / 2.0, h_);  // shares h_
    last_fit_ = fit_on_subset(subset, options, began);
    return last_fit_.objective;
  }
  std::vector<at::Tensor> params = {h_.log_lengthscales, h_.log_outputscale};
  const Eigen::VectorXd initial = detail::pack(params);
  const int64_t d = dims();
  auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
  auto start = [&](int s) -> Eigen::VectorXd {
    if (s == 0) return initial;
    Eigen::VectorXd theta(d + 1);
    const at::Tensor log_l = sample_log_lengthscales(options.priors, d, generator);
    for (int64_t k = 0; k < d; ++k) theta[k] = log_l[k].item<double>();
    theta[d] = sample_log_outputscale(PriorKind::kGamma, generator);
    return theta;
  };
  auto value = [&](const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
    detail::unpack(theta, params);
    at::Tensor objective = approximate_log_marginal_likelihood();
    if (options.use_priors) {
      objective = objective + lengthscale_log_prior(options.priors, h_.log_lengthscales) +
                  outputscale_log_prior(PriorKind::kGamma, h_.log_outputscale);
    }
    gradient = detail::pack(torch::autograd::grad({objective}, params));
    return objective.item<double>();
  };
  last_fit_ = detail::fit_by_multistart(value, start, options, params, initial, n,
                                        "ProbitGpClassifier", began);
  return last_fit_.objective;
}

}  // namespace spikefit::surrogate
