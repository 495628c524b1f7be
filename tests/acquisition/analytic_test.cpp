#include "spikefit/acquisition/analytic.hpp"
#include "spikefit/surrogate/exact_gp.hpp"
#include "spikefit/surrogate/feasibility_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace spikefit::acquisition {
namespace {

double phi(double z) {
  return std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI);
}
double cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

at::Tensor scalar(double v) {
  return at::full({1}, v, at::kDouble);
}

TEST(LogEi, MatchesTheClosedFormAcrossTheBody) {
  const double sigma = 0.7, best = 1.0;
  for (double z = -5.0; z <= 5.0; z += 0.25) {
    const double mean = best - z * sigma;
    const double closed = std::log(sigma * (z * cdf(z) + phi(z)));
    EXPECT_NEAR(log_expected_improvement(scalar(mean), scalar(sigma), best).item<double>(), closed,
                1e-10)
        << "z " << z;
  }
}

TEST(LogEi, StaysAccurateAndDifferentiableFarInTheTail) {
  // h(z) = phi(z) z^-2 (1 - 3/z^2 + 15/z^4 - ...) for z -> -inf
  for (double z : {-30.0, -300.0, -3e4}) {
    at::Tensor mean = scalar(-z);  // best 0, sigma 1
    mean.requires_grad_(true);
    const at::Tensor value = log_expected_improvement(mean, scalar(1.0), 0.0);
    const double asymptote = -0.5 * z * z - 0.5 * std::log(2 * M_PI) - 2 * std::log(-z) +
                             std::log1p(-3 / (z * z) + 15 / std::pow(z, 4));
    EXPECT_NEAR(value.item<double>(), asymptote, 1e-8 * std::fabs(asymptote)) << "z " << z;
    value.backward();
    const double gradient = mean.grad().item<double>();
    EXPECT_TRUE(std::isfinite(gradient)) << "z " << z;
    EXPECT_LT(gradient, 0.0);  // a larger predicted cost is worse
  }
  EXPECT_TRUE(
      std::isfinite(log_expected_improvement(scalar(1e9), scalar(1.0), 0.0).item<double>()));
}

TEST(LogPi, MatchesLogPhiAndItsTail) {
  for (double z : {-3.0, 0.0, 2.0}) {
    EXPECT_NEAR(log_probability_of_improvement(scalar(-z), scalar(1.0), 0.0).item<double>(),
                std::log(cdf(z)), 1e-12);
  }
  // Phi(z) ~ phi(z) / |z| (1 - 1/z^2) far in the tail
  const double z = -40;
  EXPECT_NEAR(log_probability_of_improvement(scalar(-z), scalar(1.0), 0.0).item<double>(),
              -0.5 * z * z - 0.5 * std::log(2 * M_PI) - std::log(-z) + std::log1p(-1 / (z * z)),
              1e-4);
}

TEST(ConfidenceBound, IsTheNegatedLowerBound) {
  EXPECT_DOUBLE_EQ(negative_lower_confidence_bound(scalar(2.0), scalar(0.5), 4.0).item<double>(),
                   -(2.0 - 2.0 * 0.5));
}

TEST(LogPf, IsSnopsProbabilityOfFeasibility) {
  // SNOPS: P = Phi((mu_g - 0.5) / sigma_g) from a GP on 0/1 labels
  EXPECT_NEAR(log_probability_of_feasibility(scalar(0.9), scalar(0.2)).item<double>(),
              std::log(cdf(2.0)), 1e-12);
  EXPECT_NEAR(log_probability_of_feasibility(scalar(0.5), scalar(1.0)).item<double>(),
              std::log(0.5), 1e-12);
}

}  // namespace
}  // namespace spikefit::acquisition

namespace spikefit::acquisition {
namespace {

TEST(Feasibility, SnopsLabelRegressionSeparatesAToyBoundary) {
  // SNOPS's feasibility model: a GP regression on 0/1 labels of all evaluated points; P(feasible)
  // = Phi((mu - 0.5) / sigma) with sigma including the observation noise.
  const at::Tensor x = at::linspace(0, 1, 21, at::kDouble).unsqueeze(1);
  const at::Tensor labels = x.squeeze(1) < 0.5;
  surrogate::GpFitOptions options;
  options.seed = 1;
  const surrogate::LabelGpFeasibility model(x, labels, options);
  const at::Tensor probe = at::tensor({0.1, 0.45, 0.55, 0.9}, at::kDouble).unsqueeze(1);
  const at::Tensor pf = model.log_probability(probe).exp();
  EXPECT_GT(pf[0].item<double>(), 0.9);
  EXPECT_GT(pf[1].item<double>(), pf[2].item<double>());
  EXPECT_LT(pf[3].item<double>(), 0.1);

  // The model's value is the acquisition's LogPF of its own GP's predictive distribution.
  const surrogate::GpPosterior p = model.gp().posterior(probe);
  const at::Tensor sigma = (p.variance + model.gp().hyperparameters().noise_variance()).sqrt();
  EXPECT_LT((model.log_probability(probe) - log_probability_of_feasibility(p.mean, sigma))
                .abs()
                .max()
                .item<double>(),
            1e-12);

  // Differentiable in x, for the acquisition optimiser: the gradient points into the feasible side.
  const at::Tensor at_boundary = at::full({1, 1}, 0.5, at::kDouble).requires_grad_(true);
  model.log_probability(at_boundary).sum().backward();
  EXPECT_LT(at_boundary.grad().item<double>(), 0.0);
}

}  // namespace
}  // namespace spikefit::acquisition
