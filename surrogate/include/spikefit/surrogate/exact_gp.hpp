#pragma once

#include <ATen/ATen.h>

#include <cstdint>

#include "spikefit/surrogate/cholesky.hpp"
#include "spikefit/surrogate/kernels.hpp"

namespace spikefit::surrogate {

// Hyperparameters of an exact GP with a constant mean, stored as unconstrained tensors:
// log lengthscales [d], log outputscale [], log noise variance [], mean [].
struct GpHyperparameters {
  at::Tensor log_lengthscales;
  at::Tensor log_outputscale;
  at::Tensor log_noise;  // noise variance = noise_floor + exp(log_noise)
  at::Tensor mean;
  double noise_floor = 1e-6;

  // Hyperparameters with the given values (noise is the total variance, above the floor).
  static GpHyperparameters make(int64_t dims, double lengthscale, double outputscale, double noise,
                                double mean = 0.0, double noise_floor = 1e-6);
  at::Tensor lengthscales() const { return log_lengthscales.exp(); }
  at::Tensor outputscale() const { return log_outputscale.exp(); }
  at::Tensor noise_variance() const { return log_noise.exp() + noise_floor; }
  std::vector<at::Tensor> tensors() const;
};

// The posterior of the latent function at m test points.
struct GpPosterior {
  at::Tensor mean;        // [m]
  at::Tensor variance;    // [m], latent (without observation noise)
  at::Tensor covariance;  // [m x m], when asked for
};

struct GpFitOptions {
  bool use_priors = true;  // BoTorch >= 0.12 priors (MAP); false: maximum likelihood
  int restarts = 4;        // L-BFGS runs: the current values, then starts sampled from the priors
  int max_iterations = 200;
  uint64_t seed = 0;
};

// Exact GP regression (float64) with a Matern-5/2 or RBF ARD kernel, a constant mean and
// homoscedastic Gaussian noise; the training data are used as given (normalise and standardise
// before).
class ExactGp {
 public:
  ExactGp(KernelKind kind, at::Tensor train_x, at::Tensor train_y, GpHyperparameters h);

  // Log marginal likelihood log p(y | X, h), differentiable in the hyperparameters.
  at::Tensor log_marginal_likelihood() const;
  // log prior density of the hyperparameters: lengthscales LogNormal(sqrt(2) + log(d)/2, sqrt(3))
  // (dimension-scaled, BoTorch >= 0.12), noise LogNormal(-4, 1); outputscale and mean flat.
  at::Tensor log_prior() const;

  // Maximises log p(y|h) (+ log prior) with L-BFGS from several starts and keeps the best;
  // returns the objective reached.
  double fit(const GpFitOptions& options);

  GpPosterior posterior(const at::Tensor& test_x, bool with_covariance = false) const;

  // The same GP conditioned on m more observations (pending points with fantasy values)
  // [m x d], [m]: the Cholesky factor is extended by a block instead of refactorised
  // (O(n^2 m + m^3) instead of O((n + m)^3)); hyperparameters are shared, not refitted.
  ExactGp extended(const at::Tensor& new_x, const at::Tensor& new_y) const;

  const GpHyperparameters& hyperparameters() const { return h_; }
  int64_t dims() const { return x_.size(1); }

 private:
  // L of K(X, X) + noise I, with the jitter escalation of robust_cholesky (differentiable).
  at::Tensor training_cholesky() const;
  // The same without gradients, computed once per set of hyperparameters (fit() clears it; the
  // posterior uses it, so change hyperparameters through fit()).
  const at::Tensor& cached_cholesky() const;
  mutable at::Tensor cholesky_cache_;
  KernelKind kind_;
  at::Tensor x_;  // [n x d]
  at::Tensor y_;  // [n]
  GpHyperparameters h_;
};

}  // namespace spikefit::surrogate
