#pragma once

#include <ATen/ATen.h>

#include <memory>

#include "spikefit/surrogate/exact_gp.hpp"
#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::surrogate {

// The objective model a batch is proposed from, one recipe for `fit` and `bench-bo`: the values
// standardised (Standardize), an exact Matern-5/2 ARD GP on them from the hyperparameters `start`
// (defaults, or the previous round's for a warm start), MAP-fitted with `options` (multistart
// L-BFGS, subset, time budget, seed).
struct ObjectiveModel {
  std::unique_ptr<ExactGp> gp;
  Standardize standardize;
};

// x [m x d] in the unit cube, y [m] finite (the feasible rows).
ObjectiveModel fit_objective_model(const at::Tensor& x, const at::Tensor& y,
                                   const GpHyperparameters& start, const GpFitOptions& options);

}  // namespace spikefit::surrogate
