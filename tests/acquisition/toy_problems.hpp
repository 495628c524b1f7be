#pragma once

// Test functions and a small BO loop for the strategy tests (minimised, inputs in [0, 1]^d).

#include <ATen/ATen.h>

#include <cmath>
#include <functional>
#include <string>

#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/strategies.hpp"
#include "spikefit/surrogate/exact_gp.hpp"
#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::acquisition::testing {

using Objective = std::function<at::Tensor(const at::Tensor&)>;  // [n x d] -> [n]

// Branin on [-5, 10] x [0, 15], minimum 0.397887.
inline at::Tensor branin(const at::Tensor& u) {
  const at::Tensor x1 = 15.0 * u.select(1, 0) - 5.0;
  const at::Tensor x2 = 15.0 * u.select(1, 1);
  const double b = 5.1 / (4.0 * M_PI * M_PI), c = 5.0 / M_PI, t = 1.0 / (8.0 * M_PI);
  return (x2 - b * x1.pow(2) + c * x1 - 6.0).pow(2) + 10.0 * (1.0 - t) * at::cos(x1) + 10.0;
}

// Hartmann6 on [0, 1]^6, minimum -3.32237.
inline at::Tensor hartmann6(const at::Tensor& x) {
  const at::Tensor alpha = at::tensor({1.0, 1.2, 3.0, 3.2}, at::kDouble);
  const at::Tensor a =
      at::tensor({10.0, 3.0, 17.0, 3.5,  1.7,  8.0, 0.05, 10.0, 17.0, 0.1,  8.0, 14.0,
                  3.0,  3.5, 1.7,  10.0, 17.0, 8.0, 17.0, 8.0,  0.05, 10.0, 0.1, 14.0},
                 at::kDouble)
          .reshape({4, 6});
  const at::Tensor p = at::tensor({1312.0, 1696.0, 5569.0, 124.0,  8283.0, 5886.0, 2329.0, 4135.0,
                                   8307.0, 3736.0, 1004.0, 9991.0, 2348.0, 1451.0, 3522.0, 2883.0,
                                   3047.0, 6650.0, 4047.0, 8828.0, 8732.0, 5743.0, 1091.0, 381.0},
                                  at::kDouble)
                           .reshape({4, 6}) *
                       1e-4;
  const at::Tensor diff = x.unsqueeze(1) - p.unsqueeze(0);         // [n x 4 x 6]
  const at::Tensor inner = (a.unsqueeze(0) * diff.pow(2)).sum(2);  // [n x 4]
  return -(alpha.unsqueeze(0) * at::exp(-inner)).sum(1);           // [n]
}

// A fixed-hyperparameter Matern-5/2 GP on x [n x d], y [n].
inline surrogate::ExactGp fixed_gp(const at::Tensor& x, const at::Tensor& y,
                                   double lengthscale = 0.3) {
  return surrogate::ExactGp(surrogate::KernelKind::kMatern52, x, y,
                            surrogate::GpHyperparameters::make(x.size(1), lengthscale, 1.0, 1e-4));
}

// n0 Sobol points, then `rounds` batches of q from the strategy, the GP refitted (MAP) on the
// standardised values each round. Returns the best value found.
inline double run_bo(const std::string& strategy, const Objective& f, int64_t d, int64_t n0,
                     int64_t q, int64_t rounds, uint64_t seed, const nlohmann::json& options) {
  at::Tensor x = space_filling(n0, d, seed);
  at::Tensor y = f(x);
  auto s = make_strategy(strategy, d, options);
  for (int64_t r = 0; r < rounds; ++r) {
    const surrogate::Standardize standardize = surrogate::Standardize::fit(y);
    const at::Tensor ys = standardize.apply(y);
    surrogate::ExactGp gp(surrogate::KernelKind::kMatern52, x, ys,
                          surrogate::GpHyperparameters::make(d, 0.5, 1.0, 1e-3));
    surrogate::GpFitOptions fit;
    fit.restarts = 2;
    fit.max_iterations = 100;
    fit.seed = static_cast<uint64_t>(r);
    gp.fit(fit);
    ModelSet models{x, ys, &gp, nullptr};
    ProposeRequest request;
    request.q = q;
    request.seed = derive_seed(seed, static_cast<uint64_t>(r));
    const Proposal p = s->propose(models, request);
    x = at::cat({x, p.x});
    y = at::cat({y, f(p.x)});
  }
  return y.min().item<double>();
}

// The best of n Sobol points (the same design the BO loop starts from, extended).
inline double sobol_best(const Objective& f, int64_t d, int64_t n, uint64_t seed) {
  return f(space_filling(n, d, seed)).min().item<double>();
}

}  // namespace spikefit::acquisition::testing
