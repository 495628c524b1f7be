#pragma once

#include <ATen/ATen.h>

#include <cstdint>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::surrogate {

// Approximate posterior sample paths of an ExactGp as explicit functions of x (pathwise
// conditioning, Wilson et al. 2020, BoTorch's sampling/pathwise): a prior path from random
// Fourier features, f~(x) = phi(x)^T w with phi(x) = sqrt(2 s / F) cos(Omega x + b), updated by
// Matheron's rule, f(x) = f~(x) + k(x, X) (K + Sigma)^-1 (y - mean - f~(X) - eps),
// eps ~ N(0, Sigma). Frequencies: Omega_j = z_j / l (z standard normal) for RBF, and z_j / l
// times sqrt(5 / u_j), u_j ~ chi^2(5), for Matern 5/2 (its spectral density is a Student t with
// 5 degrees of freedom). Each path can be maximised on its own (pathwise Thompson sampling).
class PathwiseSampler {
 public:
  PathwiseSampler(const ExactGp& gp, int64_t paths, int64_t features = 1024, uint64_t seed = 0);
  // Values of every path at x [m x d] -> [paths x m], differentiable in x.
  at::Tensor evaluate(const at::Tensor& x) const;
  // The prior feature map phi(x) [m x F] (phi(x) phi(x')^T approximates k(x, x')).
  at::Tensor features(const at::Tensor& x) const;
  int64_t paths() const { return weights_.size(0); }

 private:
  KernelKind kind_;
  at::Tensor train_x_;       // [n x d]
  at::Tensor lengthscales_;  // [d]
  at::Tensor outputscale_;   // []
  at::Tensor mean_;          // []
  at::Tensor frequencies_;   // Omega [F x d], in units of the scaled inputs x / l
  at::Tensor phases_;        // b [F]
  at::Tensor weights_;       // w [paths x F]
  at::Tensor update_;        // (K + Sigma)^-1 (y - mean - f~(X) - eps) [n x paths]
};

}  // namespace spikefit::surrogate
