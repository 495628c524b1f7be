#include "spikefit/surrogate/incremental_gp.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "chunked_posterior.hpp"

namespace spikefit::surrogate {

namespace {

at::Tensor lower_solve(const at::Tensor& factor, const at::Tensor& rhs) {
  return at::linalg_solve_triangular(factor, rhs, /*upper=*/false);
}

// Copies the leading rows (and columns, for a square buffer) of `from` into a larger zero buffer.
at::Tensor grown(const at::Tensor& from, int64_t used, int64_t capacity, bool square) {
  std::vector<int64_t> sizes = from.sizes().vec();
  sizes[0] = capacity;
  if (square) sizes[1] = capacity;
  at::Tensor to = at::zeros(sizes, from.options());
  if (used > 0) {
    at::Tensor source = from.slice(0, 0, used);
    at::Tensor target = to.slice(0, 0, used);
    if (square) {
      source = source.slice(1, 0, used);
      target = target.slice(1, 0, used);
    }
    target.copy_(source);
  }
  return to;
}

}  // namespace

IncrementalGp::IncrementalGp(const ExactGp& gp) : base_(gp) {
  at::NoGradGuard no_grad;
  l11_ = base_.posterior_factor();
  const GpHyperparameters& h = base_.hyperparameters();
  beta1_ = lower_solve(l11_, (base_.train_y() - h.mean).unsqueeze(1)).squeeze(1);
  const auto options = l11_.options();
  points_ = at::zeros({0, base_.dims()}, options);
  l21_ = at::zeros({0, base_.size()}, options);
  l22_ = at::zeros({0, 0}, options);
  beta2_ = at::zeros({0}, options);
}

void IncrementalGp::reserve(int64_t rows) {
  const int64_t capacity = points_.size(0);
  if (rows <= capacity) return;
  const int64_t wanted = std::max<int64_t>({rows, 2 * capacity, 16});
  points_ = grown(points_, added_, wanted, false);
  l21_ = grown(l21_, added_, wanted, false);
  l22_ = grown(l22_, added_, wanted, true);
  beta2_ = grown(beta2_, added_, wanted, false);
  if (candidate_v2_.defined()) candidate_v2_ = grown(candidate_v2_, added_, wanted, false);
}

at::Tensor IncrementalGp::default_noise(int64_t m) const {
  const at::Tensor noise = base_.known_noise() ? base_.noise_variances().mean()
                                               : base_.hyperparameters().noise_variance();
  return noise.detach().expand({m}).contiguous();
}

void IncrementalGp::add(const at::Tensor& x, const at::Tensor& y, const at::Tensor& noise) {
  if (x.dim() != 2 || x.size(1) != base_.dims() || y.dim() != 1 || y.size(0) != x.size(0)) {
    throw std::invalid_argument("IncrementalGp::add: x must be [m x " +
                                std::to_string(base_.dims()) + "] and y [m]");
  }
  if (noise.defined() && (noise.dim() != 1 || noise.size(0) != x.size(0))) {
    throw std::invalid_argument("IncrementalGp::add: noise must be [m], one variance per point");
  }
  if (x.size(0) == 0) return;
  at::NoGradGuard no_grad;
  const at::Tensor xd = x.to(at::kDouble);
  const GpHyperparameters& h = base_.hyperparameters();
  const at::Tensor l = h.lengthscales(), s = h.outputscale();
  const at::Tensor a = lower_solve(l11_, kernel_matrix(base_.kind(), base_.train_x(), xd, l, s));
  at::Tensor b = at::zeros({added_, x.size(0)}, a.options());
  if (added_ > 0) {
    b = lower_solve(l22(), kernel_matrix(base_.kind(), points(), xd, l, s) - at::mm(l21(), a));
  }
  append(xd, y.to(at::kDouble), noise.defined() ? noise.to(at::kDouble) : default_noise(x.size(0)),
         a, b);
}

void IncrementalGp::add_candidate(int64_t index, double y) {
  if (!candidates_.defined() || index < 0 || index >= candidates_.size(0)) {
    throw std::invalid_argument("IncrementalGp::add_candidate: index " + std::to_string(index) +
                                " is not a tracked candidate");
  }
  at::NoGradGuard no_grad;
  const at::Tensor a = candidate_v1_.slice(1, index, index + 1);                      // [n x 1]
  const at::Tensor b = candidate_v2_.slice(0, 0, added_).slice(1, index, index + 1);  // [k x 1]
  append(candidates_.slice(0, index, index + 1), at::full({1}, y, a.options()), default_noise(1), a,
         b);
}

void IncrementalGp::append(const at::Tensor& x, const at::Tensor& y, const at::Tensor& noise,
                           const at::Tensor& a, const at::Tensor& b) {
  const int64_t m = x.size(0), k = added_;
  const GpHyperparameters& h = base_.hyperparameters();
  const at::Tensor l = h.lengthscales(), s = h.outputscale();
  at::Tensor schur = kernel_matrix(base_.kind(), x, x, l, s) - at::mm(a.transpose(0, 1), a) -
                     at::mm(b.transpose(0, 1), b);  // [m x m]
  schur.diagonal().add_(noise);
  const CholeskyResult chol = robust_cholesky(0.5 * (schur + schur.transpose(0, 1)));
  if (!chol.ok) throw std::runtime_error("IncrementalGp::add: new block not positive definite");
  const at::Tensor& d = chol.factor;  // [m x m]
  const at::Tensor residual =
      y - h.mean - at::mv(a.transpose(0, 1), beta1_) - at::mv(b.transpose(0, 1), beta2());  // [m]
  const at::Tensor beta_new = lower_solve(d, residual.unsqueeze(1)).squeeze(1);             // [m]
  at::Tensor w;  // the candidates' new rows of V [m x c]
  if (candidates_.defined()) {
    const at::Tensor cross = kernel_matrix(base_.kind(), x, candidates_, l, s) -
                             at::mm(a.transpose(0, 1), candidate_v1_) -
                             at::mm(b.transpose(0, 1), candidate_v2_.slice(0, 0, k));
    w = lower_solve(d, cross);
  }
  reserve(k + m);
  points_.slice(0, k, k + m).copy_(x);
  l21_.slice(0, k, k + m).copy_(a.transpose(0, 1));
  at::Tensor new_rows = l22_.slice(0, k, k + m);
  new_rows.slice(1, 0, k).copy_(b.transpose(0, 1));
  new_rows.slice(1, k, k + m).copy_(d);
  beta2_.slice(0, k, k + m).copy_(beta_new);
  if (w.defined()) {
    candidate_v2_.slice(0, k, k + m).copy_(w);
    candidate_mean_.add_(at::mv(w.transpose(0, 1), beta_new));
    candidate_variance_.sub_(w.square().sum(0)).clamp_min_(0.0);
  }
  added_ += m;
}

GpPosterior IncrementalGp::posterior(const at::Tensor& x) const {
  if (x.dim() != 2 || x.size(1) != base_.dims()) {
    throw std::invalid_argument("IncrementalGp::posterior: x must be [m x " +
                                std::to_string(base_.dims()) + "]");
  }
  const int64_t m = x.size(0);
  const bool differentiable = at::GradMode::is_enabled() && x.requires_grad();
  if (!differentiable && m > kPosteriorChunk) {
    return chunked_posterior(x, [this](const at::Tensor& part) { return posterior(part); });
  }
  const GpHyperparameters& h = base_.hyperparameters();
  const at::Tensor l = h.lengthscales().detach(), s = h.outputscale().detach();
  const at::Tensor v1 =
      lower_solve(l11_, kernel_matrix(base_.kind(), base_.train_x(), x, l, s));  // [n x m]
  at::Tensor mean = h.mean.detach() + at::mv(v1.transpose(0, 1), beta1_);
  at::Tensor explained = v1.pow(2).sum(0);
  if (added_ > 0) {
    const at::Tensor v2 = lower_solve(
        l22(), kernel_matrix(base_.kind(), points(), x, l, s) - at::mm(l21(), v1));  // [k x m]
    mean = mean + at::mv(v2.transpose(0, 1), beta2());
    explained = explained + v2.pow(2).sum(0);
  }
  return {mean, (s - explained).clamp_min(0.0), at::Tensor()};
}

void IncrementalGp::track(const at::Tensor& candidates) {
  if (candidates.dim() != 2 || candidates.size(1) != base_.dims()) {
    throw std::invalid_argument("IncrementalGp::track: candidates must be [c x " +
                                std::to_string(base_.dims()) + "]");
  }
  at::NoGradGuard no_grad;
  candidates_ = candidates.to(at::kDouble).contiguous();
  const int64_t c = candidates_.size(0);
  const GpHyperparameters& h = base_.hyperparameters();
  const at::Tensor l = h.lengthscales(), s = h.outputscale();
  candidate_v1_ =
      lower_solve(l11_, kernel_matrix(base_.kind(), base_.train_x(), candidates_, l, s));
  candidate_mean_ = h.mean + at::mv(candidate_v1_.transpose(0, 1), beta1_);
  candidate_variance_ = s - candidate_v1_.square().sum(0);
  candidate_v2_ = at::zeros({points_.size(0), c}, candidate_v1_.options());
  if (added_ > 0) {
    const at::Tensor v2 =
        lower_solve(l22(), kernel_matrix(base_.kind(), points(), candidates_, l, s) -
                               at::mm(l21(), candidate_v1_));  // [k x c]
    candidate_v2_.slice(0, 0, added_).copy_(v2);
    candidate_mean_.add_(at::mv(v2.transpose(0, 1), beta2()));
    candidate_variance_.sub_(v2.square().sum(0));
  }
  candidate_variance_.clamp_min_(0.0);
}

at::Tensor IncrementalGp::factor() const {
  const int64_t n = base_.size(), k = added_;
  at::Tensor full = at::zeros({n + k, n + k}, l11_.options());
  full.slice(0, 0, n).slice(1, 0, n).copy_(l11_);
  full.slice(0, n, n + k).slice(1, 0, n).copy_(l21());
  full.slice(0, n, n + k).slice(1, n, n + k).copy_(l22());
  return full;
}

}  // namespace spikefit::surrogate
