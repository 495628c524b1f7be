#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "spikefit/surrogate/cholesky.hpp"
#include "spikefit/surrogate/kernels.hpp"
#include "spikefit/surrogate/posterior_model.hpp"
#include "spikefit/surrogate/priors.hpp"

namespace spikefit::surrogate {

// Hyperparameters of an exact GP with a constant mean, stored as unconstrained tensors:
// log lengthscales [d], log outputscale [], log noise variance [], mean [].
// Copies share the tensors (an ExactGp and the GpHyperparameters it was built from see the same
// values); clone() gives independent ones, e.g. to warm-start the next round's model.
struct GpHyperparameters {
  at::Tensor log_lengthscales;
  at::Tensor log_outputscale;
  at::Tensor log_noise;  // noise variance = noise_floor + exp(log_noise); unused with known noise
  at::Tensor mean;
  double noise_floor = 1e-6;

  // Hyperparameters with the given values (noise is the total variance, above the floor).
  static GpHyperparameters make(int64_t dims, double lengthscale, double outputscale, double noise,
                                double mean = 0.0, double noise_floor = 1e-6);
  at::Tensor lengthscales() const { return log_lengthscales.exp(); }
  at::Tensor outputscale() const { return log_outputscale.exp(); }
  at::Tensor noise_variance() const { return log_noise.exp() + noise_floor; }
  std::vector<at::Tensor> tensors() const;
  GpHyperparameters clone() const;
};

struct GpFitOptions {
  bool use_priors = true;  // MAP with the priors below; false: maximum likelihood
  PriorKind priors = PriorKind::kDimensionScaledLogNormal;
  int restarts = 4;  // L-BFGS runs: the current values (warm start), then starts from the priors
  int max_iterations = 200;  // L-BFGS iterations per start
  // Lower bounds the ExactGp fit keeps (BoTorch's GreaterThan constraints; specs/bo_gp.md §0):
  // every lengthscale (inputs in the unit cube) and the learned noise variance (standardised
  // outputs; the hyperparameters' noise_floor stays a floor as well). <= 0: no bound.
  double min_lengthscale = 0.025;
  double min_noise = 1e-4;
  double time_budget_s = 0.0;  // wall time for the whole fit, checked per evaluation; <= 0: none
  // A start ends when the gradient norm falls below gradient_tolerance or the objective changes
  // by less than relative_tolerance * max(|objective|, 1) over 3 iterations.
  double gradient_tolerance = 1e-3;
  double relative_tolerance = 1e-9;
  // LibTorch intra-op threads during the fit (restored after); BLAS/LAPACK keep their own pool.
  // One thread avoids the two pools oversubscribing a small CPU (bench/results/surrogate_*).
  // <= 0: leave the setting alone.
  int intra_op_threads = 1;
  // Above this many training points the hyperparameters are fitted on a subset (the GP still
  // conditions on all points): the best (lowest y) subset_best_fraction of it plus a seeded
  // random draw of the rest. <= 0: always all points.
  int64_t max_fit_points = 1000;
  double subset_best_fraction = 0.2;
  uint64_t seed = 0;
};

// What the last fit() did.
struct GpFitReport {
  double objective = 0.0;  // log p(y | h) (+ log prior) reached, on the fitted points
  int starts_run = 0;
  int evaluations = 0;  // of the objective and its gradient
  int64_t fit_points = 0;
  bool budget_exhausted = false;  // stopped by the time budget
  double seconds = 0.0;
};

// Exact GP regression (float64) with a Matern-5/2 or RBF ARD kernel, a constant mean and Gaussian
// noise: learned homoscedastic noise, or known per-point noise variances (BoTorch's SingleTaskGP
// with train_Yvar: fixed, not learned). The training data are used as given (normalise and
// standardise before; standardise the variances with the same scale).
class ExactGp final : public PosteriorModel {
 public:
  ExactGp(KernelKind kind, at::Tensor train_x, at::Tensor train_y, GpHyperparameters h);
  // Known noise: train_yvar [n] observation-noise variances (>= 0), e.g. squared standard errors
  // of replicate means.
  ExactGp(KernelKind kind, at::Tensor train_x, at::Tensor train_y, at::Tensor train_yvar,
          GpHyperparameters h);

  // Log marginal likelihood log p(y | X, h), differentiable in the hyperparameters.
  at::Tensor log_marginal_likelihood() const;
  // log prior density of the hyperparameters (priors.hpp); the noise term only when the noise is
  // learned. The no-argument form is the default kind (dimension-scaled log-normal).
  at::Tensor log_prior(PriorKind kind) const;
  at::Tensor log_prior() const { return log_prior(PriorKind::kDimensionScaledLogNormal); }

  // Maximises log p(y|h) (+ log prior) with L-BFGS from several starts and keeps the best;
  // returns the objective reached. The first start is the current values, so refitting a model
  // built from a previous round's hyperparameters is a warm start.
  double fit(const GpFitOptions& options);
  const GpFitReport& last_fit() const { return last_fit_; }

  // Posterior at test_x [m x d], differentiable in test_x; without covariance, large m is
  // processed in chunks.
  GpPosterior posterior(const at::Tensor& test_x, bool with_covariance = false) const override;

  // The same GP conditioned on m more observations (pending points with fantasy values)
  // [m x d], [m]: the Cholesky factor is extended by a block instead of refactorised
  // (O(n^2 m + m^3) instead of O((n + m)^3)); hyperparameters are shared, not refitted.
  // With known noise the new points take new_yvar [m], by default the mean training variance
  // (what BoTorch's fantasize does).
  ExactGp extended(const at::Tensor& new_x, const at::Tensor& new_y,
                   const at::Tensor& new_yvar = at::Tensor()) const;

  const GpHyperparameters& hyperparameters() const { return h_; }
  KernelKind kind() const { return kind_; }
  int64_t dims() const override { return x_.size(1); }
  int64_t size() const { return x_.size(0); }
  const at::Tensor& train_x() const { return x_; }
  const at::Tensor& train_y() const { return y_; }
  bool known_noise() const { return yvar_.defined(); }
  // Observation-noise variances [n]: the known ones, or the learned one repeated.
  at::Tensor noise_variances() const;
  // L [n x n] with L L^T = K(X, X) + noise (+ jitter), the cached factor the posterior uses.
  const at::Tensor& posterior_factor() const { return conditioning().factor; }

  // PosteriorModel: a copy; sample_posterior; the ARD lengthscales; extended() at the posterior
  // mean; IncrementalGp.
  std::unique_ptr<PosteriorModel> clone() const override;
  at::Tensor sample(const at::Tensor& x, int64_t samples, uint64_t seed,
                    const PosteriorSamplerOptions& options) const override;
  at::Tensor lengthscales() const override { return h_.lengthscales(); }
  std::unique_ptr<PosteriorModel> believer(const at::Tensor& x) const override;
  IncrementalGp incremental() const override;

 private:
  struct Conditioning {
    at::Tensor factor;  // L [n x n], L L^T = K(X, X) + noise (+ jitter)
    at::Tensor alpha;   // (K + noise)^-1 (y - mean) [n]
  };
  // Computed without gradients once per set of hyperparameters (fit() clears it; the posterior
  // uses it, so change hyperparameters through fit()).
  const Conditioning& conditioning() const;
  ExactGp fit_subset_model(const GpFitOptions& options) const;
  mutable Conditioning cache_;
  KernelKind kind_;
  at::Tensor x_;     // [n x d]
  at::Tensor y_;     // [n]
  at::Tensor yvar_;  // [n], undefined when the noise is learned
  GpHyperparameters h_;
  GpFitReport last_fit_;
};

}  // namespace spikefit::surrogate
