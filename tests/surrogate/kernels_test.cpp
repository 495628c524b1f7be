#include "spikefit/surrogate/kernels.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace spikefit::surrogate {
namespace {

// The kernel from its textbook formula by broadcasting, differentiated by plain autograd
// (valid away from zero distance, where sqrt has a finite derivative).
at::Tensor explicit_kernel(KernelKind kind, const at::Tensor& x1, const at::Tensor& x2,
                           const at::Tensor& l, const at::Tensor& s) {
  const at::Tensor diff = (x1.unsqueeze(1) - x2.unsqueeze(0)) / l;  // [n x m x d]
  const at::Tensor r2 = diff.pow(2).sum(2);
  if (kind == KernelKind::kRbf) return s * at::exp(-0.5 * r2);
  const at::Tensor r = r2.sqrt();
  const double sqrt5 = std::sqrt(5.0);
  return s * (1 + sqrt5 * r + 5.0 / 3.0 * r2) * at::exp(-sqrt5 * r);
}

class KernelGradient : public ::testing::TestWithParam<KernelKind> {};

TEST_P(KernelGradient, HandWrittenBackwardEqualsAutogradOfTheFormula) {
  at::manual_seed(2);
  const at::Tensor weights = at::randn({6, 4}, at::kDouble);  // a generic loss sum(w * K)
  std::vector<at::Tensor> grads[2];
  for (int variant = 0; variant < 2; ++variant) {
    at::manual_seed(3);
    at::Tensor x1 = at::rand({6, 3}, at::kDouble).requires_grad_(true);
    at::Tensor x2 = at::rand({4, 3}, at::kDouble).requires_grad_(true);
    at::Tensor l = at::tensor({0.3, 0.5, 0.9}, at::kDouble).requires_grad_(true);
    at::Tensor s = at::full({}, 1.7, at::kDouble).requires_grad_(true);
    const at::Tensor k = variant == 0 ? kernel_matrix(GetParam(), x1, x2, l, s)
                                      : explicit_kernel(GetParam(), x1, x2, l, s);
    (weights * k).sum().backward();
    grads[variant] = {x1.grad(), x2.grad(), l.grad(), s.grad()};
  }
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_LT((grads[0][k] - grads[1][k]).abs().max().item<double>(), 1e-10) << k;
  }
}

TEST_P(KernelGradient, TrainingKernelLengthscaleGradientIsFiniteAndMatchesDifferences) {
  // K(X, X) has zero distances on its diagonal
  at::manual_seed(4);
  const at::Tensor x = at::rand({7, 2}, at::kDouble);
  const at::Tensor weights = at::rand({7, 7}, at::kDouble);
  const at::Tensor s = at::ones({}, at::kDouble);
  at::Tensor log_l = at::tensor({std::log(0.4), std::log(0.7)}, at::kDouble).requires_grad_(true);
  (weights * kernel_matrix(GetParam(), x, x, log_l.exp(), s)).sum().backward();
  const at::Tensor analytic = log_l.grad();
  ASSERT_TRUE(analytic.isfinite().all().item<bool>());
  at::NoGradGuard no_grad;
  const double eps = 1e-6;
  for (int d = 0; d < 2; ++d) {
    at::Tensor up = log_l.detach().clone(), down = log_l.detach().clone();
    up[d] += eps;
    down[d] -= eps;
    const double numeric = ((weights * kernel_matrix(GetParam(), x, x, up.exp(), s)).sum() -
                            (weights * kernel_matrix(GetParam(), x, x, down.exp(), s)).sum())
                               .item<double>() /
                           (2 * eps);
    EXPECT_NEAR(analytic[d].item<double>(), numeric, 1e-7) << d;
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, KernelGradient,
                         ::testing::Values(KernelKind::kMatern52, KernelKind::kRbf),
                         [](const ::testing::TestParamInfo<KernelKind>& param_info) {
                           return param_info.param == KernelKind::kRbf ? "Rbf" : "Matern52";
                         });

TEST(Kernels, RejectsMismatchedShapes) {
  const at::Tensor x = at::rand({3, 2}, at::kDouble);
  const at::Tensor s = at::ones({}, at::kDouble);
  EXPECT_THROW(kernel_matrix(KernelKind::kRbf, x, at::rand({3, 3}, at::kDouble),
                             at::ones({2}, at::kDouble), s),
               std::invalid_argument);
  EXPECT_THROW(kernel_matrix(KernelKind::kRbf, x, x, at::ones({3}, at::kDouble), s),
               std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::surrogate
