#include "sparse_gp.hpp"

#include <torch/optim/lbfgs.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "gp_hyperparameters_json.hpp"
#include "inducing_points.hpp"
#include "spikefit/surrogate/kernels.hpp"
#include "tensor_json.hpp"

namespace spikefit::emulator {

namespace {

constexpr auto kKernel = surrogate::KernelKind::kMatern52;
constexpr double kNoiseFloor = 1e-4;         // of the standardised output, as ExactGp's min_noise
constexpr double kRelativeJitter = 1e-6;     // added to K_uu's diagonal, times the outputscale
constexpr int kIterationsPerStep = 10;       // L-BFGS iterations between snapshots
constexpr int64_t kMaxStartFitPoints = 500;  // of the exact GP fit that starts the bound's

struct Collapsed {
  at::Tensor bound;      // F []
  at::Tensor factor_uu;  // L [M x M]
  at::Tensor factor_b;   // L_B [M x M]
  at::Tensor c;          // [M]
};

at::Tensor lower_solve(const at::Tensor& factor, const at::Tensor& rhs) {
  return at::linalg_solve_triangular(factor, rhs, /*upper=*/false);
}

at::Tensor inducing_kernel(const at::Tensor& z, const surrogate::GpHyperparameters& h) {
  const at::Tensor s = h.outputscale();
  const at::Tensor jitter = kRelativeJitter * s.detach();
  return surrogate::kernel_matrix(kKernel, z, z, h.lengthscales(), s) +
         jitter * at::eye(z.size(0), z.options());
}

// F and the factors the prediction needs; x [n x d], y [n], z [M x d]. Differentiable.
Collapsed collapsed_bound(const at::Tensor& x, const at::Tensor& y, const at::Tensor& z,
                          const surrogate::GpHyperparameters& h) {
  const auto n = static_cast<double>(x.size(0));
  const at::Tensor s = h.outputscale();
  const at::Tensor noise = h.noise_variance();
  const at::Tensor factor_uu = at::linalg_cholesky(inducing_kernel(z, h));
  const at::Tensor a =
      lower_solve(factor_uu, surrogate::kernel_matrix(kKernel, z, x, h.lengthscales(), s)) /
      noise.sqrt();                    // [M x n]
  const at::Tensor aat = a.mm(a.t());  // [M x M]
  const at::Tensor factor_b = at::linalg_cholesky(aat + at::eye(z.size(0), z.options()));
  const at::Tensor residual = y - h.mean;
  const at::Tensor c =
      lower_solve(factor_b, a.mv(residual).unsqueeze(1)).squeeze(1) / noise.sqrt();  // [M]
  const at::Tensor bound = -0.5 * n * std::log(2.0 * M_PI) - factor_b.diagonal().log().sum() -
                           0.5 * n * noise.log() - 0.5 * residual.dot(residual) / noise +
                           0.5 * c.dot(c) - 0.5 * n * s / noise + 0.5 * aat.trace();
  return {bound, factor_uu, factor_b, c};
}

// The exact GP's MAP hyperparameters on a subset, with the noise re-expressed above kNoiseFloor.
surrogate::GpHyperparameters starting_hyperparameters(const at::Tensor& x, const at::Tensor& y,
                                                      const SparseGpOptions& options) {
  surrogate::ExactGp gp(kKernel, x, y,
                        surrogate::GpHyperparameters::make(x.size(1), 0.5, 1.0, 0.1));
  surrogate::GpFitOptions fit;
  fit.seed = options.seed;
  fit.restarts = 1;  // a start for the bound's own optimisation, which moves it further
  fit.relative_tolerance = 1e-6;
  fit.max_fit_points = std::min<int64_t>(options.max_fit_points, kMaxStartFitPoints);
  fit.subset_best_fraction = 0.0;
  fit.intra_op_threads = options.threads;
  gp.fit(fit);
  surrogate::GpHyperparameters h = gp.hyperparameters().clone();
  const double noise = h.noise_variance().item<double>();
  h.noise_floor = kNoiseFloor;
  h.log_noise.fill_(std::log(std::max(noise - kNoiseFloor, 1e-8)));
  return h;
}

}  // namespace

SparseGp::SparseGp(at::Tensor z, surrogate::GpHyperparameters h, at::Tensor factor_uu,
                   at::Tensor factor_b, at::Tensor c)
    : z_(std::move(z)),
      h_(std::move(h)),
      factor_uu_(std::move(factor_uu)),
      factor_b_(std::move(factor_b)),
      c_(std::move(c)) {}

SparseGp SparseGp::fit(const at::Tensor& x, const at::Tensor& y, const SparseGpOptions& options,
                       TrainingClock& clock) {
  surrogate::GpHyperparameters h = starting_hyperparameters(x, y, options);
  at::Tensor z = kmeans_plus_plus_centres(x, options.inducing_points, options.seed);
  std::vector<at::Tensor> parameters = h.tensors();
  parameters.push_back(z);
  for (auto& p : parameters) p.requires_grad_(true);

  torch::optim::LBFGS lbfgs(parameters, torch::optim::LBFGSOptions(1.0)
                                            .max_iter(kIterationsPerStep)
                                            .history_size(20)
                                            .line_search_fn("strong_wolfe"));
  const double n = static_cast<double>(x.size(0));
  int evaluations = 0;
  auto closure = [&] {
    lbfgs.zero_grad();
    at::Tensor loss = -collapsed_bound(x, y, z, h).bound / n;
    loss.backward();
    ++evaluations;
    clock.step_done();
    return loss;
  };
  // L-BFGS in steps of a few iterations, each from a snapshot it returns to when the bound fails
  // (a Cholesky factor lost, a non-finite value); a step of one evaluation has converged.
  for (int done = 0; done < options.iterations; done += kIterationsPerStep) {
    std::vector<at::Tensor> snapshot;
    for (const auto& p : parameters) snapshot.push_back(p.detach().clone());
    const int before = evaluations;
    bool failed = false;
    try {
      failed = !std::isfinite(lbfgs.step(closure).item<double>());
    } catch (const c10::Error&) {
      failed = true;
    }
    if (failed) {
      at::NoGradGuard no_grad;
      for (std::size_t k = 0; k < parameters.size(); ++k) parameters[k].copy_(snapshot[k]);
      break;
    }
    if (evaluations - before <= 1) break;
  }
  at::NoGradGuard no_grad;
  for (auto& p : parameters) p.requires_grad_(false);
  Collapsed final_terms = collapsed_bound(x, y, z, h);
  return SparseGp(z, h, final_terms.factor_uu, final_terms.factor_b, final_terms.c);
}

std::pair<at::Tensor, at::Tensor> SparseGp::predict(const at::Tensor& x) const {
  const at::Tensor k_us = surrogate::kernel_matrix(kKernel, z_, x, h_.lengthscales(),
                                                   h_.outputscale());  // [M x t]
  const at::Tensor t1 = lower_solve(factor_uu_, k_us);
  const at::Tensor t2 = lower_solve(factor_b_, t1);
  const at::Tensor mean = t2.t().mv(c_) + h_.mean;
  const at::Tensor latent =
      (h_.outputscale() - t1.square().sum(0) + t2.square().sum(0)).clamp_min(0.0);
  return {mean, latent + h_.noise_variance()};
}

nlohmann::json SparseGp::to_json() const {
  return {{"inducing_points", tensor_to_json(z_)},
          {"hyperparameters", hyperparameters_to_json(h_)},
          {"factor_uu", tensor_to_json(factor_uu_)},
          {"factor_b", tensor_to_json(factor_b_)},
          {"c", tensor_to_json(c_)}};
}

SparseGp SparseGp::from_json(const nlohmann::json& document) {
  at::Tensor z = tensor_from_json(document.at("inducing_points"));
  surrogate::GpHyperparameters h = hyperparameters_from_json(document.at("hyperparameters"));
  at::Tensor factor_uu = tensor_from_json(document.at("factor_uu"));
  at::Tensor factor_b = tensor_from_json(document.at("factor_b"));
  at::Tensor c = tensor_from_json(document.at("c"));
  if (z.dim() != 2 || h.log_lengthscales.size(0) != z.size(1)) {
    throw std::runtime_error("sparse GP: stored inducing points and lengthscales disagree");
  }
  const int64_t m = z.size(0);
  if (factor_uu.sizes() != at::IntArrayRef{m, m} || factor_b.sizes() != at::IntArrayRef{m, m} ||
      c.sizes() != at::IntArrayRef{m}) {
    throw std::runtime_error("sparse GP: stored inducing points and factors disagree");
  }
  return SparseGp(z, h, factor_uu, factor_b, c);
}

}  // namespace spikefit::emulator
