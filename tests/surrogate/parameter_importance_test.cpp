#include "spikefit/surrogate/parameter_importance.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace spikefit::surrogate {
namespace {

TEST(SobolIndices, IshigamiClosedForm) {
  // f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3 (Ishigami & Homma 1990)
  const double a = 7.0, b = 0.1, pi = M_PI;
  auto ishigami = [&](const at::Tensor& u) {
    const at::Tensor x = -pi + 2.0 * pi * u;
    const at::Tensor x1 = x.select(1, 0), x2 = x.select(1, 1), x3 = x.select(1, 2);
    return at::sin(x1) + a * at::sin(x2).pow(2) + b * x3.pow(4) * at::sin(x1);
  };
  const double v1 = 0.5 * std::pow(1.0 + b * std::pow(pi, 4) / 5.0, 2);
  const double v2 = a * a / 8.0;
  const double v13 = b * b * std::pow(pi, 8) * (1.0 / 18.0 - 1.0 / 50.0);
  const double v = v1 + v2 + v13;
  const SobolIndices s = sobol_indices(ishigami, 3, 1 << 14);
  EXPECT_NEAR(s.variance, v, 0.01 * v);
  const double first[3] = {v1 / v, v2 / v, 0.0};
  const double total[3] = {(v1 + v13) / v, v2 / v, v13 / v};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(s.first_order[i].item<double>(), first[i], 0.01) << i;
    EXPECT_NEAR(s.total[i].item<double>(), total[i], 0.01) << i;
  }
}

TEST(SobolIndices, RejectsAConstantFunction) {
  auto constant = [](const at::Tensor& u) { return at::ones({u.size(0)}, at::kDouble); };
  EXPECT_THROW(sobol_indices(constant, 2, 64), std::invalid_argument);
}

TEST(ParameterImportance, GpOfAnAdditiveLinearFunction) {
  // f = 2 x1 + x2 (x3 unused): S = (4/5, 1/5, 0), equal first-order and total indices
  at::manual_seed(21);
  const at::Tensor x = at::rand({80, 3}, at::kDouble);
  const at::Tensor y = 2.0 * x.select(1, 0) + x.select(1, 1);
  ExactGp gp(KernelKind::kMatern52, x, y, GpHyperparameters::make(3, 0.5, 1.0, 0.01));
  gp.fit(GpFitOptions{});
  const ParameterImportance importance = parameter_importance(gp, 4096);
  const double expected[3] = {0.8, 0.2, 0.0};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(importance.sobol.first_order[i].item<double>(), expected[i], 0.02) << i;
    EXPECT_NEAR(importance.sobol.total[i].item<double>(), expected[i], 0.02) << i;
  }
  EXPECT_NEAR(importance.sobol.variance, 5.0 / 12.0, 0.02);
  const at::Tensor relevance = importance.inverse_lengthscale;
  EXPECT_NEAR(relevance.sum().item<double>(), 1.0, 1e-12);
  EXPECT_GT(relevance[0].item<double>(), relevance[2].item<double>());
  EXPECT_GT(relevance[1].item<double>(), relevance[2].item<double>());
}

}  // namespace
}  // namespace spikefit::surrogate
