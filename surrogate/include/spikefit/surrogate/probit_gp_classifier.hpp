#pragma once

#include <ATen/ATen.h>

#include <memory>

#include "spikefit/surrogate/exact_gp.hpp"
#include "spikefit/surrogate/feasibility_model.hpp"

namespace spikefit::surrogate {

// GP classifier with a probit likelihood p(y = +-1 | f) = Phi(y f), zero prior mean and a
// Matern-5/2 or RBF ARD prior covariance, by the Laplace approximation (Rasmussen & Williams,
// Gaussian Processes for ML, 2006, Alg. 3.1 for the posterior mode and the approximate log
// marginal likelihood, Alg. 3.2 for predictions; the probit makes the predictive integral exact:
// P(feasible | x) = Phi(mean / sqrt(1 + variance))). Hyperparameters (lengthscales, outputscale)
// are fitted by maximising the approximate marginal likelihood, whose gradient includes the
// dependence of the mode on the hyperparameters (obtained by differentiating one Newton step at
// the converged mode, whose derivative there equals the mode's).
class ProbitGpClassifier final : public FeasibilityModel {
 public:
  // x [n x d] unit cube, labels [n] (bool or 0/1, 1 = feasible); h gives the lengthscales and the
  // outputscale (its noise and mean are not used). No fit.
  ProbitGpClassifier(KernelKind kind, at::Tensor x, const at::Tensor& labels, GpHyperparameters h);
  // Matern-5/2 from lengthscales 0.5 and outputscale 4, fitted on construction.
  ProbitGpClassifier(const at::Tensor& x, const at::Tensor& labels,
                     const GpFitOptions& fit = GpFitOptions{});

  // Maximises log q(y | X, h) (+ the lengthscale prior of options.priors and a Gamma(2, 0.15)
  // outputscale prior) by L-BFGS from several starts, on a random subset of options.max_fit_points
  // points when n is larger; returns the objective reached.
  double fit(const GpFitOptions& options);
  const GpFitReport& last_fit() const { return last_fit_; }

  // log q(y | X, h), the Laplace approximation (R&W eq. 3.32), differentiable in h.
  at::Tensor approximate_log_marginal_likelihood() const;
  // log P(feasible) at x [m x d] -> [m], differentiable in x.
  at::Tensor log_probability(const at::Tensor& x) const override;
  // Approximate posterior of the latent f at x [m x d]: mean [m], variance [m].
  GpPosterior latent_posterior(const at::Tensor& x) const;
  // The posterior mode f^ at the training inputs [n].
  at::Tensor latent_mode() const;

  const GpHyperparameters& hyperparameters() const { return h_; }
  int64_t dims() const { return x_.size(1); }

 private:
  struct Mode {
    at::Tensor f;             // f^ [n]
    at::Tensor grad_log_lik;  // d log p(y | f) / df at f^ [n]
    at::Tensor sqrt_w;        // W^1/2 [n], W = -d^2 log p(y | f) / df^2
    at::Tensor factor;        // L [n x n], L L^T = I + W^1/2 K W^1/2
    double log_marginal = 0.0;
  };
  Mode find_mode(const at::Tensor& k) const;  // Newton iterations of Alg. 3.1, no gradients
  const Mode& mode() const;                   // at the current hyperparameters, cached
  at::Tensor kernel(const at::Tensor& x1, const at::Tensor& x2) const;
  mutable std::shared_ptr<const Mode> mode_;
  KernelKind kind_;
  at::Tensor x_;      // [n x d]
  at::Tensor signs_;  // labels as -1 / +1 [n]
  GpHyperparameters h_;
  GpFitReport last_fit_;
};

}  // namespace spikefit::surrogate
