#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <functional>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::surrogate {

// Variance-based sensitivity indices of a function on the unit cube [0, 1]^d with independent
// uniform inputs.
struct SobolIndices {
  at::Tensor first_order;  // S_i [d]: share of the variance explained by x_i alone
  at::Tensor total;        // ST_i [d]: share involving x_i (alone or in interactions)
  double variance = 0.0;   // of the function
};

// Saltelli et al. (2010) estimators: A, B [N x d] from one unscrambled Sobol sequence in 2d
// dimensions (its first N points after the origin), AB_i = A with column i from B;
// S_i = mean(f(B) (f(AB_i) - f(A))) / V (Saltelli 2010), ST_i = mean((f(A) - f(AB_i))^2) / (2V)
// (Jansen 1999), V the variance of f over A and B. f maps [m x d] -> [m]; it is called on
// N (d + 2) points, in blocks of N.
SobolIndices sobol_indices(const std::function<at::Tensor(const at::Tensor&)>& f, int64_t dims,
                           int64_t samples = 8192);

// Which parameters a fitted model depends on.
struct ParameterImportance {
  at::Tensor inverse_lengthscale;  // [d], 1 / l_d normalised to sum to 1 (ARD relevance)
  SobolIndices sobol;              // of the posterior mean
};

ParameterImportance parameter_importance(const ExactGp& gp, int64_t samples = 8192);

}  // namespace spikefit::surrogate
