#pragma once

#include <ATen/ATen.h>
#include <gtest/gtest.h>

namespace spikefit::testing {

// The autograd gradient `analytic` [1 x d] of the scalar f at probe [1 x d] against central
// differences with step 1e-6, each component within `tolerance`.
template <typename F>
void expect_gradient_near(F f, const at::Tensor& probe, const at::Tensor& analytic,
                          double tolerance) {
  at::NoGradGuard no_grad;
  const double eps = 1e-6;
  for (int64_t d = 0; d < probe.size(1); ++d) {
    at::Tensor up = probe.detach().clone(), down = probe.detach().clone();
    up[0][d] += eps;
    down[0][d] -= eps;
    const at::Tensor difference = f(up) - f(down);
    const double numeric = difference.item<double>() / (2 * eps);
    EXPECT_NEAR(analytic[0][d].item<double>(), numeric, tolerance) << d;
  }
}

}  // namespace spikefit::testing
